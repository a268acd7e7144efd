import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

/// The every-metric view (`m`): its grid, filter, pages and zoom, and whole frames compared with
/// golden files (`GoldenFrame`).
@Suite struct MetricsGridTests {
    /// The demo run plus custom metrics, as the guide's users log them (`custom_score`, …).
    static func makeStore() -> RunStore {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var episodes = RecordBatch(catalog: catalog)
        var models = RecordBatch(catalog: catalog)
        var training = DemoTraining(seed: 7)
        for _ in 0..<400 {
            let step = training.next()
            let x = Double(step.episode)
            episodes.append(MetricRecord(episode: step.episode, values: [
                "profit": step.profit, "sharpe": step.sharpe, "win_rate": step.winRate, "drawdown": step.drawdown, "epsilon": step.epsilon,
                "learning_rate": step.learningRate, "custom_score": sin(x / 40), "volatility": 0.2 + 0.1 * cos(x / 25), "risk_score": x / 400,
                "train/value_loss": 1 / (x + 1),
            ]))
            models.append(MetricRecord(episode: step.episode, values: ["loss": step.loss]))
        }
        store.ingestEpisodes(episodes)
        store.ingestModelMetrics(models)
        return store
    }

    private let store = MetricsGridTests.makeStore()

    private func frame(_ state: AppState, width: Int, height: Int) -> String {
        let model = DashboardModel(store: store, smoothing: 10)
        return DashboardView.render(state: state, model: model, width: width, height: height).lines.joined(separator: "\n")
    }

    private func open(_ keys: [Key] = []) -> AppState {
        var state = TestRuns.state()
        _ = AppUpdate.handle(.character("m"), state: &state)
        for key in keys { _ = AppUpdate.handle(key, state: &state) }
        return state
    }

    private func names(matching filter: String) -> [String] {
        let list = MetricList(store: store)
        return list.indices(matching: filter).map { list.entries[$0].name }
    }

    @Test func everyMetricIsListedOnceAndTheAxesAreNot() {
        let all = MetricList(store: store).entries.map(\.name)
        #expect(Set(all) == ["profit", "sharpe", "win_rate", "drawdown", "epsilon", "learning_rate", "custom_score", "volatility", "risk_score",
                               "train/value_loss", "loss"])
        #expect(all.count == Set(all).count)
        // A step-keyed run's step metric is its x, not a chart.
        var steps = RunStore(catalog: MetricCatalog())
        var batch = RecordBatch(catalog: steps.catalog)
        batch.append(MetricRecord(episode: 2048, values: ["time/total_timesteps": 2048, "rollout/ep_rew_mean": 1]))
        steps.ingestEpisodes(batch)
        #expect(MetricList(store: steps).entries.map(\.name) == ["rollout/ep_rew_mean"])
        #expect(names(matching: "^(custom|risk)").sorted() == ["custom_score", "risk_score"])
        #expect(names(matching: "LOSS").sorted() == ["loss", "train/value_loss"])
        // Not a regular expression: matched as text.
        #expect(names(matching: "train/(").isEmpty)
        #expect(names(matching: "(").isEmpty)
    }

    /// A run seen growing: the every-metric view's charts leave it room to double, as the panels do.
    @Test func aGrowingRunsChartsLeaveItRoomToDouble() {
        let list = MetricList(store: store)
        let growing = DashboardModel(store: store, smoothing: 10, growing: true)
        #expect(growing.growing && growing.panels.allSatisfy { $0.roomToGrow })
        #expect(MetricsGridView.chart(list, 0, place: 1, smoothing: 10, xAxis: .episode, remapping: nil, growing: growing.growing).roomToGrow)
        #expect(!MetricsGridView.chart(list, 0, place: 1, smoothing: 10, xAxis: .episode, remapping: nil).roomToGrow)
    }

    @Test func theGridAt200x50MatchesItsGoldenFrame() throws {
        try GoldenFrame.expect(frame(open(), width: 200, height: 50).components(separatedBy: "\n"), matches: "metrics-200x50.txt")
    }

    @Test func theGridAt60x30PagesAndMatchesItsGoldenFrame() throws {
        let first = frame(open(), width: 60, height: 30)
        try GoldenFrame.expect(first.components(separatedBy: "\n"), matches: "metrics-60x30.txt")
        #expect(first.contains("page 1/"))
    }

    @Test func typingAFilterNarrowsTheGridAndEscCancelsIt() {
        var state = open([.character("/")] + "vol".map { Key.character($0) })
        #expect(state.metricsView.draft == "vol" && state.metricsView.filter.isEmpty)
        #expect(frame(state, width: 200, height: 50).contains("filter /vol▏"))
        _ = AppUpdate.handle(.enter, state: &state)
        let filtered = frame(state, width: 200, height: 50)
        #expect(filtered.contains("Every metric · 1 of 11 match /vol/"))
        #expect(filtered.contains("1 volatility") && !filtered.contains("custom_score"))
        // q while typing is a letter, not quit; Esc drops the draft; a control character is refused.
        _ = AppUpdate.handle(.character("/"), state: &state)
        #expect(AppUpdate.handle(.character("q"), state: &state) == .redraw)
        #expect(AppUpdate.handle(.character("\u{1B}"), state: &state) == AppEffect.none)
        _ = AppUpdate.handle(.escape, state: &state)
        #expect(state.metricsView.draft == nil && state.metricsView.filter == "vol")
        #expect(frame(open([.character("/"), .character("("), .enter]), width: 200, height: 50).contains("no metric matches /(/"))
    }

    @Test func pagesStopAtTheLastAndADigitZoomsAChart() {
        var state = open()
        let count = MetricList(store: store).entries.count
        state.metricsView.pageCount = MetricsGridLayout(rect: DashboardView.metricsArea(state: state, width: 60, height: 30), count: count).pages
        let pages = state.metricsView.pageCount
        #expect(pages > 1)
        for _ in 0..<(pages + 3) { _ = AppUpdate.handle(.character("n"), state: &state) }
        #expect(state.metricsView.page == pages - 1)
        #expect(frame(state, width: 60, height: 30).split(separator: "\n")[0].contains("page \(pages)/\(pages)"))
        _ = AppUpdate.handle(.character("k"), state: &state)
        #expect(state.metricsView.page == pages - 2)
        _ = AppUpdate.handle(.character("2"), state: &state)
        let zoomed = frame(state, width: 60, height: 30).split(separator: "\n")
        #expect(zoomed[1].hasPrefix("╭─ 2 ") && zoomed[1].hasSuffix("╮"))
        _ = AppUpdate.handle(.escape, state: &state)
        #expect(state.metricsView.zoomed == nil && state.metricsView.isOpen)
        _ = AppUpdate.handle(.escape, state: &state)
        #expect(!state.metricsView.isOpen)
    }

    @Test func theHelpListsTheViewsKeys() {
        let help = frame(open([.character("?")]), width: 120, height: 40)
        for line in MetricsViewKeys.map.helpLines { #expect(help.contains(line.action)) }
        #expect(AppUpdate.helpLines.contains { $0.keys == "m" })
    }
}
