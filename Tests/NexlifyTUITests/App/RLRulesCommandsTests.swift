import Foundation
import Testing
import TestSupport

/// The RL health rules through the real binary: `watch --once` on a DQN run whose Q-values
/// diverge alerts and posts the rule to a real webhook receiver on 127.0.0.1; the real
/// Stable-Baselines3 CartPole runs (`Tests/Fixtures/producers/make-sb3-cartpole.py`) raise none.
@Suite struct RLRulesCommandsTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/sb3").path

    /// Thresholds the seed's rules stay quiet at, so what speaks is the RL rules.
    private func config(_ scratch: ScratchDirectory, webhook: String? = nil) -> String {
        let hook = webhook.map { #""webhook": {"enabled": true, "url": "\#($0)"},"# } ?? ""
        return scratch.write("neural_config.json", #"""
            {"training_dashboard": {"alerts": {"enabled": true, \#(hook) "stall_seconds": 31536000,
              "thresholds": {"no_improvement_episodes": 1000000000, "critical_loss_threshold": 1e12, "min_profit_warning": -1e12}}}}
            """#)
    }

    /// A DQN run as the guide's logger streams it: its return flat, its Q mean climbing.
    private func divergingRun(_ scratch: ScratchDirectory) -> String {
        var episodes: [String] = []
        var models: [String] = []
        for episode in 0..<300 {
            let profit = 10 + Double((episode * 37) % 11) - 5
            episodes.append(#"{"episode": \#(episode), "profit": \#(profit), "epsilon": 0.05}"#)
            models.append(#"{"episode": \#(episode), "loss": 0.5, "q_values": {"mean": \#(1 + 0.05 * Double(episode)), "std": 0.1}}"#)
        }
        scratch.write("dqn/episodes.jsonl", episodes.joined(separator: "\n") + "\n")
        scratch.write("dqn/model_metrics.jsonl", models.joined(separator: "\n") + "\n")
        return scratch.path + "/dqn"
    }

    @Test func watchAlertsOnDivergingQValuesAndPostsTheRule() throws {
        let scratch = ScratchDirectory()
        let receiver = try HTTPReceiver()
        let output = try BinaryRunner.run(["watch", "--run", divergingRun(scratch), "--config", config(scratch, webhook: receiver.url + "/hook"), "--once"])
        #expect(output.status == 1, "\(output.standardOutput) \(output.standardError)")
        #expect(output.standardOutput.contains("[WARNING] Q-values overestimating"), "\(output.standardOutput)")
        #expect(output.standardOutput.contains("q_mean rose"))
        #expect(receiver.waitForRequests(1))
        let posted = receiver.requests.map(\.body).filter { $0.contains("q_overestimation") }
        #expect(posted.count == 1, "\(receiver.requests.map(\.body))")
        #expect(posted.first?.contains("Double DQN") == true)
        // `snapshot` marks it where it fired, on the Q-values panel, as the dashboard does.
        let frame = try BinaryRunner.run(["snapshot", "--run", scratch.path + "/dqn", "--width", "120", "--height", "40"])
        let rows = frame.standardOutput.components(separatedBy: "\n").map { String($0.dropFirst(60)) }
        let qTitle = try #require(rows.firstIndex { $0.contains("8 Q-values") }, "\(frame.standardOutput)")
        #expect(rows[qTitle...].first { $0.contains("ep 0") }?.contains("▲") == true, "\(frame.standardOutput)")
    }

    @Test func theRealStableBaselinesCartPoleRunsRaiseNoRLRule() throws {
        let scratch = ScratchDirectory()
        let configPath = config(scratch)
        for name in ["ppo-cartpole", "dqn-cartpole"] {
            try FileManager.default.copyItem(atPath: Self.fixtures + "/" + name, toPath: scratch.path + "/" + name)
            let output = try BinaryRunner.run(["watch", "--run", scratch.path + "/" + name, "--config", configPath, "--once"])
            #expect(output.status == 0, "\(name): \(output.standardOutput) \(output.standardError)")
            for title in ["Q-values overestimating", "Exploration collapsed", "Loss falls while the return falls", "Gradients exploding",
                          "Learning rate schedule ended"] {
                #expect(!output.standardOutput.contains(title), "\(name): \(output.standardOutput)")
            }
        }
    }
}
