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
        #expect(Set(LogFormats.fileNames) == ["episodes.jsonl", "model_metrics.jsonl", "metrics.json", "metrics.csv", "model_metrics.csv", "results.jsonl", "experiment.json",
                                              "progress.csv", "progress.json", "monitor.csv"])
        // Names with a pattern: TensorBoard's event files, make_vec_env's monitor files.
        directory.write("tensorboard/events.out.tfevents.1.host.1.0", "")
        directory.write("monitors/3.monitor.csv", "")
        #expect(LogFormats.holdsRunFile(directory.file("tensorboard")) && LogFormats.holdsRunFile(directory.file("monitors")))
        #expect(!LogFormats.holdsRunFile(directory.path))
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

/// The seed tracker's experiments, to the letter of SEED-FORMATS.md, beside ours.
@Suite struct SeedExperimentTests {
    static let seedRecord = """
        {
          "id": "dqn_20261201_062047",
          "name": "dqn",
          "created": "2026-12-01T06:20:47.123456",
          "hyperparameters": {"learning_rate": 0.001, "layers": [64, 64], "double": true, "extra": null},
          "description": "baseline",
          "tags": ["dqn"],
          "results": [
            {"episode": 0, "timestamp": "2026-12-01T06:20:48", "profit": 10.0, "sharpe": 1.0},
            {"episode": 1, "timestamp": "2026-12-01T06:20:49", "profit": NaN, "sharpe": 1.5},
            {"episode": 2, "timestamp": "2026-12-01T06:20:50", "profit": 30.0, "sharpe": 2.0}
          ],
          "status": "completed",
          "best_episode": {"episode": 2, "timestamp": "2026-12-01T06:20:50", "profit": 30.0, "sharpe": 2.0},
          "final_metrics": {"best_profit": 30.0, "note": "ok"},
          "completed": "2026-12-01T06:30:00"
        }
        """

    @Test func theSeedsRecordReadsWithItsEmbeddedResults() throws {
        let directory = TemporaryDirectory("seed-exp")
        directory.write("dqn_20261201_062047/experiment.json", Self.seedRecord)
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let record = try tracker.experiment("dqn_20261201_062047")
        #expect(record.name == "dqn" && record.status == .completed && record.tags == ["dqn"] && record.description == "baseline")
        #expect(record.createdAt == ISODate.parse("2026-12-01T06:20:47.123456") && record.completedAt == ISODate.parse("2026-12-01T06:30:00"))
        #expect(record.hyperparameters["layers"]?.description == "[64, 64]" && record.hyperparameters["double"] == .flag(true))
        #expect(record.finalMetrics == ["best_profit": 30])
        #expect(tracker.results("dqn_20261201_062047").map(\.episode) == [0, 1, 2])
        let source = try RunSource(path: directory.file("dqn_20261201_062047"))
        #expect(source.layout.format.name == "experiment record")
        source.readToEnd()
        #expect(source.store.episodeCount == 3 && source.store.episodeSeries(named: "profit")?.statistics.best?.value == 30)
    }

    @Test func ourFreshExperimentSwitchesToItsResultsFileWhenTheFirstResultComes() throws {
        let directory = TemporaryDirectory("fresh-exp")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let id = try tracker.createExperiment(name: "fresh")
        let source = try RunSource(path: directory.file(id))
        _ = source.poll()
        #expect(source.store.episodeCount == 0)
        try tracker.logResult(id, episode: 0, metrics: ["profit": 5])
        _ = source.poll()
        #expect(source.layout.format.name == "experiment results" && source.store.episodeCount == 1)
    }

    @Test func unsavedAndArchivedExperimentsAreListedAsSuch() throws {
        let directory = TemporaryDirectory("list-exp")
        directory.write("dqn_20261201_062047/experiment.json", Self.seedRecord)
        try FileManager.default.createDirectory(atPath: directory.file("ppo_20261201_070000"), withIntermediateDirectories: true)
        directory.write("archived/old_20261101_000000/experiment.json", Self.seedRecord.replacingOccurrences(of: "dqn_20261201_062047", with: "old_20261101_000000"))
        directory.write("leaderboard.json", "[]")
        let listed = ExperimentTracker(experimentsDir: directory.path).listExperiments()
        #expect(listed.map(\.id) == ["dqn_20261201_062047", "old_20261101_000000", "ppo_20261201_070000"])
        #expect(listed[0].experiment?.status == .completed && listed[0].problem == nil)
        #expect(listed[1].experiment?.status == .archived, "an archived experiment is shown as archived")
        #expect(listed[2].experiment == nil && listed[2].problem == ExperimentTracker.unsavedNote)
        #expect(try ExperimentTracker(experimentsDir: directory.path).experiment("old_20261101_000000").status == .archived)
        // The runs view: the seed's experiments with their embedded results, archived ones as archived.
        let collection = RunCollection(path: directory.path)
        while collection.refresh().moreRemaining {}
        #expect(collection.entries.map(\.name) == ["dqn_20261201_062047", "old_20261101_000000"])
        #expect(collection.entries.map(\.status) == [.completed, .archived])
        #expect(collection.entries.map(\.episodes) == [3, 3] && collection.entries[0].bestProfit == 30)
    }
}
