import Foundation
import Synchronization

/// The runs a command was given, local and remote, resolved to the paths the readers open: a
/// local path is itself; a remote one (`gpu1:training_logs/dqn`) is its local copy, kept by one
/// `RemoteFollower` per host (the runs named on the same host share its connection). The copies
/// live in a directory of this process under `$XDG_CACHE_HOME/nexlify-tui/remote/` (or
/// `~/.cache/…`), removed when it ends; copies left by a process that died are removed at the
/// next start.
///
/// ```swift
/// let runs = try RemoteRuns(arguments: ["gpu1:training_logs", "training_logs/dqn"], ssh: SSHCommand(command: nil))
/// try runs.catchUp()                   // fails with the host's problem in words
/// runs.paths                           // ["~/.cache/nexlify-tui/remote/12345/0/0", "training_logs/dqn"]
/// runs.hosts                           // ["gpu1", nil]
/// runs.start(interval: 2); defer { runs.stop() }
/// ```
public final class RemoteRuns {
    /// Where the run named by one argument is read.
    public struct Resolved: Sendable {
        /// What the user wrote.
        public let argument: String
        /// The remote location, nil for a local path.
        public let location: RemoteLocation?
        let follower: Int?
        let root: Int?
    }

    public let resolved: [Resolved]
    public let followers: [RemoteFollower]
    /// This process's directory of copies, when there are remote runs.
    public let directory: String?

    public init(arguments: [String], ssh: SSHCommand, cacheRoot: String = RemoteRuns.defaultCacheRoot) throws {
        var locations: [RemoteLocation?] = []
        for argument in arguments {
            do {
                locations.append(try RemoteLocation.parse(argument))
            } catch {
                throw RunLayout.Failure(description: "\(argument.debugDescription): \(error.description)")
            }
        }
        let links = locations.compactMap { $0?.link }.reduce(into: [RemoteLocation.Link]()) { if !$0.contains($1) { $0.append($1) } }
        guard !links.isEmpty else {
            resolved = arguments.map { Resolved(argument: $0, location: nil, follower: nil, root: nil) }
            followers = []
            directory = nil
            return
        }
        Self.removeAbandonedCopies(in: cacheRoot)
        let directory = (cacheRoot as NSString).appendingPathComponent(String(getpid()))
        var rootsByLink: [[String]] = Array(repeating: [], count: links.count)
        var resolved: [Resolved] = []
        for (argument, location) in zip(arguments, locations) {
            guard let location, let follower = links.firstIndex(of: location.link) else {
                resolved.append(Resolved(argument: argument, location: nil, follower: nil, root: nil))
                continue
            }
            var root = rootsByLink[follower].firstIndex(of: location.path)
            if root == nil {
                rootsByLink[follower].append(location.path)
                root = rootsByLink[follower].count - 1
            }
            resolved.append(Resolved(argument: argument, location: location, follower: follower, root: root))
        }
        self.resolved = resolved
        self.directory = directory
        Self.removeAtExit(directory)
        followers = try links.enumerated().map { index, link in
            try RemoteFollower(link: link, roots: rootsByLink[index], directory: (directory as NSString).appendingPathComponent(String(index)), ssh: ssh)
        }
    }

    deinit { removeCopies() }

    /// `$XDG_CACHE_HOME/nexlify-tui/remote`, else `~/.cache/nexlify-tui/remote`.
    public static var defaultCacheRoot: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
        return ((base as NSString).appendingPathComponent("nexlify-tui") as NSString).appendingPathComponent("remote")
    }

    /// Reads every remote run as it is now (`wholly`: to its end; otherwise one round trip, which
    /// lists every file); throws the first host's problem, in words.
    public func catchUp(wholly: Bool = true) throws(SSHLink.Failure) {
        for follower in followers { try follower.catchUp(wholly: wholly) }
        for item in resolved {
            guard let location = item.location, let follower = item.follower, let root = item.root else { continue }
            switch followers[follower].mirror.rootKinds[root] {
            case .missing?: throw SSHLink.Failure(description: "\(location.display): no such file or directory on \(location.host)", permanent: true)
            case .fifo?: throw SSHLink.Failure(description: "\(location.display): is a FIFO (named pipe), not a run directory or log file", permanent: true)
            case .other?: throw SSHLink.Failure(description: "\(location.display): is not a regular file or directory", permanent: true)
            default: break
            }
        }
    }

    /// Where each argument's run is read, in order.
    public var paths: [String] {
        resolved.map { item in
            guard let follower = item.follower, let root = item.root else { return item.argument }
            return followers[follower].mirror.localPath(ofRoot: root)
        }
    }

    /// The host of each argument's run (`gpu1`, or `gpu1:2222` on another port than ssh's
    /// default): nil for a local one.
    public var hosts: [String?] { resolved.map { $0.location.map { $0.host + ($0.port.map { ":\($0)" } ?? "") } } }

    /// Whether any run is on another machine.
    public var hasRemote: Bool { !followers.isEmpty }

    /// Keeps the copies up to date in the background.
    public func start(interval: Double) {
        for follower in followers { follower.start(interval: interval) }
    }

    /// Stops every follower without waiting.
    public func stop() {
        for follower in followers { follower.stop() }
    }

    /// What the status line says of links that are not up, joined.
    public func statusLine(now: Date) -> String? {
        let words = followers.compactMap { $0.statusLine(now: now) }
        return words.isEmpty ? nil : words.joined(separator: " · ")
    }

    /// The remote name of a local copy's path (for titles and tables), nil for a local path.
    public func display(of localPath: String) -> String? {
        for item in resolved {
            guard let location = item.location, let follower = item.follower, let root = item.root else { continue }
            let base = followers[follower].mirror.localPath(ofRoot: root)
            if localPath == base { return location.display }
            if localPath.hasPrefix(base + "/") { return location.display + localPath.dropFirst(base.count) }
        }
        return nil
    }

    /// Removes this process's copies (only its own numbered directory under the cache root).
    private func removeCopies() {
        stop()
        guard let directory, Self.isCopyDirectory(directory) else { return }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Copies still to be removed when the process exits (a `RemoteRuns` kept to the end, as
    /// `experiments --dir HOST:PATH` keeps its one, is never released).
    private static let leftAtExit = Mutex<[String]>([])

    private static func removeAtExit(_ directory: String) {
        let first = leftAtExit.withLock { list in
            list.append(directory)
            return list.count == 1
        }
        guard first else { return }
        atexit {
            for directory in RemoteRuns.leftAtExit.withLock({ $0 }) where RemoteRuns.isCopyDirectory(directory) {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }

    /// Removes copies whose process is gone: only entries of `cacheRoot` named by a number that
    /// is no running process's id.
    private static func removeAbandonedCopies(in cacheRoot: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cacheRoot)) ?? [] {
            guard let pid = Int32(name), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = (cacheRoot as NSString).appendingPathComponent(name)
            if isCopyDirectory(path) { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Whether `path` is a directory (not a link) named by a process id.
    private static func isCopyDirectory(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return false }
        return Int32((path as NSString).lastPathComponent) != nil
    }
}
