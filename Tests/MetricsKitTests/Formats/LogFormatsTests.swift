import Foundation
import Testing
@testable import MetricsKit

/// The registry decides which format reads a run: one row per format, tried in order.
@Suite struct LogFormatsTests {
    @Test func eachFormatClaimsItsFilesAndTheFirstOneWins() throws {
        let directory = TemporaryDirectory("formats")
        directory.write("lines/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        directory.write("lines/metrics.json", #"{"episodes": []}"#)
        directory.write("snapshot/metrics.json", #"{"episodes": []}"#)
        directory.write("snapshot/metrics.csv", "episode,profit\n")
        directory.write("csv/model_metrics.csv", "loss\n0.5\n")
        directory.write("experiment/results.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        try FileManager.default.createDirectory(atPath: directory.file("empty"), withIntermediateDirectories: false)
        func layout(_ name: String) throws -> (format: String, files: [String]) {
            let layout = try RunLayout.resolve(directory.file(name))
            return (layout.format.name, layout.files.map(\.name))
        }
        #expect(try layout("lines") == ("JSON lines", ["episodes.jsonl", "model_metrics.jsonl"]))
        #expect(try layout("snapshot") == ("JSON snapshot", ["metrics.json"]))
        #expect(try layout("csv") == ("CSV", ["metrics.csv", "model_metrics.csv"]))
        #expect(try layout("experiment") == ("experiment results", ["results.jsonl"]))
        #expect(try layout("empty") == ("JSON lines", ["episodes.jsonl", "model_metrics.jsonl"]), "waited for as JSON lines")
        #expect(try layout("lines/metrics.json") == ("JSON snapshot", ["metrics.json"]))
        #expect(try layout("experiment/results.jsonl").format == "JSON lines")
        #expect(try RunLayout.resolve(directory.file("csv/model_metrics.csv")).files.map(\.content) == [.modelMetrics])
        directory.write("notes.txt", "hello\n")
        #expect(throws: RunLayout.Failure.self) { try RunLayout.resolve(directory.file("notes.txt")) }
        #expect(Set(LogFormats.fileNames) == ["episodes.jsonl", "model_metrics.jsonl", "metrics.json", "metrics.csv", "model_metrics.csv", "results.jsonl"])
    }

    @Test func aJSONLinesRunHasFinishedWhenASnapshotAtLeastAsNewSitsBesideIt() throws {
        let directory = TemporaryDirectory("finished")
        directory.write("run/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        let layout = try RunLayout.resolve(directory.file("run"))
        #expect(!layout.format.isFinished(layout))
        directory.write("run/metrics.json", #"{"episodes": []}"#)
        #expect(layout.format.isFinished(layout))
        let csv = try RunLayout.resolve(directory.file("run/metrics.json"))
        #expect(!csv.format.isFinished(csv), "a snapshot on its own says nothing of its end")
    }

    /// A replay travels in the read: a model-metrics file read again from its start says so, and
    /// the source's caller (not the source) replaces what the store had.
    @Test func aRestartOfModelMetricsIsAnEventInTheRead() throws {
        let directory = TemporaryDirectory("replay")
        directory.write("model_metrics.jsonl", #"{"loss": 1}"# + "\n" + #"{"loss": 2}"# + "\n")
        let file = try #require(JSONLinesFormat().file(at: directory.file("model_metrics.jsonl")))
        let source = file.format.makeSource(for: file, maxLineBytes: 1 << 20)
        var batch = SourceBatch(catalog: MetricCatalog())
        let first = source.read(maxBytes: 1 << 16, into: &batch, atEndOfInput: false)
        #expect(!first.replaysModelMetrics && batch.modelMetrics.count == 2)
        directory.write("model_metrics.jsonl", #"{"loss": 3}"# + "\n")
        batch = SourceBatch(catalog: MetricCatalog())
        let again = source.read(maxBytes: 1 << 16, into: &batch, atEndOfInput: false)
        #expect(again.replaysModelMetrics && again.events == [.truncated] && batch.modelMetrics.count == 1)
    }
}
