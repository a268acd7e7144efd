import Foundation

/// A whole-run JSON snapshot: `metrics.json` in the run directory as `saveMetrics(format: .json)`
/// writes it (`{"experiment_name", "episodes": […], "model_metrics": […], "statistics"}`, or a bare
/// array of episodes), or a single `.json` file — one of the seed logger's snapshots
/// (`"episode_metrics"`) too. It is rewritten whole; each new version is read from where the
/// last one ended when it begins with the same records (`SnapshotFileSource`).
///
/// ```swift
/// MetricsSnapshotFormat().file(at: "run/metrics.json")?.content   // .both
/// ```
public struct MetricsSnapshotFormat: LogFormat {
    public let name = "JSON snapshot"
    public let fileNames = ["metrics.json"]

    public init() {}

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        single("metrics.json", in: directory, content: .both)
    }

    public func file(at path: String) -> RunLayout.File? {
        (path as NSString).pathExtension.lowercased() == "json" ? RunLayout.File(path: path, format: self, content: .both) : nil
    }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        SnapshotFileSource(file) { file.path }
    }
}
