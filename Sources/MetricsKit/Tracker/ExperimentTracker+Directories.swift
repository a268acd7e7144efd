import Foundation

extension ExperimentTracker {
    /// The directory of experiment `id`, checked before anything reads, writes, moves or deletes
    /// it: the id is one path component (not empty, `.`, `..`, and without `/` or NUL), and it
    /// names a real directory in `experimentsDir` (looked at with `lstat`: a symbolic link is
    /// never followed) that holds an experiment record or results.
    ///
    /// ```swift
    /// try tracker.directory(of: "dqn_20261201_120000")   // "experiments/dqn_20261201_120000"
    /// try tracker.directory(of: "../x")                 // throws: not an experiment id
    /// ```
    /// An experiment the seed's tracker archived (`archived/<id>/`) is found there.
    public func directory(of id: String) throws -> String {
        guard Self.isPlainName(id) else {
            throw Failure(description: "'\(id)' is not an experiment id: give the name of one directory in \(experimentsDir)/ (no '/', '.' or '..')")
        }
        let directory = location(of: id)
        var info = stat()
        guard lstat(directory, &info) == 0 else {
            throw Failure(description: errno == ENOENT ? "no experiment \(id) in \(experimentsDir)/" : "\(directory): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            let what = info.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a directory"
            throw Failure(description: "\(directory) is \(what), not an experiment directory; it is left alone")
        }
        guard Self.isRegularFile((directory as NSString).appendingPathComponent(Self.recordFile))
                || Self.isRegularFile((directory as NSString).appendingPathComponent(Self.resultsFile)) else {
            throw Failure(description: "\(directory) holds no \(Self.recordFile) or \(Self.resultsFile): not an experiment (or one created and not saved yet); it is left alone")
        }
        return directory
    }

    /// Where experiments the seed's tracker archived are moved to.
    public static let archivedDirectory = "archived"

    /// `experimentsDir/id`, or `experimentsDir/archived/id` when only that exists (unchecked).
    func location(of id: String) -> String {
        let direct = path(of: id)
        if Self.isRealDirectory(direct) { return direct }
        let archived = ((experimentsDir as NSString).appendingPathComponent(Self.archivedDirectory) as NSString).appendingPathComponent(id)
        return Self.isRealDirectory(archived) ? archived : direct
    }

    /// Whether experiment `id` was archived (it lives under `archived/`).
    func isArchived(_ id: String) -> Bool {
        location(of: id) != path(of: id)
    }

    /// Whether `name` is a single, ordinary path component.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.utf8.contains(0)
    }

    /// Whether `path` is a regular file itself (not a link to one).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Whether `path` is a directory itself (not a link to one).
    static func isRealDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
