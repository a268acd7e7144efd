/// The canonical metric names of the run-log format and the alias table that maps
/// common spellings onto them.
///
/// Columns and keys are always matched by name, never by position:
/// ```swift
/// MetricName.canonical("lr")         // "learning_rate"
/// MetricName.canonical("Sharpe")     // "sharpe"
/// MetricName.canonical("my_score")   // "my_score" (a custom metric keeps its spelling)
/// ```
public enum MetricName {
    public static let episode = "episode"
    public static let profit = "profit"
    public static let sharpe = "sharpe"
    public static let winRate = "win_rate"
    public static let drawdown = "drawdown"
    public static let numTrades = "num_trades"
    public static let epsilon = "epsilon"
    public static let learningRate = "learning_rate"
    public static let timestamp = "timestamp"
    public static let loss = "loss"
    public static let qValues = "q_values"
    public static let qMean = "q_mean"
    public static let qStd = "q_std"
    public static let qMin = "q_min"
    public static let qMax = "q_max"
    public static let gradients = "gradients"

    /// The names the format defines; any other numeric key is a custom metric.
    public static let standard: [String] = [
        episode, profit, sharpe, winRate, drawdown, numTrades, epsilon, learningRate,
        timestamp, loss, qMean, qStd, qMin, qMax,
    ]

    /// Common spellings and the canonical name each one means.
    public static let aliases: [String: String] = [
        "ep": episode, "step": episode, "episodes": episode,
        "lr": learningRate,
        "exploration_rate": epsilon,
        "sharpe_ratio": sharpe,
        "max_drawdown": drawdown,
        "winrate": winRate,
        "pnl": profit,
    ]

    private static let standardSet = Set(standard).union([qValues, gradients])

    /// The canonical spelling of a key: an alias or a differently cased standard name maps to the
    /// standard name; any other key is returned unchanged.
    public static func canonical(_ raw: String) -> String {
        if standardSet.contains(raw) { return raw }
        let lowered = raw.lowercased()
        if let alias = aliases[lowered] { return alias }
        if standardSet.contains(lowered) { return lowered }
        return raw
    }
}
