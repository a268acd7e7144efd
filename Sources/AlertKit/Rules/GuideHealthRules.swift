import MetricsKit

/// The guide's `check_training_health` rules, as a pure function of the episodes a training loop
/// passes in (its `latest_episode` and `recent_history`): each gives the guide's title, so
/// alerts, `alerts.log` and throttling read as the guide's do.
///
/// - `NaN Value Detected` (critical): a value of the latest episode is NaN or ±Infinity;
/// - `Critical Loss` (critical): its `loss` is above `criticalLossThreshold`;
/// - `Low Profit Warning` (warning): its profit is below `minProfitWarning`;
/// - `No Improvement` (warning): none of the last `noImprovementEpisodes` episodes made a
///   positive profit, once there are that many. (The engine's own `no_improvement` rule, "No new
///   best", is a different question: no new best profit in N episodes.)
///
/// ```swift
/// let alerts = GuideHealthRules.evaluate(latest: latest.record, recent: history.map(\.record), thresholds: .moderate)
/// alerts.map(\.title)   // ["Low Profit Warning"]
/// ```
public enum GuideHealthRules {
    /// One alert a check raises.
    public struct Alert: Equatable, Sendable {
        public let level: AlertLevel
        public let title: String
        public let message: String
        public let data: [String: Double]
    }

    public static let nanTitle = "NaN Value Detected"
    public static let criticalLossTitle = "Critical Loss"
    public static let lowProfitTitle = "Low Profit Warning"
    public static let noImprovementTitle = "No Improvement"
    public static let trainingCompleteTitle = "Training Complete"
    public static let newBestTitle = "New Best Model"

    /// `roles`: which of a record's keys plays profit and loss (the guide's names by default).
    public static func evaluate(latest: MetricRecord, recent: [MetricRecord], thresholds: HealthThresholds,
                                roles: MetricRoles = .standard) -> [Alert] {
        func value(_ role: MetricRole, of record: MetricRecord) -> Double? {
            roles.name(for: role, among: record.values.keys.sorted()).flatMap { record.values[$0] }
        }
        var alerts: [Alert] = []
        let episode = latest.episode.map(Double.init) ?? .nan
        let nonFinite = latest.values.filter { !$0.value.isFinite && $0.key != MetricName.timestamp }.keys.sorted()
        if let first = nonFinite.first {
            alerts.append(Alert(level: .critical, title: nanTitle,
                                message: "NaN or infinite value in \(nonFinite.joined(separator: ", ")) at episode \(latest.episode.map(String.init) ?? "?").",
                                data: ["episode": episode, first: latest.values[first] ?? .nan]))
        }
        if let loss = value(.loss, of: latest), loss.isFinite, loss > thresholds.criticalLossThreshold {
            alerts.append(Alert(level: .critical, title: criticalLossTitle,
                                message: "Loss \(HealthRules.format(loss)) exceeds the critical threshold \(HealthRules.format(thresholds.criticalLossThreshold)).",
                                data: ["loss": loss, "threshold": thresholds.criticalLossThreshold, "episode": episode]))
        }
        if let profit = value(.profit, of: latest), profit.isFinite, profit < thresholds.minProfitWarning {
            alerts.append(Alert(level: .warning, title: lowProfitTitle,
                                message: "Profit \(HealthRules.format(profit)) is below the warning threshold \(HealthRules.format(thresholds.minProfitWarning)).",
                                data: ["profit": profit, "threshold": thresholds.minProfitWarning, "episode": episode]))
        }
        let window = thresholds.noImprovementEpisodes
        if window > 0, recent.count >= window, !recent.suffix(window).contains(where: { (value(.profit, of: $0) ?? 0) > 0 }) {
            alerts.append(Alert(level: .warning, title: noImprovementTitle,
                                message: "No positive profit in the last \(window) episodes.",
                                data: ["episodes": Double(window), "episode": episode]))
        }
        return alerts.filter { !thresholds.disabled.contains(rule(of: $0.title)) }
    }

    /// The engine's rule a guide alert corresponds to, for `disabled_rules`.
    private static func rule(of title: String) -> HealthRule {
        rule(ofTitle: title) ?? .noImprovement
    }

    /// The engine's rule an alert of the guide's `AlertSystem` (its title) corresponds to; nil
    /// for a title of the user's own.
    public static func rule(ofTitle title: String) -> HealthRule? {
        switch title {
        case nanTitle: return .nonFinite
        case criticalLossTitle: return .lossTooHigh
        case lowProfitTitle: return .profitTooLow
        case noImprovementTitle: return .noImprovement
        case trainingCompleteTitle: return .trainingComplete
        case newBestTitle: return .newBest
        default: return nil
        }
    }
}
