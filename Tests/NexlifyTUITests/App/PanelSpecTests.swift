import Foundation
import MetricsKit
import Testing
import TestSupport
@testable import NexlifyTUI

/// Which metric feeds which panel: the table's candidates, the config's choice, and what a panel
/// without a source says.
@Suite struct PanelSpecTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tensorboard").path

    /// A Stable-Baselines3 run as TensorBoard saw it (rollout/*, train/* tags).
    private func sb3Store() throws -> RunStore {
        let source = try RunSource(path: Self.fixtures + "/scalars", mustExist: true)
        source.readToEnd()
        return source.store
    }

    @Test func theTableDrivesEveryPanelAndItsZoomKey() {
        #expect(PanelKind.allCases.count == PanelSpec.all.count)
        #expect(PanelKind.allCases.map(\.title) == PanelSpec.all.map(\.title))
        #expect(Set(PanelSpec.keys).count == PanelSpec.all.count)
        var state = AppState(theme: .cyberpunk)
        for kind in PanelKind.allCases {
            _ = AppUpdate.handle(.character(Character(String(kind.rawValue))), state: &state)
            #expect(state.zoomed == kind)
        }
        #expect(AppUpdate.handle(.character(Character(String(PanelKind.allCases.count + 1))), state: &state) == .none)
    }

    @Test func anSB3RunsPanelsShowItsMetricsAndSayWhich() throws {
        let model = DashboardModel(store: try sb3Store(), smoothing: 10)
        #expect(model.panel(.profit).title == "1 Profit/Loss" && model.panel(.profit).titleSource == "rollout/ep_rew_mean")
        #expect(model.panel(.profit).valueText == "96")
        #expect(model.panel(.loss).titleSource == "train/loss")
        #expect(model.panel(.epsilon).titleSource == "rollout/exploration_rate")
        #expect(model.panel(.learningRate).titleSource == "train/learning_rate")
        // In full where it fits; where it does not, the source keeps its last part.
        let wide = DashboardView.render(state: TestRuns.state(), model: model, width: 200, height: 50).lines.joined(separator: "\n")
        #expect(wide.contains("1 Profit/Loss · rollout/ep_rew_mean"))
        let narrow = DashboardView.render(state: TestRuns.state(), model: model, width: 160, height: 40).lines.joined(separator: "\n")
        #expect(narrow.contains("1 Profit/Loss · …/ep_rew_mean") && narrow.contains("3 Epsilon · …/explor"))
        #expect(model.panel(.winRate).title == "5 Win rate (profitable episodes)")
        // The run has no Sharpe: its place shows the run's other metric; nothing is left for drawdown.
        #expect(model.panel(.sharpe).title == "6 weights/norm" && model.panel(.drawdown).missingMessage == "no drawdown in this run")
        // The KPI cards follow the profit panel, and count steps.
        #expect(model.latestProfit == 96 && model.bestProfit == 96 && model.bestEpisode == 49)
        let stepped = DashboardModel(store: try sb3Store(), smoothing: 10, xAxis: .step).kpis(freshness: .good)
        #expect(stepped[0].title == "Step" && stepped[2].detail == "step 49")
    }

    @Test func theConfigChoosesAPanelsMetricAndAMissingChoiceIsNamed() throws {
        let store = try sb3Store()
        let roles = try MetricRoles(config: ["sharpe": "weights/norm", "drawdown": "my_drawdown"])
        let chosen = DashboardModel(store: store, smoothing: 10, roles: roles)
        #expect(chosen.panel(.sharpe).titleSource == "weights/norm")
        #expect(chosen.panel(.sharpe).missingMessage == nil)
        #expect(chosen.panel(.drawdown).missingMessage == "no my_drawdown in this run")
        #expect(throws: MetricRoles.Failure.self) { try MetricRoles(config: ["profits": "x"]) }
        do {
            _ = try MetricRoles(config: ["profits": "x"])
        } catch {
            #expect(error.description == "training_dashboard.panels.profits: no such role; the roles are profit, loss, epsilon, learning_rate, win_rate, sharpe, drawdown, q_values, q_std, entropy, gradient_norm")
        }
    }

    /// A TensorBoard run of `steps` steps logging `tags` (step-keyed).
    private func tensorBoardStore(steps: Int, tags: [String]) throws -> RunStore {
        let directory = ScratchDirectory()
        FileManager.default.createFile(atPath: directory.path + "/events.out.tfevents.1.host.1.0", contents: Data(TensorBoardEventFile.bytes(steps: steps, tags: tags)))
        let source = try RunSource(path: directory.path, mustExist: true)
        source.readToEnd()
        return source.store
    }

    @Test func aTensorBoardRunsCustomTagsFillTheSharpeDrawdownAndQPanels() throws {
        let store = try tensorBoardStore(steps: 200, tags: ["custom/sharpe", "custom/drawdown", "q/mean", "q/std"])
        let model = DashboardModel(store: store, smoothing: 10, xAxis: .step)
        #expect(model.panel(.sharpe).missingMessage == nil && model.panel(.sharpe).titleSource == "custom/sharpe")
        #expect(model.panel(.drawdown).missingMessage == nil && model.panel(.drawdown).titleSource == "custom/drawdown")
        #expect(model.panel(.qValues).titleSource == "q/mean")
        #expect(model.panel(.qValues).layers.contains { $0.mode == .band }, "the q/std band")
    }

    @Test func everyPanelOfARunSpansTheSameSteps() throws {
        // Longer than the store keeps point by point: the older steps are history buckets.
        let store = try tensorBoardStore(steps: 20_000, tags: ["rollout/ep_rew_mean", "train/loss"])
        let model = DashboardModel(store: store, smoothing: 10, xAxis: .step)
        let span = try #require(model.panel(.profit).xRange)
        #expect(span.lowerBound == 0 && span.upperBound == 19_999)
        #expect(model.panel(.loss).xRange == span)
        #expect(model.panel(.winRate).title == "5 Win rate (profitable episodes)")
        #expect(model.panel(.winRate).xRange == span)
        let drawn = model.panel(.winRate).layers.flatMap(\.samples).map(\.x)
        #expect((drawn.min() ?? .infinity) < 1_000 && drawn.max() == 19_999)
    }

    @Test func aNinthPanelRowIsDrawnInEveryLayout() {
        let ninth = PanelSpec(title: "Loss raw", legend: "loss raw", role: .loss, colour: .run(4), drawing: .raw)
        let model = DashboardModel(store: TestRuns.demoStore(episodes: 300), smoothing: 10, specs: PanelSpec.all + [ninth])
        #expect(model.panels.count == 9 && model.panels[8].title == "9 Loss raw" && model.panels[8].missingMessage == nil)
        for (width, height) in [(200, 50), (160, 40), (120, 40), (80, 24), (60, 30), (40, 12)] {
            var state = TestRuns.state()
            state.scroll = 8
            let frame = DashboardView.render(state: state, model: model, width: width, height: height).lines.joined(separator: "\n")
            #expect(frame.contains("9 Loss raw"), "\(width)×\(height)")
        }
    }

    @Test func theGuidesRunKeepsItsTitles() {
        let model = DashboardModel(store: TestRuns.demoStore(episodes: 100), smoothing: 10)
        #expect(model.panels.map(\.title) == PanelKind.allCases.map { "\($0.rawValue) \($0.title)" })
    }

    @Test func summaryOfAnSB3RunGivesItsRewardAsProfit() throws {
        let store = try sb3Store()
        let summary = RunSummary(store: store, skippedLines: 0)
        #expect(summary.bestProfit == 96 && summary.bestEpisode == 49)
        #expect(summary.latestEpsilon == Double(Float(0.05)) && summary.latestLoss == Double(Float(1.0 / 50)))
    }
}
