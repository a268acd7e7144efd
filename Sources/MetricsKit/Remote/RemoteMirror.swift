import Foundation

/// The local copy of runs on another machine, kept by applying what the remote reader sends: a
/// file grows as the remote one grows, is truncated when it was, is replaced by a new file (a new
/// inode) when the remote one was rotated, takes the remote file's mtime, and goes when it goes.
/// So every log format reads a remote run through the same files, the same `FileTailer` and the
/// same rotation and truncation handling as a local one, and none of them knows the difference.
///
/// Each root is kept in `directory/<root>/`; a root that is a file is kept under its own name
/// there. Paths from the remote side are checked before anything is written or removed: relative,
/// no `.` or `..` or empty component, no NUL, at most `RemoteAgent.listingDepth` levels: nothing
/// outside the copy's directory is ever touched.
///
/// ```swift
/// let mirror = try RemoteMirror(directory: cache, roots: ["training_logs", "runs/a.jsonl"])
/// mirror.apply(.chunk(chunk))          // writes cache/0/dqn/episodes.jsonl
/// mirror.localPath(ofRoot: 1)          // cache/1/a.jsonl
/// mirror.knownLines(root: 0)           // ["K 0 1234 2048 1700000000 3015617425 dqn/episodes.jsonl"]
/// ```
public final class RemoteMirror {
    /// What the copy holds of one remote file.
    struct Held: Equatable {
        var inode: String
        var bytes: Int
        var modified: Int
    }

    public let directory: String
    /// The remote paths of the roots, by root number.
    public let roots: [String]
    /// What each root is on the remote side, once the first reply said.
    public private(set) var rootKinds: [Int: RemoteRecord.RootKind] = [:]
    /// What the reader must be told before its next round, by file: a chunk was not written
    /// (its bytes failed their check) or a write failed. The next request says what the copy
    /// holds (`K`) or, when that is unknown, asks for the file whole (`F`).
    private var corrections: [FileKey: Correction] = [:]
    private enum Correction { case held, whole }
    private struct FileKey: Hashable, Comparable {
        var root: Int
        var path: String
        static func < (a: FileKey, b: FileKey) -> Bool { (a.root, a.path) < (b.root, b.path) }
    }
    /// Paths the remote side sent that were refused (unsafe), for the status line.
    public private(set) var refusedPaths = 0
    /// Bytes written into the copy in all.
    public private(set) var bytesWritten = 0
    private var held: [Int: [String: Held]] = [:]
    /// The chunk read last, written once its checksum record says its bytes are what the file held.
    private var unchecked: RemoteRecord.Chunk?

    public init(directory: String, roots: [String]) throws {
        self.directory = directory
        self.roots = roots
        for index in roots.indices {
            try FileManager.default.createDirectory(atPath: rootDirectory(index), withIntermediateDirectories: true)
        }
    }

    /// Where the local copy of root `index` is read: its directory, or the file.
    public func localPath(ofRoot index: Int) -> String {
        // A file is kept under its name; a series is named beside its snapshots, as on the remote side.
        rootKinds[index] == .file || rootKinds[index] == .series
            ? (rootDirectory(index) as NSString).appendingPathComponent(fileRootName(index)) : rootDirectory(index)
    }

    private func rootDirectory(_ index: Int) -> String {
        (directory as NSString).appendingPathComponent(String(index))
    }

    private func fileRootName(_ index: Int) -> String {
        let name = (roots[index] as NSString).lastPathComponent
        return Self.components(of: name)?.count == 1 ? name : "log"
    }

