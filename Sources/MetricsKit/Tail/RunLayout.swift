import Foundation

/// Which files make up a run, from the path a user gave to `--run`.
///
/// A run directory `<output_dir>/<experiment_name>/` is read from `episodes.jsonl` and
/// `model_metrics.jsonl` when either exists, else from `metrics.json`, else from `metrics.csv`
/// and `model_metrics.csv`, else (an `ExperimentTracker` experiment) from `results.jsonl`; a
/// directory with none of them yet is followed as a JSONL run that has not started. A single
/// `.jsonl`, `.json` or `.csv` file is read on its own (a file whose name starts with
/// `model_metrics` holds model metrics).
/// ```swift
/// let layout = try RunLayout.resolve("training_logs/dqn")
/// layout.files.map(\.path)   // [".../episodes.jsonl", ".../model_metrics.jsonl"]
/// ```
public struct RunLayout: Equatable, Sendable {
    /// One file of a run and how to read it.
    public struct File: Equatable, Sendable {
        public enum Format: String, Sendable { case jsonLines, csv, jsonSnapshot }
        public enum Content: String, Sendable { case episodes, modelMetrics, both }
        public let path: String
        public let format: Format
        public let content: Content

        public var name: String { (path as NSString).lastPathComponent }
    }

    /// Why a path cannot be a run.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public let files: [File]
    /// Whether the path is a directory (its layout may change as files appear).
    public let isDirectory: Bool

    /// Resolves `path`. A directory always resolves (perhaps to files that do not exist yet); a
    /// file of another kind is a failure, and so is a missing path when `mustExist` (a one-shot
    /// read). Otherwise a missing path is waited for: as a log file if it has a log's extension,
    /// else as a run directory.
    public static func resolve(_ path: String, mustExist: Bool = true) throws -> RunLayout {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if !mustExist {
                let known = ["jsonl", "ndjson", "csv", "json"].contains((path as NSString).pathExtension.lowercased())
                return known ? RunLayout(files: [try singleFile(path)], isDirectory: false) : directoryLayout(path)
            }
            throw Failure(description: "\(path): no such file or directory; expected a run directory (with episodes.jsonl, metrics.json or metrics.csv) or one .jsonl, .json or .csv log file")
        }
        if isDirectory.boolValue { return directoryLayout(path) }
        if let kind = RegularFile.kindOfPath(path), kind != "a regular file" {
            throw Failure(description: "\(path) is \(kind), not a log file; give a run directory or a .jsonl, .json or .csv log file")
        }
        return RunLayout(files: [try singleFile(path)], isDirectory: false)
    }

    private static func directoryLayout(_ directory: String) -> RunLayout {
        func file(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
        let jsonLines = [
            File(path: file("episodes.jsonl"), format: .jsonLines, content: .episodes),
            File(path: file("model_metrics.jsonl"), format: .jsonLines, content: .modelMetrics),
        ]
        if exists("episodes.jsonl") || exists("model_metrics.jsonl") {
            return RunLayout(files: jsonLines, isDirectory: true)
        }
        if exists("metrics.json") {
            return RunLayout(files: [File(path: file("metrics.json"), format: .jsonSnapshot, content: .both)], isDirectory: true)
        }
        if exists("metrics.csv") || exists("model_metrics.csv") {
            return RunLayout(files: [
                File(path: file("metrics.csv"), format: .csv, content: .episodes),
                File(path: file("model_metrics.csv"), format: .csv, content: .modelMetrics),
            ], isDirectory: true)
        }
        if exists(ExperimentTracker.resultsFile) {
            return RunLayout(files: [File(path: file(ExperimentTracker.resultsFile), format: .jsonLines, content: .episodes)], isDirectory: true)
        }
        return RunLayout(files: jsonLines, isDirectory: true)
    }

    /// The files whose presence makes a directory a run (any format, or an experiment's record).
    public static let runFileNames = ["episodes.jsonl", "model_metrics.jsonl", "metrics.json", "metrics.csv", "model_metrics.csv",
                                      ExperimentTracker.resultsFile, ExperimentTracker.recordFile]

    private static func singleFile(_ path: String) throws -> File {
        let name = (path as NSString).lastPathComponent.lowercased()
        let content: File.Content = name.hasPrefix("model_metrics") ? .modelMetrics : .episodes
        switch (name as NSString).pathExtension {
        case "jsonl", "ndjson": return File(path: path, format: .jsonLines, content: content)
        case "csv": return File(path: path, format: .csv, content: content)
        case "json": return File(path: path, format: .jsonSnapshot, content: .both)
        default:
            throw Failure(description: "\(path): not a log this tool reads; expected a run directory or a .jsonl, .json or .csv file")
        }
    }

    /// Whether any file of the layout exists now.
    public var anyFileExists: Bool {
        files.contains { FileManager.default.fileExists(atPath: $0.path) }
    }
}
