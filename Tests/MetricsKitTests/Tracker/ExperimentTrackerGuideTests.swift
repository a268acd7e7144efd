import Foundation
import Testing
@testable import MetricsKit

/// The guide's ExperimentTracker behaviours, translated from its package's own test cases, and a
/// round trip with a Python reader and writer that follow SEED-FORMATS.md.
@Suite struct ExperimentTrackerGuideTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func completedExperiment(_ tracker: ExperimentTracker, _ name: String, profits: [Double], lr: Double,
                                     completedAfter seconds: Double = 100) throws -> String {
        let id = try tracker.createExperiment(name: name, hyperparameters: ["learning_rate": .number(lr), "batch_size": 64, "layers": [64, 64]],
                                              description: "d", tags: ["dqn", name], now: now)
        for (episode, profit) in profits.enumerated() {
            try tracker.logResult(id, episode: episode, metrics: ["profit": profit, "sharpe": profit / 10], now: now.addingTimeInterval(Double(episode)))
        }
        try tracker.completeExperiment(id, finalMetrics: ["total_episodes": Double(profits.count)], now: now.addingTimeInterval(seconds))
        return id
    }

    @Test func initCreatesTheDirectoryAndExperimentsAreHeldInMemory() throws {
        let directory = TemporaryDirectory("guide-tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.file("nested/experiments"))
        #expect(ExperimentTracker.isRealDirectory(directory.file("nested/experiments")))
        let id = try completedExperiment(tracker, "a", profits: [5, 12.5, 9], lr: 0.001)
        let held = try #require(tracker.experiments[id])
        #expect(held.results.map(\.episode) == [0, 1, 2] && held.results[1].timestamp == now.addingTimeInterval(1))
        #expect(held.bestEpisode?.episode == 1 && held.bestEpisode?.metrics["profit"] == 12.5)
        #expect(held.record.status == .completed && held.record.finalMetrics == ["total_episodes": 3])
        // A second tracker loads the same from disk.
        let other = ExperimentTracker(experimentsDir: directory.file("nested/experiments"))
        #expect(other.experiments.isEmpty)
        let loaded = try other.loadExperiment(id)
        #expect(loaded.results == held.results && loaded.bestEpisode == held.bestEpisode && other.experiments[id] == loaded)
        #expect(try tracker.saveExperiment(id).path == directory.file("nested/experiments/\(id)/experiment.json"))
    }

    @Test func summaryListLeaderboardAndDeleteAsTheGuides() throws {
        let directory = TemporaryDirectory("guide-tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let low = try completedExperiment(tracker, "low", profits: [1, 2, 3], lr: 0.01, completedAfter: 100)
        let high = try completedExperiment(tracker, "high", profits: [10, 30, 20], lr: 0.001, completedAfter: 200)
        let running = try tracker.createExperiment(name: "running", tags: ["ppo"], now: now)
        try tracker.logResult(running, episode: 0, metrics: ["profit": 100])

        let summary = try tracker.experimentSummary(high)
        #expect(summary.totalEpisodes == 3 && summary.bestEpisode?.episode == 1)
        #expect(summary.id == high && summary.name == "high" && summary.status == .completed && summary.created == now)
        #expect(summary.hyperparameters["learning_rate"] == .number(0.001) && Set(summary.statistics.keys) == ["profit", "sharpe"])
        #expect(summary.metrics["profit"] == MetricSummary(final: 20, best: 30, mean: 20, std: (200.0 / 3).squareRoot(), min: 10, episodes: 3))

        #expect(tracker.listExperiments(status: .completed).map(\.id) == [high, low])
        #expect(tracker.listExperiments(status: nil, tags: ["ppo", "low"]).map(\.id) == [low, running])
        #expect(tracker.listExperiments(status: .running, tags: ["dqn"]).isEmpty)

        // Completed experiments only, in the order they completed (the guide appends each); the
        // running one with 100 is not on it. Only the ranked leaderboard sorts.
        #expect(tracker.leaderboard.map(\.id) == [low, high])
        #expect(tracker.leaderboard.last?.bestProfit == 30 && tracker.leaderboard.last?.averageProfit == 20 && tracker.leaderboard.last?.bestSharpe == 3)
        #expect(tracker.leaderboard(metric: "profit").map(\.id) == [high, low])
        #expect(tracker.leaderboard(metric: "profit", including: [.completed, .running]).map(\.id) == [running, high, low])
        let board = try JSONValue.decode(Data(contentsOf: URL(fileURLWithPath: directory.file("leaderboard.json"))))
        if case .array(let rows) = board { #expect(rows.map { $0["id"] } == [.string(low), .string(high)]) } else { Issue.record("no leaderboard list") }
        // As the guide's plain dict: an entry dropped is read back from disk.
        tracker.experiments[high] = nil
        #expect(tracker.experiments[high] == nil)
        #expect(try tracker.loadExperiment(high).results.count == 3 && tracker.experiments[high] != nil)

        #expect(try !tracker.deleteExperiment(low))
        #expect(ExperimentTracker.isRealDirectory(directory.file(low)))
        #expect(try tracker.deleteExperiment(low, confirm: true))
        #expect(!FileManager.default.fileExists(atPath: directory.file(low)) && tracker.experiments[low] == nil)
    }

    @Test func whatOursWritesThePythonReaderLoads() throws {
        let directory = TemporaryDirectory("guide-tracker")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let id = try completedExperiment(tracker, "dqn_baseline", profits: [5, 12.5, .nan, 9], lr: 0.001)
        let loaded = try PythonScript.run(GuideReader.experiment, [directory.path, id])
        let record = try #require(loaded["record"])
        #expect(record["id"] == .string(id) && record["name"] == "dqn_baseline" && record["status"] == "completed")
        #expect(record["hyperparameters"] == ["learning_rate": 0.001, "batch_size": 64, "layers": [64, 64]])
        #expect(record["created"] == .string(LocalTime.isoformat(now)) && record["completed"] == .string(LocalTime.isoformat(now.addingTimeInterval(100))))
        #expect(record["best_episode"]?["episode"] == 1 && record["best_episode"]?["profit"] == 12.5)
        if case .array(let results)? = record["results"] { #expect(results.count == 4 && results[3]["sharpe"] == 0.9) } else { Issue.record("no results") }
        if case .array(let rows)? = loaded["leaderboard"] {
            #expect(rows.count == 1 && rows[0]["best_profit"] == 12.5 && rows[0]["total_episodes"] == 4 && rows[0]["avg_profit"] == .number((5 + 12.5 + 9) / 3))
        } else { Issue.record("no leaderboard") }
    }

    @Test func whatTheGuidesTrackerWritesOursLoadsAndExtends() throws {
        let directory = TemporaryDirectory("guide-tracker")
        let written = try PythonScript.run(GuideReader.writeExperiment, [directory.path])
        guard case .string(let id)? = written["id"] else { Issue.record("no id"); return }
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let loaded = try tracker.loadExperiment(id)
        #expect(loaded.record.name == "guide_exp" && loaded.record.status == .completed && loaded.record.tags == ["dqn", "guide"])
        #expect(loaded.record.hyperparameters["batch_size"] == 64 && loaded.record.hyperparameters["layers"] == [64, 64]
                && loaded.record.hyperparameters["schedule"] == .json(.null) && loaded.record.hyperparameters["double_dqn"] == .flag(true))
        #expect(loaded.results.map(\.episode) == [0, 1, 2, 3] && loaded.bestEpisode?.episode == 1)
        #expect(loaded.record.completedAt != nil && loaded.results[1].timestamp != nil)
        #expect(tracker.leaderboard.map(\.id) == [id] && tracker.leaderboard[0].bestProfit == 12.5)
        // Logging more keeps every result: the embedded ones start the results file.
        try tracker.logResult(id, episode: 4, metrics: ["profit": 20])
        #expect(tracker.results(id).compactMap(\.episode) == [0, 1, 2, 3, 4])
        try tracker.saveExperiment(id)
        let again = try PythonScript.run(GuideReader.experiment, [directory.path, id])
        #expect(again["record"]?["best_episode"]?["episode"] == 4)
        try tracker.archiveExperiment(id)
        #expect(ExperimentTracker.isRealDirectory(directory.file("archived/\(id)")))
    }
}
