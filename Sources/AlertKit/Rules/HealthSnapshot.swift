import Foundation
import MetricsKit

/// What the health rules look at: the run's latest figures, taken from a `RunStore` (or from a
/// training loop's own records). The rules' verdicts are a function of this alone, so the same
/// files give the same verdict in any process, at any check.
///
/// ```swift
/// let snapshot = HealthSnapshot(store: source.store, secondsSinceNewEpisode: 12, trainingComplete: false)
/// ```
public struct HealthSnapshot: Equatable, Sendable {
    /// Where a metric held NaN or ±Infinity: how many times, the first and last episode (or
    /// step) with one, and how many episodes its series has gone on since the last one.
    public struct NonFinite: Equatable, Sendable {
        public var count: Int
        public var firstEpisode: Int
        public var lastEpisode: Int
        public var sinceLast: Int

        public init(count: Int, firstEpisode: Int, lastEpisode: Int, sinceLast: Int = 0) {
            self.count = count
            self.firstEpisode = firstEpisode
            self.lastEpisode = lastEpisode
            self.sinceLast = sinceLast
        }

        /// Both records of one metric (episode and model series) together.
        func merged(with other: NonFinite?) -> NonFinite {
            guard let other else { return self }
            return NonFinite(count: count + other.count, firstEpisode: min(firstEpisode, other.firstEpisode),
                             lastEpisode: max(lastEpisode, other.lastEpisode), sinceLast: min(sinceLast, other.sinceLast))
        }
    }

    public var latestEpisode: Int?
    public var latestProfit: Double?
    public var bestProfit: Double?
    public var bestEpisode: Int?
    public var latestLoss: Double?
    /// Non-finite values seen so far, per metric.
    public var nonFinite: [String: NonFinite]
    public var secondsSinceNewEpisode: Double?
    public var trainingComplete: Bool
    /// The latest values of the metrics the RL rules judge trends on, by the role each plays.
    public var windows: [MetricRole: TrendWindow]

    /// The roles whose windows the RL rules read.
    public static let windowedRoles: [MetricRole] = [.profit, .loss, .qValues, .epsilon, .entropy, .gradientNorm, .learningRate]

    public init(
        latestEpisode: Int? = nil, latestProfit: Double? = nil, bestProfit: Double? = nil, bestEpisode: Int? = nil, latestLoss: Double? = nil,
        nonFinite: [String: NonFinite] = [:], secondsSinceNewEpisode: Double? = nil, trainingComplete: Bool = false,
        windows: [MetricRole: TrendWindow] = [:]
    ) {
        self.windows = windows
        self.latestEpisode = latestEpisode
        self.latestProfit = latestProfit
        self.bestProfit = bestProfit
        self.bestEpisode = bestEpisode
        self.latestLoss = latestLoss
        self.nonFinite = nonFinite
        self.secondsSinceNewEpisode = secondsSinceNewEpisode
        self.trainingComplete = trainingComplete
    }

    /// The figures of the metrics playing profit and loss (`roles`: an SB3 run's
    /// `rollout/ep_rew_mean` and `train/loss`), and the last `trendWindow` values of each
    /// windowed role's metric.
    public init(store: RunStore, secondsSinceNewEpisode: Double?, trainingComplete: Bool, roles: MetricRoles = .standard,
                trendWindow: Int = HealthThresholds.moderate.trendWindow) {
        let profit = roles.series(for: .profit, in: store)?.statistics
        let loss = roles.series(for: .loss, in: store)
        var nonFinite: [String: NonFinite] = [:]
        let series = store.episodeMetricNames.compactMap { name in store.episodeSeries(named: name).map { (name, $0) } }
            + store.modelMetricNames.compactMap { name in store.modelSeries(named: name).map { (name, $0) } }
        for (name, metric) in series {
            let stats = metric.statistics
            guard let first = stats.firstNonFinite, let last = stats.lastNonFinite else { continue }
            let found = NonFinite(count: stats.nonFiniteCount, firstEpisode: first.x, lastEpisode: last.x, sinceLast: max(0, (stats.latest?.x ?? last.x) - last.x))
            nonFinite[name] = found.merged(with: nonFinite[name])
        }
        self.init(
            latestEpisode: store.latestEpisode, latestProfit: profit?.latest?.value, bestProfit: profit?.best?.value,
            bestEpisode: profit?.best?.x, latestLoss: loss?.statistics.latest?.value, nonFinite: nonFinite,
            secondsSinceNewEpisode: secondsSinceNewEpisode, trainingComplete: trainingComplete,
            windows: Self.windows(of: store, roles: roles, points: trendWindow))
    }

    private static func windows(of store: RunStore, roles: MetricRoles, points: Int) -> [MetricRole: TrendWindow] {
        var windows: [MetricRole: TrendWindow] = [:]
        for role in windowedRoles {
            guard let name = roles.name(for: role, in: store), let series = roles.series(for: role, in: store) else { continue }
            windows[role] = TrendWindow(name: name, series: series, points: points)
        }
        return windows
    }
}
