import Foundation

/// Which files make up a run, from the path a user gave to `--run`: the registry
/// (`LogFormats`) says which format claims a run directory (the first that finds its files) or a
/// single log file (by its name). A directory with no run files yet is followed as a JSON-lines
/// run that has not started.
/// ```swift
/// let layout = try RunLayout.resolve("training_logs/dqn")
/// layout.files.map(\.path)   // [".../episodes.jsonl", ".../model_metrics.jsonl"]
/// ```
public struct RunLayout: Equatable, Sendable {
    /// One file of a run, the format that reads it, and what it holds.
    public struct File: Equatable, Sendable {
        public enum Content: String, Sendable { case episodes, modelMetrics, both }
        public let path: String
        public let format: any LogFormat
        public let content: Content
        /// The file's name (kept: messages and skipped lines name it on every read).
        public let name: String
        /// What its metric names are prefixed with: `"validation/"` for a file in a run's
        /// `validation/` subfolder, so its `epoch_loss` is not the training one.
        public let metricPrefix: String

        public init(path: String, format: any LogFormat, content: Content, metricPrefix: String = "") {
            self.path = path
            self.format = format
            self.content = content
            self.metricPrefix = metricPrefix
            name = (path as NSString).lastPathComponent
        }

        public static func == (lhs: File, rhs: File) -> Bool {
            lhs.path == rhs.path && lhs.content == rhs.content && lhs.format.name == rhs.format.name && lhs.metricPrefix == rhs.metricPrefix
        }
    }

    /// Why a path cannot be a run.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public let files: [File]
    /// Whether the path is a directory (its layout may change as files appear).
    public let isDirectory: Bool

    /// What the run's x values count.
    public var xAxis: XAxis { files.first.map { $0.format.xAxis(of: $0) } ?? .episode }

    /// The format of the run's files.
    public var format: any LogFormat { files.first?.format ?? LogFormats.waitingDefault }

    /// Resolves `path`. A directory always resolves (perhaps to files that do not exist yet); a
    /// file of another kind is a failure, and so is a missing path when `mustExist` (a one-shot
    /// read). Otherwise a missing path is waited for: as a log file if a format reads such a
    /// name, else as a run directory.
    public static func resolve(_ path: String, mustExist: Bool = true) throws -> RunLayout {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            var info = stat()
            if stat(path, &info) != 0 && errno == EACCES {
                throw Failure(description: "\(path): permission denied (a directory on the way cannot be searched; check its permissions and owner)")
            }
            if let files = LogFormats.files(forRunNamed: path) { return RunLayout(files: files, isDirectory: false) }
            if !mustExist {
                if let file = LogFormats.file(at: path) { return RunLayout(files: [file], isDirectory: false) }
                return RunLayout(files: LogFormats.files(ofDirectory: path), isDirectory: true)
            }
            throw Failure(description: "\(path): no such file or directory; expected a run directory (with episodes.jsonl, metrics.json or metrics.csv), a MetricsLogger run name (\(path)_<YYYYmmdd_HHMMSS>.json snapshots beside it), or one .jsonl, .json or .csv log file")
        }
        if isDirectory.boolValue {
            if access(path, R_OK | X_OK) != 0 && errno == EACCES {
                throw Failure(description: "\(path): permission denied (the directory cannot be listed; check its permissions and owner)")
            }
            return RunLayout(files: LogFormats.files(ofDirectory: path), isDirectory: true)
        }
        if let kind = RegularFile.kindOfPath(path), kind != "a regular file" {
            throw Failure(description: "\(path) is \(kind), not a log file; give a run directory or a .jsonl, .json or .csv log file")
        }
        guard let file = LogFormats.file(at: path) else {
            throw Failure(description: "\(path): not a log this tool reads; expected a run directory or a .jsonl, .json or .csv file")
        }
        return RunLayout(files: [file], isDirectory: false)
    }

    /// Whether any file of the layout exists now.
    public var anyFileExists: Bool {
        files.contains { FileManager.default.fileExists(atPath: $0.path) }
    }
}
