import Foundation

/// The seed `ExperimentTracker`'s experiment: `experiment.json` in the experiment's directory,
/// with every logged result embedded (`"results": [{"episode", "timestamp", …metrics}]`),
/// rewritten whole at each save. Its results are the run's records (read as a snapshot is:
/// `SnapshotFileSource`); the rest of the record is the tracker's (hyperparameters, status…).
/// Our own tracker's `results.jsonl`, when there is one, comes first (`ExperimentResultsFormat`).
///
/// ```swift
/// ExperimentRecordFormat().files(inDirectory: "experiments/dqn_20261201_120000")?.map(\.name)   // ["experiment.json"]
/// ```
public struct ExperimentRecordFormat: LogFormat {
    public let name = "experiment record"
    public let fileNames = ["experiment.json"]

    public init() {}

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        single("experiment.json", in: directory, content: .episodes)
    }

    /// An `experiment.json` given on its own is read as a snapshot by `MetricsSnapshotFormat`.
    public func file(at path: String) -> RunLayout.File? { nil }

    /// Our tracker writes `experiment.json` first and `results.jsonl` with the first result.
    public var yieldsToEarlierFormats: Bool { true }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        SnapshotFileSource(file) { file.path }
    }
}
