import Foundation
import MetricsKit
import Testing
import TestSupport
@testable import NexlifyTUI

/// A PPO run has no epsilon, sharpe, drawdown or Q-values: those places show the metrics it does
/// log, the most useful first, and a place the config asked for keeps saying what is missing.
@Suite struct PanelFillTests {
    private func ppoStore() -> RunStore {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        for step in 0..<40 {
            batch.append(MetricRecord(episode: step * 2048, values: [
                "rollout/ep_rew_mean": Double(step), "train/loss": 1 / Double(step + 1), "train/learning_rate": 3e-4,
                "train/value_loss": 2 / Double(step + 1), "train/entropy_loss": -0.6, "train/approx_kl": 0.01, "rollout/ep_len_mean": 200,
                "time/fps": 900, "train/n_updates": Double(step * 10), "zeta_custom": 1,
            ]))
        }
        store.ingestEpisodes(batch)
        return store
    }

    @Test func emptyPlacesShowTheRunsOtherMetricsMostUsefulFirst() {
        let model = DashboardModel(store: ppoStore(), smoothing: 10, xAxis: .step)
        #expect(model.panels.map(\.title) == ["1 Profit/Loss", "2 Training loss (log)", "3 train/entropy_loss", "4 Learning rate",
                                             "5 Win rate (profitable episodes)", "6 train/value_loss", "7 train/approx_kl", "8 rollout/ep_len_mean"])
        #expect(model.panels.allSatisfy { $0.missingMessage == nil })
        #expect(model.panel(.epsilon).valueText == "-0.6" && model.panel(.epsilon).titleSource == nil)
        let text = DashboardView.render(state: TestRuns.state(), model: model, width: 200, height: 50).lines.joined(separator: "\n")
        #expect(!text.contains("in this run") && text.contains("3 train/entropy_loss"))
    }

    @Test func aPlaceTheConfigNamesKeepsSayingItIsMissingAndCountersAreNotCharted() {
        let roles = MetricRoles(overrides: [.epsilon: "my_epsilon"])
        let model = DashboardModel(store: ppoStore(), smoothing: 10, roles: roles, xAxis: .step)
        #expect(model.panel(.epsilon).missingMessage == "no my_epsilon in this run")
        let titles = model.panels.map(\.title)
        #expect(Array(titles[5...]) == ["6 train/entropy_loss", "7 train/value_loss", "8 train/approx_kl"])
        #expect(!titles.contains { $0.contains("time/") || $0.contains("n_updates") })
    }

    /// The guide's own snapshot series logs every panel's metric: nothing is filled in, nothing
    /// is missing.
    @Test func theGuidesSnapshotSeriesFillsEveryPanelWithItsOwnMetric() throws {
        let scratch = ScratchDirectory()
        var episodes: [String] = []
        var models: [String] = []
        for episode in 0..<30 {
            let stamp = String(format: "2026-12-01T06:20:%02d.500000", episode)
            episodes.append(#"{"timestamp": "\#(stamp)", "episode": \#(episode), "profit": \#(Double(episode) - 10), "sharpe": 0.5, "win_rate": 0.6, "#
                            + #""drawdown": -2.0, "num_trades": 12, "epsilon": \#(1 - Double(episode) / 60), "learning_rate": 0.001}"#)
            models.append(#"{"timestamp": "\#(stamp)", "loss": \#(1 / Double(episode + 1)), "q_values": {"mean": 1.5, "std": 0.2, "min": 1, "max": 2}, "#
                          + #""gradients": null, "weights": null}"#)
        }
        _ = scratch.write("dqn_20261201_062048.json", #"{"experiment_name": "dqn", "timestamp": "20261201_062048", "episode_metrics": ["#
                          + episodes.joined(separator: ",") + #"], "model_metrics": ["# + models.joined(separator: ",") + "]}")
        let source = try RunSource(path: scratch.path + "/dqn")
        while source.poll().moreRemaining {}
        let model = DashboardModel(store: source.store, smoothing: 10)
        #expect(model.panels.map(\.title) == ["1 Profit/Loss", "2 Training loss (log)", "3 Epsilon", "4 Learning rate", "5 Win rate",
                                             "6 Sharpe", "7 Drawdown", "8 Q-values"], "\(model.panels.map(\.title))")
        #expect(model.panels.allSatisfy { $0.missingMessage == nil && $0.titleSource == nil })
    }
}

