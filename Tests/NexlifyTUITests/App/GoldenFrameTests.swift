import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

/// The dashboard, the runs view and the compare view as whole frames, every cell of text, at the
/// sizes people run them in (a wide pane, the classic 80×24, a tmux side pane, the minimum),
/// compared with golden files (`GoldenFrame`: `UPDATE_GOLDEN=1 swift test --filter Golden`).
@Suite struct GoldenFrameTests {
    private static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [(200, 50), (80, 24), (60, 30), (40, 12)])
    func theDashboardMatchesItsGoldenFrame(size: (width: Int, height: Int)) throws {
        let model = DashboardModel(store: MetricsGridTests.makeStore(), smoothing: 10)
        let frame = DashboardView.render(state: TestRuns.state(), model: model, width: size.width, height: size.height)
        try GoldenFrame.expect(frame.lines, matches: "dashboard-\(size.width)x\(size.height).txt")
    }

    @Test func theDashboardOfAnSB3RunMatchesItsGoldenFrame() throws {
        // Step-keyed, its own names in the titles, four panels the run cannot fill.
        var records = RecordBatch(catalog: MetricCatalog())
        for iteration in 1...120 {
            records.append(MetricRecord(episode: 2048 * iteration, values: [
                "rollout/ep_rew_mean": -50 + 1.25 * Double(iteration) + 8 * sin(Double(iteration) / 5), "train/loss": 2 / Double(iteration),
                "train/learning_rate": 0.0003, "rollout/exploration_rate": max(0.05, 1 - Double(iteration) / 60),
            ]))
        }
        var store = RunStore(catalog: records.catalog)
        store.ingestEpisodes(records)
        let model = DashboardModel(store: store, smoothing: 10, xAxis: .step)
        try GoldenFrame.expect(DashboardView.render(state: TestRuns.state(), model: model, width: 160, height: 40).lines, matches: "dashboard-sb3-160x40.txt")
    }

    private func entry(_ name: String, best: Double?, latest: Double?, episodes: Int, learningRate: Double, status: RunEntry.Status, updated: Double) -> RunEntry {
        var entry = RunEntry(name: name, path: "/exp/" + name)
        entry.experiment = Experiment(id: name, name: name, description: "", tags: ["dqn"], hyperparameters: ["learning_rate": .number(learningRate)],
                                      status: .running, createdAt: Self.now, completedAt: nil, finalMetrics: [:])
        entry.bestProfit = best
        entry.latestProfit = latest
        entry.episodes = episodes
        entry.status = status
        entry.sharpe = best.map { $0 / 100 }
        entry.winRate = best == nil ? nil : 55
        entry.lastUpdate = Self.now.addingTimeInterval(-updated)
        return entry
    }

    @Test(arguments: [(120, 14), (80, 24)])
    func theRunsViewMatchesItsGoldenFrame(size: (width: Int, height: Int)) throws {
        let entries = [
            entry("dqn_lr_0.001", best: 1_240, latest: 980, episodes: 5_000, learningRate: 0.001, status: .running, updated: 4),
            entry("dqn_lr_0.0005", best: 310, latest: -20, episodes: 1_200, learningRate: 0.0005, status: .stalled, updated: 900),
            entry("dqn_lr_0.0001", best: 88.5, latest: 60, episodes: 20_000, learningRate: 0.0001, status: .completed, updated: 7_200),
            entry("ppo_waiting", best: nil, latest: nil, episodes: 0, learningRate: 0.0003, status: .waiting, updated: 30),
        ]
        var state = RunsState(theme: .cyberpunk, path: "experiments")
        state.sort = .bestProfit
        state.descending = true
        state.selected = "/exp/dqn_lr_0.0005"
        state.marked = ["/exp/dqn_lr_0.001", "/exp/dqn_lr_0.0001"]
        let rows = RunsOrder.visible(entries, state: state)
        let frame = RunsView.render(state: state, rows: rows, total: entries.count, now: Self.now, width: size.width, height: size.height)
        try GoldenFrame.expect(frame.lines, matches: "runs-\(size.width)x\(size.height).txt")
    }

    @Test(arguments: [(200, 50), (80, 24)])
    func theCompareViewMatchesItsGoldenFrame(size: (width: Int, height: Int)) throws {
        let model = CompareModel(runs: [("dqn_seed_7", TestRuns.demoStore(episodes: 300, seed: 7)), ("dqn_seed_11", TestRuns.demoStore(episodes: 200, seed: 11))],
                                 smoothing: 10)
        var status = SourceStatus()
        status.runPath = "compare dqn_seed_7, dqn_seed_11"
        status.state = "following"
        let frame = CompareView.render(state: TestRuns.state(), model: model, status: status, width: size.width, height: size.height)
        try GoldenFrame.expect(frame.lines, matches: "compare-\(size.width)x\(size.height).txt")
    }
}
