import Foundation

/// Our own run-log format, what `MetricsLogger` streams: `episodes.jsonl` and
/// `model_metrics.jsonl` in the run directory, one JSON object a line, appended as the run
/// goes; a single `.jsonl` / `.ndjson` file on its own (named `model_metrics*` for model
/// metrics), or a `.json` file whose content is JSON lines (`JSONLinesSniffer`). The run has finished when a `metrics.json` at least as new as its lines sits
/// beside them, as `MetricsLogger.close()` leaves it.
///
/// ```swift
/// JSONLinesFormat().files(inDirectory: "training_logs/dqn")?.map(\.name)   // ["episodes.jsonl", "model_metrics.jsonl"]
/// ```
public struct JSONLinesFormat: LogFormat {
    public let name = "JSON lines"
    public let fileNames = ["episodes.jsonl", "model_metrics.jsonl"]
    /// The other names training scripts give the gradients' size in their own records.
    public let roleNames: [MetricRole: [String]] = [.gradientNorm: ["gradients.norm", "grad_norm", "gradient_norm"]]

    public init() {}

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        fileNames.contains { exists($0, in: directory) } ? expectedFiles(inDirectory: directory) : nil
    }

    /// Both files, whether they exist yet or not.
    public func expectedFiles(inDirectory directory: String) -> [RunLayout.File] {
        [RunLayout.File(path: path("episodes.jsonl", in: directory), format: self, content: .episodes),
         RunLayout.File(path: path("model_metrics.jsonl", in: directory), format: self, content: .modelMetrics)]
    }

    public func file(at path: String) -> RunLayout.File? {
        let lines = ["jsonl", "ndjson"].contains((path as NSString).pathExtension.lowercased())
            || (path as NSString).pathExtension.lowercased() == "json" && JSONLinesSniffer.holdsJSONLines(path)
        guard lines else { return nil }
        let modelMetrics = (path as NSString).lastPathComponent.lowercased().hasPrefix("model_metrics")
        return RunLayout.File(path: path, format: self, content: modelMetrics ? .modelMetrics : .episodes)
    }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        LineFileSource(file, decoder: JSONLinesDecoder(requiresEpisode: file.content != .modelMetrics), maxLineBytes: maxLineBytes)
    }

    public func isFinished(_ layout: RunLayout) -> Bool {
        guard let directory = layout.files.first.map({ ($0.path as NSString).deletingLastPathComponent }) else { return false }
        let newestLine = layout.files.compactMap { FileIdentity.of(path: $0.path)?.modifiedNanoseconds }.max()
        guard let newestLine else { return false }
        return (FileIdentity.of(path: path("metrics.json", in: directory))?.modifiedNanoseconds ?? -1) >= newestLine
    }
}
