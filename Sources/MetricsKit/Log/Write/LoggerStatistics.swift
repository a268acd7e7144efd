/// What `MetricsLogger.statistics()` reports: the seed's `get_statistics()` figures plus the
/// health of the logger's own writing.
///
/// ```swift
/// let stats = logger.statistics()
/// stats.bestProfit; stats.recentAverageProfit; stats.writeFailures
/// ```
public struct LoggerStatistics: Sendable, Equatable {
    public var totalEpisodes = 0
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

    /// The statistics as a JSON object (for `metrics.json`), keys as the seed names them.
    public func json() -> String {
        func number(_ value: Double?) -> String { value.map(LogLineFormatter.jsonNumber) ?? "null" }
        func integer(_ value: Int?) -> String { value.map(String.init) ?? "null" }
        let fields = [
            ("total_episodes", "\(totalEpisodes)"), ("latest_episode", integer(latestEpisode)),
            ("best_profit", number(bestProfit)), ("best_episode", integer(bestEpisode)),
            ("avg_profit", number(averageProfit)), ("recent_avg_profit", number(recentAverageProfit)),
            ("avg_sharpe", number(averageSharpe)), ("avg_win_rate", number(averageWinRate)),
            ("current_epsilon", number(currentEpsilon)), ("model_metrics_logged", "\(modelMetricsLogged)"),
            ("latest_loss", number(latestLoss)), ("write_failures", "\(writeFailures)"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
