import Foundation

/// The registry of log formats, in the order a run directory is tried: the first format that
/// finds its files in a directory reads it. Adding a format is one file and one row here.
///
/// ```swift
/// LogFormats.layout(ofDirectory: "training_logs/dqn").files.map(\.name)   // ["episodes.jsonl", "model_metrics.jsonl"]
/// LogFormats.fileNames     // every name that makes a directory a run
/// ```
public enum LogFormats {
    public static let all: [any LogFormat] = [
        // Before JSON lines and CSV, which would read its progress.json and progress.csv as theirs.
        StableBaselinesFormat(),
        JSONLinesFormat(),
        MetricsSnapshotFormat(),
        CSVFormat(),
        ExperimentResultsFormat(),
        ExperimentRecordFormat(),
        TensorBoardFormat(),
        SnapshotSeriesFormat(),
    ]

    /// A directory with none of the formats' files yet is followed as a JSON-lines run.
    static let waitingDefault = JSONLinesFormat()

    /// Every file name that makes a directory a run, in any format (formats whose files have
    /// no fixed name, such as TensorBoard's, answer `isRunFile(named:)`).
    public static var fileNames: [String] { all.flatMap(\.fileNames) }

    /// The names (shell patterns) of every file a run's readers open: the formats' files, the
    /// trainer's `alerts.log`, the audit `alerts.jsonl` and the experiment records. A run on
    /// another machine is copied by these names only, so its checkpoints and datasets never
    /// travel (a test checks every format's file names match one).
    public static let mirroredFilePatterns = ["*.jsonl", "*.json", "*.csv", "*.log", "events.out.tfevents.*"]

    /// Every subfolder of a run directory some format reads (`LogFormat.subfolders`).
    public static var subfolders: [String] {
        var names: [String] = []
        for format in all { for name in format.subfolders where !names.contains(name) { names.append(name) } }
        return names
    }

    /// Whether `directory` holds a file that makes it a run in some format, itself or in a
    /// subfolder its format reads.
    public static func holdsRunFile(_ directory: String) -> Bool {
        if holdsOwnRunFile(directory) { return true }
        return all.contains { format in
            format.subfolders.contains { folder in
                let names = (try? FileManager.default.contentsOfDirectory(atPath: (directory as NSString).appendingPathComponent(folder))) ?? []
                return names.contains { format.fileNames.contains($0) || format.isRunFile(named: $0) }
            }
        }
    }

    private static func holdsOwnRunFile(_ directory: String) -> Bool {
        let fixed = fileNames.contains { FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0)) }
        guard !fixed else { return true }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.contains { name in all.contains { $0.isRunFile(named: name) } }
    }

    /// The files of the run directory `directory`: the first format that claims them, else the
    /// default format's files, waited for.
    static func files(ofDirectory directory: String) -> [RunLayout.File] {
        for format in all {
            if let files = format.files(inDirectory: directory) { return files }
        }
        return waitingDefault.expectedFiles(inDirectory: directory)
    }

    /// The files of a run named by a path that does not exist (`training_logs/<name>`).
    static func files(forRunNamed path: String) -> [RunLayout.File]? {
        for format in all {
            if let files = format.files(forRunNamed: path) { return files }
        }
        return nil
    }

    /// The file at `path` read on its own, by the first format that reads such a file.
    static func file(at path: String) -> RunLayout.File? {
        for format in all {
            if let file = format.file(at: path) { return file }
        }
        return nil
    }
}
