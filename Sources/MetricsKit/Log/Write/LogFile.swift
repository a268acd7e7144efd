import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only log file that notices when it has been taken away: before each write it
/// checks that its path still names the open file, and if the file or its directory was
/// removed it re-creates them and says so, so the caller can write the history again.
///
/// Failures (disk full, permission denied, a file where the directory should be) are thrown as
/// `LogFile.Failure` with the path and the system's reason.
/// ```swift
/// let file = LogFile(path: "training_logs/dqn/episodes.jsonl")
/// if try file.openIfNeeded() { /* write the history again */ }
/// try file.append(Array("{...}\n".utf8))
/// ```
public final class LogFile {
    /// A failed write, with the path and `strerror`'s reason.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public let path: String
    private var descriptor: Int32 = -1
    private var identity: FileIdentity?
    private var hasWritten = false

    public init(path: String) {
        self.path = path
    }

    deinit { closeFile() }

    /// Appends `bytes` in one write where the system allows, opening the file first if needed.
    public func append(_ bytes: [UInt8]) throws {
        _ = try openIfNeeded()
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure()
                }
                offset += written
            }
        }
        hasWritten = true
    }

    /// Forces written data to the disk.
    public func sync() throws {
        guard descriptor >= 0 else { return }
        if fsync(descriptor) != 0 && errno != EINVAL { throw failure() }
    }

    /// Closes the descriptor; the next append opens the path again.
    public func closeFile() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        identity = nil
    }

    /// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader
    /// sees either the old or the new file, never half of one.
    public static func replaceAtomically(path: String, with bytes: [UInt8]) throws {
        try createDirectory(for: path)
        let temporary = path + ".tmp-\(getpid())"
        let file = LogFile(path: temporary)
        defer { file.closeFile() }
        do {
            try file.openTruncating()
            try file.append(bytes)
            try file.sync()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let problem = Failure(path: path, reason: String(cString: strerror(errno)))
            unlink(temporary)
            throw problem
        }
    }

    private func openTruncating() throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure() }
        identity = FileIdentity.of(descriptor: descriptor)
    }

    /// Opens the path unless it still names the open file; returns `true` when the file had been
    /// written before and is now new and empty (it or its directory was removed).
    public func openIfNeeded() throws -> Bool {
        if descriptor >= 0, let known = identity, let current = FileIdentity.of(path: path), current.isSameFile(as: known) {
            return false
        }
        closeFile()
        try Self.createDirectory(for: path)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure() }
        identity = FileIdentity.of(descriptor: descriptor)
        return hasWritten && (identity?.size ?? 0) == 0
    }

    private static func createDirectory(for path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(path: directory, reason: "cannot create the directory (\(error.localizedDescription))")
        }
    }

    private func failure() -> Failure {
        Failure(path: path, reason: String(cString: strerror(errno)))
    }
}
