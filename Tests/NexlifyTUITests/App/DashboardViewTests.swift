import MetricsKit
import Testing
@testable import NexlifyTUI

@Suite struct DashboardViewTests {
    static let model = DashboardModel(store: TestRuns.demoStore(episodes: 600), smoothing: 10)

    @Test(arguments: BuiltInThemes.names, [(200, 50), (120, 40), (60, 30)])
    func everyThemeAndLayoutDrawsAFullFrame(theme: String, size: (Int, Int)) {
        let state = TestRuns.state(theme: theme)
        let frame = DashboardView.render(state: state, model: Self.model, width: size.0, height: size.1)
        let text = frame.lines.joined(separator: "\n")
        #expect(frame.lines.count == size.1 && frame.lines.allSatisfy { $0.count == size.0 })
        let expectedPanels = size.0 >= 80 ? PanelKind.allCases : [.profit, .loss, .epsilon]
        for kind in expectedPanels { #expect(text.contains("\(kind.rawValue) \(kind.title)".prefix(12)), "\(kind) missing at \(size)") }
        for title in ["Episode", "Profit", "Sharpe", "Epsilon"] { #expect(text.contains(title)) }
        #expect(frame.lines.last!.contains("dqn │ following"))
        #expect(frame.lines.last!.contains("updated now"))
        #expect(text.contains("599"))
        // Colours come from the theme: the background everywhere, the border on the first panel.
        let themed = state.theme
        #expect(frame.cells.allSatisfy { $0.style.background != nil })
        #expect(frame[0, size.1 - 1].style.background == themed[.statusBackground])
        #expect(text.contains("⠀") == false)
    }

    @Test func kpiColoursFollowTheThresholds() {
        #expect(KPI.profit(-1) == .critical && KPI.profit(0) == .good)
        #expect(KPI.bestProfit(0) == .critical && KPI.bestProfit(5) == .good)
        #expect(KPI.recentAverage(-1, overall: 5) == .critical && KPI.recentAverage(2, overall: 5) == .warning && KPI.recentAverage(6, overall: 5) == .good)
        #expect(KPI.sharpe(-0.1) == .critical && KPI.sharpe(0.5) == .warning && KPI.sharpe(1.2) == .good)
        #expect(KPI.freshness(secondsSinceUpdate: 10) == .good && KPI.freshness(secondsSinceUpdate: 61) == .warning && KPI.freshness(secondsSinceUpdate: 301) == .critical)
        #expect(KPI.freshness(secondsSinceUpdate: 400, stallSeconds: 600) == .warning && KPI.freshness(secondsSinceUpdate: 601, stallSeconds: 600) == .critical)
        let cards = Self.model.kpis(freshness: .critical)
        #expect(cards.map(\.title) == ["Episode", "Profit", "Best profit", "Recent avg", "Sharpe", "Epsilon"])
        #expect(cards[0].level == .critical)
        #expect(cards[2].detail.hasPrefix("episode "))
    }

    @Test func theAgeOfTheDataIsColouredAsTheStatusSays() throws {
        var state = TestRuns.state()
        for (seconds, level, role, label) in [(5.0, KPI.Level.good, Theme.Role.good, "updated now"), (90, .warning, .warning, "updated 90s ago"),
                                              (8000, .critical, .critical, "updated 2h ago")] {
            state.status.secondsSinceUpdate = seconds
            state.status.freshness = level
            let frame = DashboardView.render(state: state, model: Self.model, width: 120, height: 40)
            let line = frame.lines.last!
            let start = try #require(line.range(of: label), "\(line)").lowerBound
            let column = line.distance(from: line.startIndex, to: start)
            #expect(frame[column, 39].style.foreground == state.theme[role], "\(label)")
        }
    }

    @Test func helpOverlayAndZoomAndTooSmall() {
        var state = TestRuns.state()
        state.showHelp = true
        let help = DashboardView.render(state: state, model: Self.model, width: 120, height: 40).lines.joined(separator: "\n")
        for line in AppUpdate.helpLines { #expect(help.contains(line.action)) }
        state.showHelp = false
        state.zoomed = .qValues
        let zoomed = DashboardView.render(state: state, model: Self.model, width: 120, height: 40).lines.joined(separator: "\n")
        #expect(zoomed.contains("8 Q-values") && !zoomed.contains("1 Profit/Loss"))
        let small = DashboardView.render(state: state, model: Self.model, width: 30, height: 10).lines.joined(separator: "\n")
        #expect(small.contains("needs at least") && small.contains("40×12") && small.contains("30×10"))
    }

    @Test func panelsForMetricsARunLacksSaySo() {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        batch.append(MetricRecord(episode: 0, values: ["profit": 1]))
        batch.append(MetricRecord(episode: 1, values: ["profit": -1]))
        store.ingestEpisodes(batch)
        let model = DashboardModel(store: store, smoothing: 10)
        let text = DashboardView.render(state: TestRuns.state(), model: model, width: 200, height: 50).lines.joined(separator: "\n")
        for metric in ["loss", "epsilon", "learning_rate", "sharpe", "drawdown", "q_values"] { #expect(text.contains("no \(metric) in this run")) }
        #expect(text.contains("5 Win rate (profitable"))
        #expect(!text.contains("no profit in this run"))
    }

    @Test func asciiAndMonochromeModes() {
        var state = TestRuns.state()
        state.glyphs = .ascii
        state.monochrome = true
        let frame = DashboardView.render(state: state, model: Self.model, width: 120, height: 40)
        let chartText = frame.lines.dropFirst(4).dropLast().joined()
        #expect(!chartText.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) })
        #expect(frame[0, 39].style.reverse)
    }
}
