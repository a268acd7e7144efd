import Foundation

/// CSV logs with a header row: `metrics.csv` and `model_metrics.csv` in the run directory (what
/// `MetricsLogger` keeps up to date at each auto-save), or a single `.csv` file. Columns are
/// matched by name; a header rewritten in place (a new column) is read again.
///
/// ```swift
/// CSVFormat().file(at: "run/model_metrics.csv")?.content   // .modelMetrics
/// ```
public struct CSVFormat: LogFormat {
    public let name = "CSV"
    public let fileNames = ["metrics.csv", "model_metrics.csv"]

    public init() {}

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        guard fileNames.contains(where: { exists($0, in: directory) }) else { return nil }
        return [RunLayout.File(path: path("metrics.csv", in: directory), format: self, content: .episodes),
                RunLayout.File(path: path("model_metrics.csv", in: directory), format: self, content: .modelMetrics)]
    }

    public func file(at path: String) -> RunLayout.File? {
        guard (path as NSString).pathExtension.lowercased() == "csv" else { return nil }
        let modelMetrics = (path as NSString).lastPathComponent.lowercased().hasPrefix("model_metrics")
        return RunLayout.File(path: path, format: self, content: modelMetrics ? .modelMetrics : .episodes)
    }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        LineFileSource(file, decoder: CSVRecordDecoder(), maxLineBytes: maxLineBytes)
    }
}
