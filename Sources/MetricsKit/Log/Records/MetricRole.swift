/// A part a metric plays in a run — what the dashboard's panels, the KPI cards, `summary`, the
/// runs table, the leaderboard and the health rules ask for — whatever the writer called it.
/// Two roles are read by the RL health rules only, and no panel draws them: the policy's
/// entropy and the gradients' size.
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
    /// The policy's entropy, or the entropy loss that is its negative (SB3's `train/entropy_loss`:
    /// `MetricRole.entropy(from:named:)` turns either into entropy).
    case entropy
    /// The size of the gradients: their largest value or their norm.
    case gradientNorm = "gradient_norm"

    /// The name the guide's `MetricsLogger` writes for it (`log_model_metrics(gradients=…)` is
    /// flattened with dots); for entropy, which the guide does not log, the plain name a
    /// training script passes as a keyword metric.
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
        case .entropy: return "entropy"
        case .gradientNorm: return MetricName.gradients + ".max"
        }
    }

    /// The policy's entropy from the value of the metric playing `.entropy`: an entropy loss
    /// (a name ending in `entropy_loss`) is the entropy negated.
    /// ```swift
    /// MetricRole.entropy(from: -1.38, named: "train/entropy_loss")   // 1.38
    /// ```
    public static func entropy(from value: Double, named name: String) -> Double {
        name.lowercased().hasSuffix("entropy_loss") ? -value : value
    }

    /// Whether the metric is a model metric first (logged per training step), looked for among
    /// model metrics before episode metrics.
    public var isModelMetric: Bool { self == .loss || self == .qValues || self == .qStd || self == .gradientNorm }
}
