/// A part a metric plays in a run — what the dashboard's panels, the KPI cards, `summary`, the
/// runs table, the leaderboard and the health rules ask for — whatever the writer called it.
/// Which metric plays each role in a run is decided by `MetricRoles`, and nowhere else.
///
/// The raw value is the key of the config's `panels` object (`"panels": {"profit": "rollout/ep_rew_mean"}`).
/// ```swift
/// MetricRole(rawValue: "learning_rate")   // .learningRate
/// MetricRole.qValues.guideName            // "q_mean"
/// ```
public enum MetricRole: String, CaseIterable, Sendable {
    case profit
    case loss
    case epsilon
    case learningRate = "learning_rate"
    case winRate = "win_rate"
    case sharpe
    case drawdown
    /// The mean Q-value.
    case qValues = "q_values"
    /// The spread of the Q-values (the band around their mean).
    case qStd = "q_std"

    /// The name the guide's `MetricsLogger` writes for it.
    public var guideName: String {
        switch self {
        case .profit: return MetricName.profit
        case .loss: return MetricName.loss
        case .epsilon: return MetricName.epsilon
        case .learningRate: return MetricName.learningRate
        case .winRate: return MetricName.winRate
        case .sharpe: return MetricName.sharpe
        case .drawdown: return MetricName.drawdown
        case .qValues: return MetricName.qMean
        case .qStd: return MetricName.qStd
        }
    }

    /// Whether the metric is a model metric first (logged per training step), looked for among
    /// model metrics before episode metrics.
    public var isModelMetric: Bool { self == .loss || self == .qValues || self == .qStd }
}
