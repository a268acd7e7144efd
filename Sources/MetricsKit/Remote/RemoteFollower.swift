import Foundation
import Synchronization

/// Keeps the local copy (`RemoteMirror`) of every run named on one host up to date through one
/// long-lived `ssh` connection: one round trip per refresh, whatever the number of runs, asking
/// what changed and fetching only the new bytes. When the link fails (the connection drops, the
/// host reboots, the network stalls) the copy keeps what it has, the status says so in words,
/// and it tries again after 1, 2, 4 … up to 30 seconds; the new connection is told what the copy
/// holds (`RemoteMirror.knownLines`), so reading goes on at the offsets: nothing is fetched
/// twice, nothing is lost.
///
/// ```swift
/// let follower = try RemoteFollower(link: location.link, roots: ["training_logs"], directory: cache, ssh: SSHCommand(command: nil))
/// try follower.catchUp()                  // reads everything there is now (one-shot commands)
/// follower.start(interval: 2)             // then keeps reading in the background
/// follower.statusLine(now: Date())        // "gpu1: link down since 14:02, retrying in 8 s"
/// follower.stop()
/// ```
public final class RemoteFollower: @unchecked Sendable {
    /// How the link is doing.
    public enum State: Equatable, Sendable {
        case connecting
        case up
        /// Failed at `since` (still failing), next try at `retryAt`.
        case down(since: Date, retryAt: Date, reason: String, permanent: Bool)
    }

    /// The link's state and traffic, for the status line and the benchmark.
    public struct Status: Equatable, Sendable {
        public var state: State = .connecting
        public var rounds = 0
        public var bytesReceived = 0
        public var bytesSent = 0
        /// When the last reply was read whole.
        public var lastReply: Date?
    }

    public let link: RemoteLocation.Link
    public let mirror: RemoteMirror
    private let ssh: SSHCommand
    private let status = Mutex(Status())
    private let stopped = Atomic<Bool>(false)
    private let wake = NSCondition()
    private var connection: SSHLink?
    private var parser = RemoteReplyParser()
    private var sequence = 0
    private var failures = 0
    /// Bytes of connections that ended (the status counts all of them).
    private var earlierReceived = 0
    private var earlierSent = 0
    private var thread: Thread?
    /// Longest wait for a reply to make progress before the link is called stalled.
    static let replyTimeout: Duration = .seconds(30)
    static let maximumBackoff = 30.0

    public init(link: RemoteLocation.Link, roots: [String], directory: String, ssh: SSHCommand) throws {
        self.link = link
        self.ssh = ssh
        mirror = try RemoteMirror(directory: directory, roots: roots)
    }

    deinit { connection?.close() }

    public var currentStatus: Status { status.withLock { $0 } }

    /// Reads until the remote side has nothing more to send now (a one-shot command), or
    /// (`wholly` false) makes one round trip, which lists every file (the first look before a
    /// screen opens); throws when the host cannot be reached.
    public func catchUp(wholly: Bool = true) throws(SSHLink.Failure) {
        while try exchange(), wholly {}
    }

    /// Keeps the copy up to date in the background: a round trip every `interval` seconds, at
    /// once while a file has bytes left to send.
    public func start(interval: Double) {
        let thread = Thread { [self] in run(interval: interval) }
        thread.name = "nexlify-remote-\(link.host)"
        thread.stackSize = 1 << 20
        self.thread = thread
        thread.start()
    }

    /// Stops reading and ends the connection; never waits on the network.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    /// The status line's words for the link: nil while it is up.
    public func statusLine(now: Date) -> String? {
        switch currentStatus.state {
        case .up: return nil
        case .connecting: return "\(link): connecting"
        case .down(let since, let retryAt, let reason, let permanent):
            let retry = "retrying in \(max(1, Int((retryAt.timeIntervalSince(now)).rounded(.up)))) s"
            if permanent { return "\(reason); \(retry)" }
            return "\(link): link down since \(Self.clock(since)), \(retry)"
        }
    }

    private static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }

    private func run(interval: Double) {
        var more = false
        while !stopped.load(ordering: .relaxed) {
            if !more { pause(seconds: interval) }
            guard !stopped.load(ordering: .relaxed) else { break }
            do {
                more = try exchange()
            } catch {
                more = false
                guard !stopped.load(ordering: .relaxed) else { break }
                let wait = min(Self.maximumBackoff, pow(2, Double(min(failures, 10))))
                failures += 1
                let now = Date()
                status.withLock { current in
                    var since = now
                    if case .down(let start, _, _, _) = current.state { since = start }
                    current.state = .down(since: since, retryAt: now.addingTimeInterval(wait), reason: error.description, permanent: error.permanent)
                }
                pause(seconds: wait)
                more = true
            }
        }
        connection?.close()
        connection = nil
    }

    private func pause(seconds: Double) {
        wake.lock()
        if !stopped.load(ordering: .relaxed) { _ = wake.wait(until: Date(timeIntervalSinceNow: seconds)) }
        wake.unlock()
    }

    /// One round trip (connecting first when there is no connection); returns whether a file
    /// has bytes left to send.
    private func exchange() throws(SSHLink.Failure) -> Bool {
        do throws(SSHLink.Failure) {
            let fresh = connection == nil
            let link: SSHLink
            if let connection { link = connection } else { link = try connect() }
            var request = ""
            if fresh {
                for root in mirror.roots.indices { for line in mirror.knownLines(root: root) { request += line + "\n" } }
            }
            for line in mirror.takeCorrections() { request += line + "\n" }
            for (index, root) in mirror.roots.enumerated() { request += "R \(index) \(root)\n" }
            sequence += 1
            request += "Z \(sequence)\n"
            try link.send(request)
            while true {
                let record = try link.nextRecord(&parser, deadline: .now + Self.replyTimeout) { self.stopped.load(ordering: .relaxed) }
                if case .end(let number, let more) = record, number == sequence {
                    failures = 0
                    status.withLock {
                        $0.state = .up
                        $0.rounds += 1
                        $0.bytesReceived = earlierReceived + link.bytesReceived
                        $0.bytesSent = earlierSent + link.bytesSent
                        $0.lastReply = Date()
                    }
                    return more || mirror.hasCorrections
                }
                mirror.apply(record)
            }
        } catch {
            if let connection {
                earlierReceived += connection.bytesReceived
                earlierSent += connection.bytesSent
                connection.close()
            }
            connection = nil
            parser = RemoteReplyParser()
            throw error
        }
    }

    private func connect() throws(SSHLink.Failure) -> SSHLink {
        let link = try SSHLink(arguments: ssh.arguments(for: self.link, remoteCommand: RemoteAgent.remoteCommand), host: self.link.host)
        connection = link
        guard case .hello(let version) = try link.nextRecord(&parser, deadline: .now + .seconds(20), stop: { self.stopped.load(ordering: .relaxed) }),
              version == RemoteAgent.version else {
            throw SSHLink.Failure(description: "\(self.link.host): the remote reader did not start", permanent: true)
        }
        return link
    }
}
