import AlertKit
import MetricsKit

/// What the panels show beside the run's data: where alerts fired (`alerts.jsonl`, the trainer's
/// `alerts.log`), each on the x axis of the panel of its rule's metric (`HealthRule.metricRole`)
/// in its level's colour, and the thresholds the rules compare with (critical loss, minimum
/// profit), drawn in their panels.
///
/// ```swift
/// var annotations = PanelAnnotations(thresholds: config.thresholds)
/// annotations.add(AlertAuditReader(path: "training_logs/dqn/alerts.jsonl").read())   // true: marks added
/// annotations.marks[.loss]?.first?.x                                              // 812
/// ```
struct PanelAnnotations: Equatable, Sendable {
    /// Marks kept per panel (the newest): more than a chart has columns would say nothing more.
    static let limit = 256

    private(set) var marks: [MetricRole: [ChartMark]] = [:]
    private(set) var thresholds: [MetricRole: [ChartThreshold]] = [:]

    static let none = PanelAnnotations()

    init() {}

    /// The threshold lines of the rules that are on.
    init(thresholds rules: HealthThresholds) {
        if !rules.disabled.contains(.lossTooHigh) {
            thresholds[.loss] = [ChartThreshold(value: rules.criticalLossThreshold, role: .critical)]
        }
        if !rules.disabled.contains(.profitTooLow) {
            thresholds[.profit] = [ChartThreshold(value: rules.minProfitWarning, role: .warning)]
        }
    }

    /// Marks for the alerts `watch` or the dashboard sent; returns whether any was added.
    @discardableResult
    mutating func add(_ fired: [AlertAuditReader.Fired]) -> Bool {
        fired.reduce(false) { added, alert in add(rule: HealthRule(rawValue: alert.rule), level: alert.level, episode: alert.episode) || added }
    }

    /// Marks for the trainer's own alerts (the guide's titles; the episode their data names).
    @discardableResult
    mutating func add(_ entries: [TrainerAlertLog.Entry]) -> Bool {
        entries.reduce(false) { added, entry in
            let episode = entry.numbers["episode"].flatMap { Int(exactly: $0.rounded(.towardZero)) }
            return add(rule: GuideHealthRules.rule(ofTitle: entry.title), level: entry.level, episode: episode) || added
        }
    }

    private mutating func add(rule: HealthRule?, level: AlertLevel, episode: Int?) -> Bool {
        guard let role = rule?.metricRole, let episode else { return false }
        var list = marks[role, default: []]
        list.append(ChartMark(x: Double(episode), role: Self.role(of: level)))
        if list.count > Self.limit { list.removeFirst(list.count - Self.limit) }
        marks[role] = list
        return true
    }

    private static func role(of level: AlertLevel) -> Theme.Role {
        switch level {
        case .critical: return .critical
        case .warning: return .warning
        case .info: return .good
        }
    }

    /// `chart` with this panel's marks and thresholds (a panel showing another metric in the
    /// role's place gets neither).
    func annotate(_ chart: ChartModel, spec: PanelSpec) -> ChartModel {
        guard spec.metric == nil else { return chart }
        var chart = chart
        chart.marks = marks[spec.role] ?? []
        chart.thresholds = thresholds[spec.role] ?? []
        return chart
    }
}
