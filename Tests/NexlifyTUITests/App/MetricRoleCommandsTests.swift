import Foundation
import MetricsKit
import Testing
import TestSupport

/// The metric-role table through what users run on Stable-Baselines3 and TensorBoard runs:
/// `watch --once` alerts on their reward and loss, `summary` counts steps, the runs table has
/// figures.
@Suite struct MetricRoleCommandsTests {
    private static let tensorboard = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tensorboard/scalars").path

    /// A PPO run's `progress.csv` as SB3's `CSVOutputFormat` leaves it: ten dumps, the last with
    /// `train/loss` 9.7 and `rollout/ep_rew_mean` 186.
    private func ppoRun(_ scratch: ScratchDirectory, name: String = "ppo") -> String {
        var lines = ["rollout/ep_len_mean,rollout/ep_rew_mean,time/fps,time/iterations,time/total_timesteps,train/approx_kl,train/entropy_loss,train/learning_rate,train/loss,train/value_loss"]
        for iteration in 1...10 {
            let reward = iteration == 10 ? 186 : 20 * iteration - 50
            let loss = iteration == 10 ? 9.7 : 12.0 - Double(iteration)
            lines.append("200,\(reward),1500,\(iteration),\(2048 * iteration),0.01,-1.38,0.0003,\(loss),\(loss * 2)")
        }
        _ = scratch.write("\(name)/progress.csv", lines.joined(separator: "\n") + "\n")
        return scratch.path + "/" + name
    }

    private func config(_ scratch: ScratchDirectory, criticalLoss: Double, minProfit: Double) -> String {
        scratch.write("neural_config.json", #"""
            {"training_dashboard": {"alerts": {"enabled": true,
              "thresholds": {"critical_loss_threshold": \#(criticalLoss), "min_profit_warning": \#(minProfit)}}}}
            """#)
    }

    @Test func watchOnAnSB3RunAlertsOnItsRewardAndLoss() throws {
        let scratch = ScratchDirectory()
        let run = ppoRun(scratch)
        let output = try BinaryRunner.run(["watch", "--run", run, "--config", config(scratch, criticalLoss: 1, minProfit: 1000), "--once"])
        #expect(output.status == 2, "\(output.standardOutput) \(output.standardError)")
        #expect(output.standardOutput.contains("[CRITICAL] Loss too high") && output.standardOutput.contains("9.7"))
        #expect(output.standardOutput.contains("[WARNING] Profit below warning level") && output.standardOutput.contains("186"))
        // Thresholds the run stays within raise nothing.
        let calm = try BinaryRunner.run(["watch", "--run", ppoRun(scratch, name: "calm"), "--config",
                                         config(scratch, criticalLoss: 100, minProfit: -1000), "--once"])
        #expect(calm.status == 0, "\(calm.standardOutput)")
    }

    @Test func watchOnATensorBoardRunAlertsOnItsRewardAndLoss() throws {
        let scratch = ScratchDirectory()
        try FileManager.default.copyItem(atPath: Self.tensorboard, toPath: scratch.path + "/tb")
        // The fixture's last train/loss is 0.02 and its last rollout/ep_rew_mean 96.
        let output = try BinaryRunner.run(["watch", "--run", scratch.path + "/tb", "--config", config(scratch, criticalLoss: 0.01, minProfit: 1000), "--once"])
        #expect(output.status == 2, "\(output.standardOutput) \(output.standardError)")
        #expect(output.standardOutput.contains("[CRITICAL] Loss too high"))
        #expect(output.standardOutput.contains("[WARNING] Profit below warning level"))
    }

    @Test func summaryOfAStepKeyedRunCountsStepsAndTakesItsReward() throws {
        let scratch = ScratchDirectory()
        let run = ppoRun(scratch)
        let text = try BinaryRunner.run(["summary", "--run", run])
        #expect(text.status == 0, "\(text.standardError)")
        let rows = text.standardOutput.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.contains("logged steps 10") && rows.contains("latest step 20480"), "\(text.standardOutput)")
        #expect(rows.contains("best profit 186 (step 20480)"))
        #expect(!text.standardOutput.contains("episode"), "\(text.standardOutput)")
        let json = try JSONSerialization.jsonObject(with: Data(try BinaryRunner.run(["summary", "--run", run, "--json"]).standardOutput.utf8)) as! [String: Any]
        #expect(json["x_axis"] as? String == "step")
        #expect(json["best_profit"] as? Double == 186 && json["latest_loss"] as? Double == 9.7)
    }

    @Test func theRunsTableHasFiguresForSB3AndTensorBoardRuns() throws {
        let scratch = ScratchDirectory()
        _ = ppoRun(scratch)
        try FileManager.default.copyItem(atPath: Self.tensorboard, toPath: scratch.path + "/tb")
        let runs = RunCollection(path: scratch.path)
        while runs.refresh().moreRemaining {}
        let ppo = try #require(runs.entries.first { $0.name == "ppo" })
        #expect(ppo.latestProfit == 186 && ppo.bestProfit == 186)
        // Of the last 20 logged rewards (all ten), 8 are above zero: 20·i − 50 > 0 from i = 3.
        #expect(ppo.winRate == 80)
        let tb = try #require(runs.entries.first { $0.name == "tb" })
        #expect(tb.bestProfit == 96)
    }
}
