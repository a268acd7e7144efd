import Foundation

/// Reading back what was logged: the latest entries, the history, the best episode, smoothed
/// values and the statistics (the guide's `get_*` methods).
extension MetricsLogger {
    /// The most recently logged episode.
    public var latestEpisode: EpisodeEntry? { locked { episodes.last } }

    /// The most recent model-metrics entry.
    public var latestModel: ModelEntry? { locked { models.last } }

    /// Everything `logDiagnostic` received, by key, oldest first.
    public var diagnostics: [String: [DiagnosticEntry]] { locked { diagnosticEntries } }

    /// The last `lastN` episodes (every episode when nil), oldest first.
    public func episodeHistory(lastN: Int? = nil) -> [EpisodeEntry] {
        locked { lastN.map { episodes.suffix(max(0, $0)) } ?? episodes.copy(0..<episodes.count) }
    }

    /// The episode with the highest finite value of `metric` (the first one on ties). Scans the
    /// history under the lock without copying it.
    public func bestEpisode(metric: String = MetricName.profit) -> EpisodeEntry? {
        if MetricName.canonical(metric) == MetricName.profit {
            return locked { profitStatistics.best.map { episodes[$0.x] } }
        }
        return locked {
            var best: (entry: EpisodeEntry, value: Double)?
            episodes.forEach { entry in
                guard let value = entry.value(of: metric), value.isFinite else { return }
                if best == nil || value > best!.value { best = (entry, value) }
            }
            return best?.entry
        }
    }

    /// The guide's `get_smoothed_metric`: `numpy.mean` of `metric` over the last `window` episodes
    /// that carry it (by default its window in `smoothingWindows`, else 10), episode records only
    /// (a model metric such as `loss` gives nil unless episodes carry it); nil without a value.
    public func smoothedMetric(_ metric: String, window: Int? = nil) -> Double? {
        let name = MetricName.canonical(metric)
        let size = max(1, window ?? Self.smoothingWindows[name] ?? 10)
        let values = locked { episodes.suffix(size) }.compactMap { $0.value(of: name) }
        return values.isEmpty ? nil : NumpyMean.mean(values)
    }

    /// Every episode logged so far (a copy).
    public var allEpisodes: [EpisodeEntry] { locked { episodes.copy(0..<episodes.count) } }
    /// Every model-metrics entry logged so far (a copy).
    public var allModelMetrics: [ModelEntry] { locked { models.copy(0..<models.count) } }

    /// The seed's statistics plus the logger's write health, from running totals (constant time).
    public func statistics() -> LoggerStatistics {
        locked { statisticsLocked() }
    }

    func statisticsLocked() -> LoggerStatistics {
        var stats = LoggerStatistics()
        stats.totalEpisodes = episodes.count
        stats.latestEpisode = episodes.last?.episode
        if let best = profitStatistics.best {
            stats.bestProfit = best.value
            stats.bestEpisode = episodes[best.x].episode
        }
        stats.averageProfit = profitStatistics.mean
        stats.recentAverageProfit = Self.numpyMean(episodes.suffix(RunSummary.recentWindow).map(\.profit))
        stats.trainingTime = Date().timeIntervalSince(startTime)
        stats.bestSharpe = sharpeStatistics.best?.value
        stats.recentAverageSharpe = Self.numpyMean(episodes.suffix(RunSummary.recentWindow).map(\.sharpe))
        stats.averageLogTimeMs = episodes.isEmpty ? nil : Double(logTimeNanoseconds) / 1e6 / Double(episodes.count)
        stats.averageSharpe = sharpeStatistics.mean
        stats.averageWinRate = winRateStatistics.mean
        stats.currentEpsilon = episodes.last?.epsilon
        stats.modelMetricsLogged = models.count
        stats.latestLoss = models.last?.loss
        stats.writeFailures = writeFailures
        stats.lastWriteFailure = lastWriteFailure
        stats.pendingEntries = pendingLocked()
        stats.guideSnapshots = guideSnapshotsWritten
        return stats
    }


    /// numpy's mean of the values, as the guide's statistics (a NaN among them gives NaN); nil for none.
    static func numpyMean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : NumpyMean.mean(values)
    }
}
