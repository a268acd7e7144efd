import MetricsKit

/// The health rules, each of which can be switched off in `HealthThresholds.disabled`.
public enum HealthRule: String, CaseIterable, Codable, Sendable {
    /// No new best profit for `noImprovementEpisodes` episodes (warning).
    case noImprovement = "no_improvement"
    /// Loss above `criticalLossThreshold` (critical).
    case lossTooHigh = "loss_too_high"
    /// Latest profit below `minProfitWarning` (warning).
    case profitTooLow = "profit_too_low"
    /// NaN or ±Infinity appeared in a metric (critical).
    case nonFinite = "non_finite"
    /// No new episode for `stallSeconds` (warning).
    case stalled
    /// The run finished (info).
    case trainingComplete = "training_complete"
    /// A new best profit (info).
    case newBest = "new_best"
    /// The Q mean keeps rising while the return is flat or falling (warning; `RLHealthRules`).
    case qOverestimation = "q_overestimation"
    /// Epsilon at its floor, or the policy's entropy collapsed, while the return has not
    /// improved (warning).
    case explorationCollapse = "exploration_collapse"
    /// The loss falls while the return falls too (warning).
    case lossFallsProfitFalls = "loss_falls_profit_falls"
    /// The gradients' size above a threshold or grown by orders of magnitude (critical).
    case gradientExplosion = "gradient_explosion"
    /// The learning rate schedule ended while the return still improves (info).
    case learningRateEnded = "learning_rate_ended"

    /// The metric the rule is about, by its role: the panel the dashboard marks its alerts on
    /// (nil for the rules about the run as a whole, and for NaN, which names its own metric).
    public var metricRole: MetricRole? {
        switch self {
        case .noImprovement, .profitTooLow, .trainingComplete, .newBest: return .profit
        case .lossTooHigh, .lossFallsProfitFalls: return .loss
        case .qOverestimation: return .qValues
        case .explorationCollapse: return .epsilon
        case .learningRateEnded: return .learningRate
        case .nonFinite, .stalled, .gradientExplosion: return nil
        }
    }

    /// How serious the rule's alert is.
    public var level: AlertLevel {
        switch self {
        case .lossTooHigh, .nonFinite, .gradientExplosion: return .critical
        case .noImprovement, .profitTooLow, .stalled, .qOverestimation, .explorationCollapse, .lossFallsProfitFalls: return .warning
        case .trainingComplete, .newBest, .learningRateEnded: return .info
        }
    }
}

/// One rule's verdict on the run's current state.
///
/// `holds` makes the rule fire (after `forChecks` checks); `clear` makes a firing rule resolve
/// (after `forChecks` checks). A value between the two — inside the hysteresis band — does
/// neither, so a value hovering at a threshold does not flap. Info rules (training complete,
/// new best) are events rather than conditions: `occurrence` names the event (`episode 41`),
/// and each occurrence is announced once.
public struct RuleVerdict: Equatable, Sendable {
    public var rule: HealthRule
    public var holds: Bool
    public var clear: Bool
    public var level: AlertLevel
    public var title: String
    public var message: String
    /// Key numbers for the message (episode, value, threshold…).
    public var data: [String: Double]
    /// For info rules, which event this is.
    public var occurrence: String?

    public init(rule: HealthRule, holds: Bool, clear: Bool, level: AlertLevel, title: String, message: String, data: [String: Double] = [:],
                occurrence: String? = nil) {
        self.occurrence = occurrence
        self.rule = rule
        self.holds = holds
        self.clear = clear
        self.level = level
        self.title = title
        self.message = message
        self.data = data
    }
}
