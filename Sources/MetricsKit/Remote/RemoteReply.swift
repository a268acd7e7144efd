/// One thing the remote reader (`RemoteAgent`) said.
public enum RemoteRecord: Equatable, Sendable {
    /// What a followed root is on the remote machine.
    public enum RootKind: String, Sendable {
        case directory = "D", file = "F", fifo = "P", other = "O", missing = "M"
        /// The guide's snapshot series: a run named by a path that is not there, whose
        /// `<name>_<timestamp>.json` snapshots are beside it.
        case series = "S"
    }

    /// How the bytes of a chunk relate to what the copy holds.
    public enum ChunkKind: String, Sendable {
        /// Appended at `from`.
        case append = "A"
        /// The file shrank or its start was rewritten in place: it starts again (`from` is 0).
        case truncated = "T"
        /// Another file at that path (rotation, or first seen): it starts again in a new file.
        case newFile = "N"
    }

    /// Bytes of one file and what `stat` said of it.
    public struct Chunk: Equatable, Sendable {
        public var root: Int
        public var path: String
        public var from: Int
        public var inode: String
        public var size: Int
        public var modified: Int
        public var kind: ChunkKind
        public var bytes: [UInt8]
    }

    case hello(version: Int)
    case root(Int, RootKind)
    case chunk(Chunk)
    /// The POSIX `cksum` of the previous chunk's range read again after it was sent
    /// (4294967295 for an empty chunk: nothing to check); nil when the path named another file
    /// by then (renamed while it was read: the bytes may be its successor's).
    case checked(root: Int, path: String, checksum: UInt32?)
    case fifo(root: Int, path: String)
    case removed(root: Int, path: String)
    /// The end of the reply to request `sequence`; `more`: some file has bytes left to send.
    case end(sequence: Int, more: Bool)
}

/// Reads the remote reader's replies from the bytes ssh hands over, in whatever pieces they
/// arrive: a record is returned once it is whole. Anything that is not the protocol (a line too
/// long, an unknown record, a count out of range) is a `Failure`: the connection is dropped and
/// made again, never trusted further.
///
/// ```swift
/// var reply = RemoteReplyParser()
/// reply.append(Array("S 0 D\nB 0 0 3 12 3 1700000000 N run/a.jsonl\nab\n".utf8))
/// try reply.next()   // .root(0, .directory)
/// try reply.next()   // .chunk(… path: "run/a.jsonl", bytes: "ab\n")
/// try reply.next()   // nil: wait for more
/// ```
public struct RemoteReplyParser {
    /// Why a reply could not be read.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The longest header line (a path of 4 KiB and its figures).
    static let maxLineBytes = 8192

    private var buffer: [UInt8] = []
    private var start = 0
    private var pending: RemoteRecord.Chunk?
    private var pendingCount = 0

    public init() {}

    /// Bytes received and not yet returned as records.
    public var bufferedBytes: Int { buffer.count - start }

    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// The next whole record, nil while more bytes are needed.
    public mutating func next() throws(Failure) -> RemoteRecord? {
        if var chunk = pending {
            guard buffer.count - start >= pendingCount else { return nil }
            chunk.bytes = Array(buffer[start..<(start + pendingCount)])
            start += pendingCount
            pending = nil
            return .chunk(chunk)
        }
        guard let newline = buffer[start...].firstIndex(of: 0x0A) else {
            if buffer.count - start > Self.maxLineBytes { throw Failure(description: "a reply line is longer than \(Self.maxLineBytes) bytes") }
            return nil
        }
        let line = Array(buffer[start..<newline])
        start = newline + 1
        return try record(line)
    }

    private mutating func record(_ line: [UInt8]) throws(Failure) -> RemoteRecord? {
        guard line.count <= Self.maxLineBytes else { throw Failure(description: "a reply line is longer than \(Self.maxLineBytes) bytes") }
        var fields = Fields(line)
        switch fields.word() {
        case "H":
            guard fields.word() == "nexlify-agent", let version = fields.number() else { throw unexpected(line) }
            return .hello(version: version)
        case "S":
            guard let root = fields.number(), let word = fields.word(), let kind = RemoteRecord.RootKind(rawValue: word) else { throw unexpected(line) }
            return .root(root, kind)
        case "B":
            guard let root = fields.number(), let from = fields.number(), let count = fields.number(),
                  let inode = fields.word(), let size = fields.number(), let modified = fields.number(),
                  let word = fields.word(), let kind = RemoteRecord.ChunkKind(rawValue: word),
                  count <= RemoteAgent.fileBudget, from <= Int.max - count, size >= 0 else { throw unexpected(line) }
            pending = RemoteRecord.Chunk(root: root, path: fields.rest(), from: from, inode: inode, size: size, modified: modified, kind: kind, bytes: [])
            pendingCount = count
            return try next()
        case "C":
            guard let root = fields.number(), let sum = fields.word(),
                  sum == "-" || (sum.utf8.allSatisfy { (0x30...0x39).contains($0) } && UInt32(sum) != nil) else { throw unexpected(line) }
            return .checked(root: root, path: fields.rest(), checksum: UInt32(sum))
        case "P":
            guard let root = fields.number() else { throw unexpected(line) }
            return .fifo(root: root, path: fields.rest())
        case "X":
            guard let root = fields.number() else { throw unexpected(line) }
            return .removed(root: root, path: fields.rest())
        case "Z":
            guard let sequence = fields.number(), let word = fields.word(), word == "more" || word == "done" else { throw unexpected(line) }
            return .end(sequence: sequence, more: word == "more")
        default:
            throw unexpected(line)
        }
    }

    private func unexpected(_ line: [UInt8]) -> Failure {
        let shown = String(decoding: line.prefix(80), as: UTF8.self).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
        return Failure(description: "the remote reader said something unexpected: \(shown.debugDescription)")
    }

    /// Space-separated fields of one line; the last one (a path) may hold spaces.
    private struct Fields {
        let line: [UInt8]
        var index = 0

        init(_ line: [UInt8]) { self.line = line }

        mutating func word() -> String? {
            guard index < line.count else { return nil }
            let end = line[index...].firstIndex(of: 0x20) ?? line.count
            defer { index = min(line.count, end + 1) }
            return end > index ? String(decoding: line[index..<end], as: UTF8.self) : nil
        }

        mutating func number() -> Int? {
            guard let word = word(), word.utf8.count <= 18, word.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return Int(word)
        }

        mutating func rest() -> String {
            defer { index = line.count }
            return index < line.count ? String(decoding: line[index...], as: UTF8.self) : ""
        }
    }
}
