import Foundation

/// A whole-run JSON snapshot, as `saveMetrics(format: .json)` writes it: `metrics.json` in the
/// run directory (`{"experiment_name", "episodes": […], "model_metrics": […], "statistics"}`, or a
/// bare array of episodes), or a single `.json` file. It is rewritten whole: each new version is
/// read again, and what the store already has is not counted twice.
///
/// ```swift
/// MetricsSnapshotFormat().file(at: "run/metrics.json")?.content   // .both
/// ```
public struct MetricsSnapshotFormat: LogFormat {
    public let name = "JSON snapshot"
    public let fileNames = ["metrics.json"]

    public init() {}

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        exists("metrics.json", in: directory) ? [RunLayout.File(path: path("metrics.json", in: directory), format: self, content: .both)] : nil
    }

    public func file(at path: String) -> RunLayout.File? {
        (path as NSString).pathExtension.lowercased() == "json" ? RunLayout.File(path: path, format: self, content: .both) : nil
    }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        DocumentFileSource(file) { data, catalog in try JSONDocumentDecoder.decode(data, catalog: catalog) }
    }
}
