import Foundation

/// Opens and reads files named by users or found in run directories without ever blocking or
/// reading something that is not a file: the path is opened with `O_NONBLOCK` (a FIFO would
/// otherwise block in `open()` until a writer comes), then `fstat` must say "regular file"
/// (FIFOs, devices, sockets and directories are refused, each by name), and a failure says what
/// is wrong in words a user can act on.
///
/// ```swift
/// switch RegularFile.open("run/episodes.jsonl") {
/// case .success(let descriptor): defer { close(descriptor) } // read it
/// case .failure(let problem): print(problem)                  // "is a FIFO (named pipe), not a regular file"
/// }
/// let data = try RegularFile.contents(of: "neural_config.json")
/// ```
public enum RegularFile {
    /// Why a path could not be read as a file.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case missing
        case notRegular(kind: String)
        case permissionDenied
        case tooLarge(bytes: Int, limit: Int)
        /// The process (or the system) has no descriptor left: `ulimit -n` is reached.
        case tooManyOpenFiles(limit: Int)
        case failed(String)

        public var description: String {
            switch self {
            case .missing: return "no such file"
            case .notRegular(let kind): return "is \(kind), not a regular file"
            case .permissionDenied: return "permission denied (check the file's permissions and owner)"
            case .tooLarge(let bytes, let limit): return "is \(bytes) bytes, more than the \(limit) this file may have"
            case .tooManyOpenFiles(let limit):
                return "too many open files (this process may have \(limit)); raise the limit with `ulimit -n \(max(4096, limit * 4))` and start again"
            case .failed(let reason): return reason
            }
        }
    }

    /// Opens `path` for reading; the descriptor is the caller's to close.
    public static func open(_ path: String) -> Result<Int32, Problem> {
        let descriptor = Foundation.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(problem(errno: errno)) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = errno
            close(descriptor)
            return .failure(problem(errno: error))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .failure(.notRegular(kind: kind(of: info.st_mode)))
        }
        return .success(descriptor)
    }

    /// Opens the file `identity` names if it is still in the directory of `path` under any name
    /// (a log rotated away: `episodes.jsonl` → `episodes.jsonl.1`); nil when it is not there.
    /// The descriptor is the caller's to close.
    public static func open(_ identity: FileIdentity, besidePath path: String) -> Int32? {
        let directory = (path as NSString).deletingLastPathComponent
        guard let entries = opendir(directory.isEmpty ? "." : directory) else { return nil }
        defer { closedir(entries) }
        while let entry = readdir(entries) {
            guard UInt64(entry.pointee.d_ino) == identity.inode else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard case .success(let descriptor) = open((directory.isEmpty ? "." : directory) + "/" + name) else { continue }
            if FileIdentity.of(descriptor: descriptor)?.isSameFile(as: identity) == true { return descriptor }
            close(descriptor)
        }
        return nil
    }

    /// The whole contents of the regular file at `path`, at most `limit` bytes.
    public static func contents(of path: String, limit: Int = 1 << 30) throws(Problem) -> Data {
        let descriptor = try open(path).get()
        defer { close(descriptor) }
        let size = FileIdentity.of(descriptor: descriptor)?.size ?? 0
        guard size <= limit else { throw .tooLarge(bytes: size, limit: limit) }
        var data = Data(count: size)
        var total = 0
        while total < size {
            let count = data.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + total, size - total, off_t(total)) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw problem(errno: errno) }
            if count == 0 { break }
            total += count
        }
        // A file that shrank while it was read keeps what it held.
        if total < size { data.removeSubrange(total..<size) }
        return data
    }

    /// Whether an open descriptor is a regular file.
    public static func isRegular(descriptor: Int32) -> Bool {
        var info = stat()
        return fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// What `stat` says a path is, in words; nil when it does not exist.
    public static func kindOfPath(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFREG ? "a regular file" : kind(of: info.st_mode)
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    static func problem(errno error: Int32) -> Problem {
        switch error {
        case ENOENT, ENOTDIR: return .missing
        case EACCES, EPERM: return .permissionDenied
        case EMFILE, ENFILE:
            var limit = rlimit()
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            return .tooManyOpenFiles(limit: Int(clamping: limit.rlim_cur))
        default: return .failed(String(cString: strerror(error)))
        }
    }
}
