import Foundation
import Testing
@testable import AlertKit
@testable import MetricsKit

/// The guide's "Full Integration Example" in Swift: a training loop with the tracker, the
/// logger and the alert system together, and what it leaves on disk read back by the readers
/// the dashboard uses.
@Suite struct GuideIntegrationTests {
    @Test func aTrainingLoopWithAllThreeLeavesTheGuidesFiles() async throws {
        let root = NSTemporaryDirectory() + "integration-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let tracker = ExperimentTracker(experimentsDir: root + "/experiments")
        let id = try tracker.createExperiment(name: "dqn_with_monitoring", hyperparameters: ["learning_rate": 0.001, "gamma": 0.99],
                                              description: "integration", tags: ["dqn"])
        let channel = RecordingChannel()
        let alerts = try AlertSystem(config: AlertConfig(), run: id, channels: [channel], alertLogPath: root + "/training_logs/alerts.log")
        var bestProfit = -Double.infinity
        let start = Date()
        try MetricsLogger.with(experimentName: id, outputDir: root + "/training_logs") { logger in
            for episode in 0..<120 {
                let profit = episode < 60 ? -1.0 : Double(episode) - 60
                logger.logEpisode(episode: episode, profit: profit, sharpe: profit / 50, winRate: 0.5, epsilon: max(0.05, 1 - Double(episode) / 100))
                if episode % 5 == 0 { logger.logModelMetrics(loss: 1 / Double(episode + 1), qValues: [1, 2, 3]) }
                if let latest = logger.latestEpisode {
                    alerts.checkTrainingHealth(latestEpisode: latest, recentHistory: logger.episodeHistory(lastN: 100),
                                               now: start.addingTimeInterval(Double(episode)))
                }
                if profit > bestProfit {
                    bestProfit = profit
                    alerts.sendNewBestModel(episode: episode, profit: profit, now: start.addingTimeInterval(Double(episode)))
                }
                try tracker.logResult(id, episode: episode, metrics: ["profit": profit, "sharpe": profit / 50])
            }
            let stats = logger.statistics()
            try tracker.completeExperiment(id, finalMetrics: ["total_episodes": Double(stats.totalEpisodes), "best_profit": stats.bestProfit ?? 0])
            alerts.sendTrainingComplete(totalEpisodes: stats.totalEpisodes, bestProfit: stats.bestProfit ?? 0, bestSharpe: stats.bestSharpe ?? 0,
                                        trainingTime: stats.trainingTime, now: start.addingTimeInterval(200))
        }
        await alerts.flush()

        // The live run log and the guide's final snapshot, both read as the dashboard reads them.
        let live = try RunSource(path: root + "/training_logs/" + id, mustExist: true)
        live.readToEnd()
        #expect(live.store.episodeCount == 120 && live.store.modelRecordCount == 24 && live.isComplete)
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: root + "/training_logs").filter { $0.hasPrefix(id + "_") && $0.hasSuffix(".json") }
        #expect(!snapshots.isEmpty)
        // The alerts the trainer sent: New Best Model once (its title is throttled for 300 s), Training
        // Complete at the end; No Improvement needs 100 episodes without a profit and there were 60.
        let logged = TrainerAlertLog(path: root + "/training_logs/alerts.log").readToEnd().map(\.title)
        #expect(logged == ["New Best Model", "Training Complete"])
        #expect(channel.events.map(\.title) == logged)
        #expect(tracker.leaderboard.map(\.id) == [id] && tracker.leaderboard[0].bestProfit == 59 && tracker.leaderboard[0].totalEpisodes == 120)
        #expect(tracker.experiments[id]?.bestEpisode?.episode == 119)
    }
}
