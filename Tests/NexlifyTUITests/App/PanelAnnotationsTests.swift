import AlertKit
import Foundation
import MetricsKit
import Testing
import TestSupport
@testable import NexlifyTUI

/// Alerts drawn on the charts: a mark on the x axis of the panel of the rule's metric where it
/// fired (from `alerts.jsonl` and the trainer's `alerts.log`), coloured by level; the rules'
/// thresholds drawn inside their panels' ranges.
@Suite struct PanelAnnotationsTests {
    private func event(_ rule: HealthRule, level: AlertLevel, status: AlertEvent.Status = .firing, episode: Int?, data: [String: Double] = [:]) -> AlertEvent {
        AlertEvent(status: status, reason: status.rawValue, level: level, rule: rule.rawValue, run: "dqn", title: "t", message: "m", data: data,
                   firedAt: Date(), sentAt: Date(), episode: episode)
    }

    @Test func marksGoToThePanelOfTheRulesMetricAtTheEpisodeItFired() throws {
        let scratch = ScratchDirectory()
        let log = AlertAuditLog(path: scratch.path + "/alerts.jsonl")
        log.recordAlert(event(.lossTooHigh, level: .critical, episode: 300))
        log.recordAlert(event(.profitTooLow, level: .warning, episode: nil, data: ["episode": 120]))   // written before events had episodes
        log.recordAlert(event(.qOverestimation, level: .warning, episode: 250))
        log.recordAlert(event(.lossTooHigh, level: .critical, status: .resolved, episode: 340))        // a resolution is not a firing
        log.recordAlert(event(.stalled, level: .warning, episode: 390))                                  // about the run, no panel
        log.recordControl(ControlRequest(kind: .stop, at: Date()))
        let handle = try #require(FileHandle(forWritingAtPath: scratch.path + "/alerts.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("not json\n{\"type\":\"alert\",\"event\":{\"status\":\"firing\"}}\n".utf8))
        try handle.close()
        let reader = AlertAuditReader(path: scratch.path + "/alerts.jsonl")
        var annotations = PanelAnnotations()
        let added = annotations.add(reader.read())
        #expect(added)
        #expect(annotations.marks[.loss] == [ChartMark(x: 300, role: .critical)])
        #expect(annotations.marks[.profit] == [ChartMark(x: 120, role: .warning)])
        #expect(annotations.marks[.qValues] == [ChartMark(x: 250, role: .warning)])
        #expect(annotations.marks.keys.count == 3)
        // The trainer's own alerts: the guide's titles, the episode their data names.
        let fromTrainer = annotations.add([TrainerAlertLog.Entry(time: nil, level: .info, title: "New Best Model", message: "", numbers: ["episode": 90]),
                                           TrainerAlertLog.Entry(time: nil, level: .warning, title: "My own alert", message: "", numbers: ["episode": 1])])
        #expect(fromTrainer)
        #expect(annotations.marks[.profit] == [ChartMark(x: 120, role: .warning), ChartMark(x: 90, role: .good)])
        let again = annotations.add(reader.read())
        #expect(!again)
    }

    @Test func marksAreBoundedAndThresholdsFollowTheRulesThatAreOn() {
        var annotations = PanelAnnotations()
        annotations.add((0..<1000).map { AlertAuditReader.Fired(rule: "loss_too_high", level: .critical, episode: $0) })
        #expect(annotations.marks[.loss]?.count == PanelAnnotations.limit && annotations.marks[.loss]?.last?.x == 999)
        var rules = HealthThresholds.moderate
        rules.disabled = [.profitTooLow]
        let lines = PanelAnnotations(thresholds: rules)
        #expect(lines.thresholds[.loss] == [ChartThreshold(value: 1000, role: .critical)] && lines.thresholds[.profit] == nil)
    }