    /// Applies one record; records of roots it does not have are ignored. A chunk is written when
    /// the checksum record after it matches its bytes.
    public func apply(_ record: RemoteRecord) {
        switch record {
        case .root(let index, let kind) where roots.indices.contains(index):
            rootKinds[index] = kind
        case .chunk(let chunk) where roots.indices.contains(chunk.root):
            unchecked = chunk
        case .checked(let index, let path, let checksum):
            guard let chunk = unchecked, chunk.root == index, chunk.path == path else { return }
            unchecked = nil
            if chunk.bytes.isEmpty || (checksum.map { POSIXChecksum.of(chunk.bytes) == $0 } ?? false) {
                write(chunk)
            } else {
                // Rewritten or renamed while it was sent: the copy stays as it was and the reader
                // is told so; it goes on from there (a rotated file's last bytes first).
                corrections[FileKey(root: index, path: path)] = held[index]?[path] == nil ? .whole : .held
            }
        case .fifo(let index, let path) where roots.indices.contains(index):
            guard let local = local(index, path) else { return }
            try? FileManager.default.createDirectory(atPath: (local as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if RegularFile.kindOfPath(local) == nil { mkfifo(local, 0o600) }
            held[index]?[path] = nil
        case .removed(let index, let path) where roots.indices.contains(index):
            guard let local = local(index, path) else { return }
            held[index]?[path] = nil
            if let kind = RegularFile.kindOfPath(local), kind == "a regular file" || kind == "a FIFO (named pipe)" { unlink(local) }
        default:
            break
        }
    }

    /// Whether the reader must be told something before its next round (see `takeCorrections`).
    public var hasCorrections: Bool { !corrections.isEmpty }

    /// The request lines for files whose last chunk was not written: what the copy holds of
    /// each (`K`), or `F` (send it whole) when it holds nothing of it or a write failed.
    public func takeCorrections() -> [String] {
        defer { corrections.removeAll() }
        return corrections.keys.sorted().map { key in
            if corrections[key] == .held, let line = knownLine(key.root, key.path) { return line }
            held[key.root]?[key.path] = nil
            return "F \(key.root) \(key.path)"
        }
    }

    /// The request lines that tell a new reader what the copy of root `index` already holds,
    /// so a reconnection goes on at the offsets instead of sending everything again.
    public func knownLines(root index: Int) -> [String] {
        (held[index] ?? [:]).keys.sorted().compactMap { knownLine(index, $0) }
    }

    private func knownLine(_ index: Int, _ path: String) -> String? {
        guard let file = held[index]?[path], let local = local(index, path),
              let sum = headChecksum(local, bytes: file.bytes) else { return nil }
        return "K \(index) \(file.inode) \(file.bytes) \(file.modified) \(sum) \(path)"
    }

    private func write(_ chunk: RemoteRecord.Chunk) {
        guard let local = local(chunk.root, chunk.path) else { return }
        let parent = (local as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            switch chunk.kind {
            case .newFile:
                // A new inode, as a rotation makes: the tailer finishes the old file and compares the new.
                let part = (parent as NSString).appendingPathComponent(".nexlify-part-" + (local as NSString).lastPathComponent)
                try put(chunk.bytes, at: 0, into: part, truncate: true, expectedSize: nil, modified: chunk.modified)
                guard rename(part, local) == 0 else { throw RegularFile.problem(errno: errno) }
            case .truncated:
                try put(chunk.bytes, at: 0, into: local, truncate: true, expectedSize: nil, modified: chunk.modified)
            case .append:
                try put(chunk.bytes, at: chunk.from, into: local, truncate: false, expectedSize: chunk.from, modified: chunk.modified)
            }
            held[chunk.root, default: [:]][chunk.path] = Held(inode: chunk.inode, bytes: chunk.from + chunk.bytes.count, modified: chunk.modified)
            bytesWritten += chunk.bytes.count
        } catch {
            held[chunk.root]?[chunk.path] = nil
            corrections[FileKey(root: chunk.root, path: chunk.path)] = .whole
        }
    }

    /// Writes `bytes` at `offset` of the file at `path` (created if need be) and gives it the
    /// remote mtime. `expectedSize`: the copy must hold exactly that many bytes first.
    private func put(_ bytes: [UInt8], at offset: Int, into path: String, truncate: Bool, expectedSize: Int?, modified: Int) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
        guard descriptor >= 0 else { throw RegularFile.problem(errno: errno) }
        defer { close(descriptor) }
        guard let identity = FileIdentity.of(descriptor: descriptor), RegularFile.isRegular(descriptor: descriptor) else { throw RegularFile.Problem.notRegular(kind: "not a regular file") }
        if let expectedSize, identity.size != expectedSize { throw RegularFile.Problem.failed("the copy holds \(identity.size) bytes, not \(expectedSize)") }
        if truncate { guard ftruncate(descriptor, 0) == 0 else { throw RegularFile.problem(errno: errno) } }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + written, bytes.count - written, off_t(offset + written)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw RegularFile.problem(errno: errno) }
            written += count
        }
        var times = [timespec(tv_sec: time_t(modified), tv_nsec: 0), timespec(tv_sec: time_t(modified), tv_nsec: 0)]
        futimens(descriptor, &times)
    }

    /// The `cksum` of the first `bytes` (at most 4 KiB) of the copy.
    private func headChecksum(_ path: String, bytes: Int) -> UInt32? {
        guard case .success(let descriptor) = RegularFile.open(path) else { return nil }
        defer { close(descriptor) }
        let length = min(bytes, 4096)
        var head = [UInt8](repeating: 0, count: length)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, length, 0) }
        guard count == length else { return nil }
        return POSIXChecksum.of(head)
    }

    /// The local path of `path` in root `index`, nil when the path is not safe to use.
    private func local(_ index: Int, _ path: String) -> String? {
        if rootKinds[index] == .file {
            guard path.isEmpty else { return refuse() }
            return (rootDirectory(index) as NSString).appendingPathComponent(fileRootName(index))
        }
        guard let components = Self.components(of: path), components.count <= RemoteAgent.listingDepth else { return refuse() }
        return ([rootDirectory(index)] + components).joined(separator: "/")
    }

    private func refuse() -> String? {
        refusedPaths += 1
        return nil
    }

    /// The components of a relative path, nil when one is empty, `.`, `..`, holds a NUL, or
    /// names a part file of the copy's own.
    static func components(of path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, !path.hasPrefix("/") else { return nil }
        for part in parts {
            guard !part.isEmpty, part != ".", part != "..", !part.utf8.contains(0), !part.hasPrefix(".nexlify-part-") else { return nil }
        }
        return parts
    }
}
