/// What `MetricsLogger.statistics()` reports: the seed's `get_statistics()` figures plus the
/// health of the logger's own writing.
///
/// ```swift
/// let stats = logger.statistics()
/// stats.bestProfit; stats.recentAverageProfit; stats.writeFailures
/// ```
public struct LoggerStatistics: Sendable, Equatable {
    public var totalEpisodes = 0
    /// Seconds since the logger was created (the guide's `training_time`).
    public var trainingTime: Double = 0
    public var bestSharpe: Double?
    /// Mean Sharpe ratio of the last 50 episodes logged.
    public var recentAverageSharpe: Double?
    /// Mean time a `logEpisode` call took, in milliseconds (the guide's `avg_log_time_ms`).
    public var averageLogTimeMs: Double?
    public var latestEpisode: Int?
    public var bestProfit: Double?
    public var bestEpisode: Int?
    public var averageProfit: Double?
    /// Mean profit of the last 50 episodes logged.
    public var recentAverageProfit: Double?
    public var averageSharpe: Double?
    public var averageWinRate: Double?
    public var currentEpsilon: Double?
    public var modelMetricsLogged = 0
    public var latestLoss: Double?
    /// Writes that failed (disk full, permission denied, directory removed and not re-creatable).
    public var writeFailures = 0
    /// The most recent failure, with path and reason.
    public var lastWriteFailure: String?
    /// Entries logged but not yet on disk.
    public var pendingEntries = 0
    /// Guide-format snapshots the auto-save has written (see `MetricsLogger`).
    public var guideSnapshots = 0

    /// The guide's `get_statistics()` keys first, in its order, then ours; `{}` before the first
    /// episode, as the guide's.
    public func guideJSON() -> OrderedJSON {
        guard totalEpisodes > 0 else { return .object([]) }
        func number(_ value: Double?) -> OrderedJSON { value.map(OrderedJSON.float) ?? .null }
        func integer(_ value: Int?) -> OrderedJSON { value.map(OrderedJSON.int) ?? .null }
        return .object([
            ("total_episodes", .int(totalEpisodes)), ("training_time", .float(trainingTime)), ("best_profit", number(bestProfit)),
            ("best_sharpe", number(bestSharpe)), ("recent_avg_profit", number(recentAverageProfit)),
            ("recent_avg_sharpe", number(recentAverageSharpe)), ("avg_log_time_ms", number(averageLogTimeMs)),
            ("latest_episode", integer(latestEpisode)), ("best_episode", integer(bestEpisode)), ("avg_profit", number(averageProfit)),
            ("avg_sharpe", number(averageSharpe)), ("avg_win_rate", number(averageWinRate)), ("current_epsilon", number(currentEpsilon)),
            ("model_metrics_logged", .int(modelMetricsLogged)), ("latest_loss", number(latestLoss)), ("write_failures", .int(writeFailures)),
        ])
    }

    /// The statistics as a JSON object (for `metrics.json`), keys as the seed names them.
    public func json() -> String {
        func number(_ value: Double?) -> String { value.map(JSONText.number) ?? "null" }
        func integer(_ value: Int?) -> String { value.map(String.init) ?? "null" }
        let fields = [
            ("total_episodes", "\(totalEpisodes)"), ("training_time", number(trainingTime)), ("best_sharpe", number(bestSharpe)),
            ("recent_avg_sharpe", number(recentAverageSharpe)), ("avg_log_time_ms", number(averageLogTimeMs)),
            ("latest_episode", integer(latestEpisode)),
            ("best_profit", number(bestProfit)), ("best_episode", integer(bestEpisode)),
            ("avg_profit", number(averageProfit)), ("recent_avg_profit", number(recentAverageProfit)),
            ("avg_sharpe", number(averageSharpe)), ("avg_win_rate", number(averageWinRate)),
            ("current_epsilon", number(currentEpsilon)), ("model_metrics_logged", "\(modelMetricsLogged)"),
            ("latest_loss", number(latestLoss)), ("write_failures", "\(writeFailures)"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