    /// A chart draws each mark under the column of its x on the axis row, and a threshold only
    /// inside its y range, which it never widens.
    @Test func aChartDrawsMarksOnItsAxisAndThresholdsInsideItsRange() throws {
        let samples = (0..<100).map { ChartSample(x: Double($0), value: Double($0) / 10) }
        var chart = ChartModel(title: "Loss", layers: [ChartLayer(mode: .line, samples: samples, role: .loss)])
        chart.marks = [ChartMark(x: 0, role: .critical), ChartMark(x: 99, role: .warning), ChartMark(x: 500, role: .critical)]
        chart.thresholds = [ChartThreshold(value: 5, role: .critical), ChartThreshold(value: 100, role: .warning)]
        let theme = try #require(Theme.builtIn("cyberpunk"))
        var buffer = CellBuffer(width: 40, height: 10, fill: Cell("·"))
        let plot = try #require(ChartWidget.render(chart, into: &buffer, rect: Rect(x: 0, y: 0, width: 40, height: 10), theme: theme, glyphs: .braille))
        let axis = plot.rect.maxY
        let marks = (0..<40).filter { buffer[$0, axis].character == "▲" }
        let last = try #require(plot.cell(x: 99, value: 0)?.x)
        #expect(marks == [plot.rect.x, last], "\(buffer.lines.joined(separator: "\n"))")
        #expect(buffer[plot.rect.x, axis].style.foreground == theme[.critical])
        #expect(buffer[last, axis].style.foreground == theme[.warning])
        #expect(buffer.lines[1].contains("10") && !buffer.lines[1].contains("100"), "the range stays the data's")
        let thresholdRow = (plot.rect.y..<plot.rect.maxY).filter { y in
            (plot.rect.x..<plot.rect.maxX).contains { buffer[$0, y].style.foreground == theme[.critical] }
        }
        #expect(thresholdRow.count == 1, "one row of the critical threshold's dashes")
        var ascii = CellBuffer(width: 40, height: 10)
        ChartWidget.render(chart, into: &ascii, rect: Rect(x: 0, y: 0, width: 40, height: 10), theme: theme, glyphs: .ascii)
        #expect(ascii.lines[axis].filter { $0 == "^" }.count == 2)
    }

    /// The whole dashboard with marks and threshold lines, as a golden frame.
    @Test func theDashboardWithAlertsMatchesItsGoldenFrame() throws {
        let store = MetricsGridTests.makeStore()
        var rules = HealthThresholds.moderate
        rules.criticalLossThreshold = try #require(store.modelSeries(named: "loss")?.statistics.mean)
        rules.minProfitWarning = try #require(store.episodeSeries(named: "profit")?.statistics.mean)
        var annotations = PanelAnnotations(thresholds: rules)
        annotations.add([AlertAuditReader.Fired(rule: "loss_too_high", level: .critical, episode: 100),
                         AlertAuditReader.Fired(rule: "profit_too_low", level: .warning, episode: 200),
                         AlertAuditReader.Fired(rule: "new_best", level: .info, episode: 350),
                         AlertAuditReader.Fired(rule: "q_overestimation", level: .warning, episode: 300),
                         AlertAuditReader.Fired(rule: "exploration_collapse", level: .warning, episode: 399)])
        let model = DashboardModel(store: store, smoothing: 10, annotations: annotations)
        let frame = DashboardView.render(state: TestRuns.state(), model: model, width: 120, height: 40)
        try GoldenFrame.expect(frame.lines, matches: "dashboard-alerts-120x40.txt")
        // The run logs no Q-values: that panel shows another metric in their place, and carries no marks.
        #expect(frame.lines.joined().filter { $0 == "▲" }.count == 4)
    }

    @Test func theHelpExplainsTheMarks() {
        var state = TestRuns.state()
        state.showHelp = true
        let frame = DashboardView.render(state: state, model: DashboardModel(store: MetricsGridTests.makeStore(), smoothing: 10), width: 120, height: 40)
        let text = frame.lines.joined(separator: "\n")
        #expect(text.contains("an alert fired there") && text.contains("a rule's threshold"))
    }
}
