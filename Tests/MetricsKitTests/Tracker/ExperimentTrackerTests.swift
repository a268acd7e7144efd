import Foundation
import Testing
@testable import MetricsKit

@Suite struct ExperimentTrackerTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func experimentsRoundTripThroughPlainFiles() throws {
        let directory = TemporaryDirectory("tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let id = try tracker.createExperiment(name: "dqn baseline", hyperparameters: ["learning_rate": .number(0.001), "double": .flag(true), "net": .text("mlp")],
                                              description: "Baseline", tags: ["dqn", "baseline"], now: now)
        #expect(id == "dqn_baseline_20270115_080000")
        let same = try tracker.createExperiment(name: "dqn baseline", now: now)
        #expect(same == "dqn_baseline_20270115_080000_2")
        for episode in 0..<5 { try tracker.logResult(id, episode: episode, metrics: ["profit": Double(episode * 10), "sharpe": episode == 2 ? .nan : 1]) }
        try tracker.completeExperiment(id, finalMetrics: ["best_profit": 40], now: now.addingTimeInterval(60))
        let record = try tracker.experiment(id)
        #expect(record.status == .completed && record.completedAt == now.addingTimeInterval(60))
        #expect(record.hyperparameters["net"] == .text("mlp") && record.tags == ["dqn", "baseline"])
        // A Python script reads the same file.
        let json = try JSONValue.decode(Data(contentsOf: URL(fileURLWithPath: tracker.path(of: id, "experiment.json"))))
        #expect(json["status"] == "completed" && json["hyperparameters"]?["learning_rate"] == 0.001)
        #expect(tracker.results(id).map(\.episode) == [0, 1, 2, 3, 4])
        let summary = tracker.summary(id, metric: "pnl")
        #expect(summary == MetricSummary(final: 40, best: 40, mean: 20, std: 200.0.squareRoot(), min: 0, episodes: 5))
        try tracker.archiveExperiment(same)
        #expect(try tracker.experiment(same).status == .archived)
        #expect(try !tracker.deleteExperiment(same))
        #expect(try tracker.experiment(same).status == .archived)
        #expect(try tracker.deleteExperiment(same, confirm: true))
        #expect(throws: ExperimentTracker.Failure.self) { try tracker.experiment(same) }
    }

    @Test func leaderboardRanksTiesAndMissingMetricsAsComputedIndependently() throws {
        let directory = TemporaryDirectory("tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let bests: [String: Double?] = ["a": 50, "b": 80, "c": 50, "d": nil, "e": 10]
        for (name, best) in bests {
            let id = try tracker.createExperiment(name: name, now: now)
            if let best { try tracker.logResult(id, episode: 0, metrics: ["profit": best - 5]); try tracker.logResult(id, episode: 1, metrics: ["profit": best]) }
            else { try tracker.logResult(id, episode: 0, metrics: ["sharpe": 1]) }
            try tracker.completeExperiment(id, now: now)
        }
        let board = tracker.leaderboard(metric: "profit", topN: 10)
        #expect(board.map(\.name) == ["b", "a", "c", "e", "d"])
        #expect(board.map(\.rank) == [1, 2, 2, 4, 5])
        #expect(board.map(\.value) == [80, 50, 50, 10, nil])
        #expect(tracker.leaderboard(metric: "profit", topN: 2).count == 2)
    }

    @Test func compareAndExportAreReadBack() throws {
        let directory = TemporaryDirectory("tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let one = try tracker.createExperiment(name: "lr3", hyperparameters: ["lr": .number(0.001), "gamma": .number(0.99)], now: now)
        let two = try tracker.createExperiment(name: "lr4", hyperparameters: ["lr": .number(0.0001), "gamma": .number(0.99)], now: now)
        try tracker.logResult(one, episode: 0, metrics: ["profit": 1])
        try tracker.logResult(two, episode: 0, metrics: ["profit": 3])
        let comparison = tracker.compareExperiments([one, "missing", two])
        #expect(comparison.experiments.map(\.id) == [one, two])
        #expect(comparison.warnings == ["skipped: no experiment missing in \(directory.path)/"])
        #expect(Set(comparison.differingHyperparameters.keys) == ["lr"])
        #expect(comparison.metrics["profit"]?[two]?.best == 3)
        // Only the metrics some result has; the guide's metrics_comparison lists, per metric, the experiments that have it.
        #expect(Set(comparison.metrics.keys) == ["profit"] && comparison.metricNames == ["profit", "sharpe", "win_rate", "drawdown"])
        #expect(comparison.metricsComparison("profit") == [.init(experiment: "lr3", mean: 1, std: 0, max: 1), .init(experiment: "lr4", mean: 3, std: 0, max: 3)])
        #expect(comparison.metricsComparison("sharpe").isEmpty && comparison.best(by: "profit") == two)
        let jsonURL = try tracker.exportComparison([one, two], format: .json, now: now)
        #expect(jsonURL.lastPathComponent == "comparison_20270115_080000.json")
        let exported = try JSONValue.decode(Data(contentsOf: jsonURL))
        guard case .array(let listed)? = exported["experiments"] else { Issue.record("no experiments list"); return }
        #expect(listed.map { $0["id"] } == [.string(one), .string(two)])
        #expect(listed[1]["profit_mean"] == .number(3) && listed[1]["total_episodes"] == .number(1) && listed[1]["best_episode"]?["profit"] == .number(3))
        #expect(exported["metrics_comparison"]?["profit"] == [["experiment": "lr3", "mean": 1, "std": 0, "max": 1], ["experiment": "lr4", "mean": 3, "std": 0, "max": 3]])
        #expect(exported["metrics_comparison"]?["sharpe"] == [])
        let csvURL = try tracker.exportComparison([one, two], format: .csv, outputPath: directory.file("out.csv"), metrics: ["profit"])
        #expect(csvURL.path == directory.file("out.csv"))
        let rows = try String(contentsOf: csvURL, encoding: .utf8).split(separator: "\n")
        #expect(rows[0] == "id,name,status,total_episodes,gamma,lr,profit_mean,profit_std,profit_max,profit_min,profit_final")
        #expect(rows[2] == "\(two),lr4,running,1,0.99,0.0001,3.0,0.0,3.0,3.0,3.0")
    }

    @Test func aCorruptRecordIsListedWithItsReasonAndNothingCrashes() throws {
        let directory = TemporaryDirectory("tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let good = try tracker.createExperiment(name: "good", now: now)
        directory.write("broken_1/experiment.json", "{\"id\": \"broken_1\", ")
        directory.write("partial_1/experiment.json", #"{"id": "partial_1", "name": "p"}"#)
        let listed = tracker.listExperiments()
        #expect(listed.map(\.id) == ["broken_1", good, "partial_1"])
        #expect(listed[0].problem?.contains("unreadable") == true)
        #expect(listed[2].problem?.contains("missing") == true)
        #expect(tracker.leaderboard(including: [.running]).map(\.id) == [good])
    }

    @Test func concurrentWritersOnDifferentExperimentsLoseNothing() throws {
        let directory = TemporaryDirectory("tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let ids = try (0..<4).map { try tracker.createExperiment(name: "run\($0)", now: now) }
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            for episode in 0..<500 { try? tracker.logResult(ids[index], episode: episode, metrics: ["profit": Double(episode)]) }
        }
        for id in ids { #expect(tracker.results(id).map(\.episode) == Array(0..<500)) }
    }
}
