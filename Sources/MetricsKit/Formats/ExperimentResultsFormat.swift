import Foundation

/// An `ExperimentTracker` experiment: `results.jsonl` in the experiment's directory, one JSON
/// line per logged result (`{"episode": n, "profit": …}`), appended as the experiment runs.
///
/// ```swift
/// ExperimentResultsFormat().files(inDirectory: "experiments/dqn_20261201_120000")?.map(\.name)   // ["results.jsonl"]
/// ```
public struct ExperimentResultsFormat: LogFormat {
    public let name = "experiment results"
    public let fileNames = ["results.jsonl"]

    public init() {}

    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        single("results.jsonl", in: directory, content: .episodes)
    }

    /// A `results.jsonl` given on its own is JSON lines, read by `JSONLinesFormat`.
    public func file(at path: String) -> RunLayout.File? { nil }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        LineFileSource(file, decoder: JSONLinesDecoder(requiresEpisode: true), maxLineBytes: maxLineBytes)
    }
}
