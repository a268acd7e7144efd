/// The one definition of a run's win rate, in percent, used by the Win-rate panel, the runs
/// table and `summary`: the metric playing `MetricRole.winRate` when the run logs one (a rate
/// logged as a fraction, 0–1, is scaled to percent), else the share of profitable episodes over
/// the last `window` episodes (the guide's rolling 20-episode win rate).
///
/// ```swift
/// WinRate.latest(in: store, roles: .standard)       // 55.0
/// WinRate.profitableShare(profitSeries).last         // (x: 999, percent: 55.0)
/// ```
public enum WinRate {
    /// Episodes in the rolling share (the guide's panel: "Rolling 20-episode win rate").
    public static let window = 20

    /// What a logged rate is multiplied by to read in percent: 100 for fractions (no value above 1).
    public static func percentScale(of series: MetricSeries) -> Double {
        let largest = Swift.max(series.history.lazy.filter { $0.count > 0 }.map(\.max).max() ?? 0,
                                series.recentY.lazy.filter(\.isFinite).max() ?? 0)
        return largest > 1 ? 1 : 100
    }

    /// The run's latest win rate in percent; nil without a rate or a finite profit.
    public static func latest(in store: RunStore, roles: MetricRoles) -> Double? {
        if let rates = roles.series(for: .winRate, in: store) {
            guard let latest = rates.statistics.latest?.value, latest.isFinite else { return nil }
            return latest * percentScale(of: rates)
        }
        guard let profit = roles.series(for: .profit, in: store),
              let last = profitableShare(profit, window: window).last(where: { $0.percent.isFinite }) else { return nil }
        return last.percent
    }

    /// The share of profitable episodes, in percent, across the whole series: per history bucket
    /// (its profitable points over its finite points), then rolling over `window` recent points.
    public static func profitableShare(_ profit: MetricSeries, window: Int = window) -> [(x: Double, percent: Double)] {
        var shares = profit.history.map { bucket in
            (x: Double(bucket.startX) + Double(bucket.width - 1) / 2,
             percent: bucket.count == 0 ? Double.nan : Double(bucket.positiveCount) / Double(bucket.count) * 100)
        }
        let rolling = TradingStatistics.rollingWinRate(profit.recentY, window: window)
        for (x, rate) in zip(profit.recentX, rolling) { shares.append((x: Double(x), percent: rate * 100)) }
        return shares
    }
}
