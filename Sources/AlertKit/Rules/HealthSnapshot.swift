import MetricsKit

/// What the health rules look at: the run's latest figures, taken from a `RunStore`.
///
/// ```swift
/// let snapshot = HealthSnapshot(store: source.store, secondsSinceNewEpisode: 12, trainingComplete: false)
/// ```
public struct HealthSnapshot: Equatable, Sendable {
    public var latestEpisode: Int?
    public var latestProfit: Double?
    public var bestProfit: Double?
    public var bestEpisode: Int?
    public var latestLoss: Double?
    /// Non-finite values seen so far, per metric: how many, and the first episode with one.
    public var nonFinite: [String: (count: Int, firstEpisode: Int)]
    public var secondsSinceNewEpisode: Double?
    public var trainingComplete: Bool

    public init(
        latestEpisode: Int? = nil, latestProfit: Double? = nil, bestProfit: Double? = nil, bestEpisode: Int? = nil, latestLoss: Double? = nil,
        nonFinite: [String: (count: Int, firstEpisode: Int)] = [:], secondsSinceNewEpisode: Double? = nil, trainingComplete: Bool = false
    ) {
        self.latestEpisode = latestEpisode
        self.latestProfit = latestProfit
        self.bestProfit = bestProfit
        self.bestEpisode = bestEpisode
        self.latestLoss = latestLoss
        self.nonFinite = nonFinite
        self.secondsSinceNewEpisode = secondsSinceNewEpisode
        self.trainingComplete = trainingComplete
    }

    public init(store: RunStore, secondsSinceNewEpisode: Double?, trainingComplete: Bool) {
        let profit = store.episodeSeries(named: MetricName.profit)?.statistics
        let loss = store.modelSeries(named: MetricName.loss) ?? store.episodeSeries(named: MetricName.loss)
        var nonFinite: [String: (count: Int, firstEpisode: Int)] = [:]
        for name in store.episodeMetricNames {
            if let stats = store.episodeSeries(named: name)?.statistics, let first = stats.firstNonFinite {
                nonFinite[name] = (stats.nonFiniteCount, first.x)
            }
        }
        for name in store.modelMetricNames {
            if let stats = store.modelSeries(named: name)?.statistics, let first = stats.firstNonFinite {
                let existing = nonFinite[name]
                nonFinite[name] = ((existing?.count ?? 0) + stats.nonFiniteCount, min(existing?.firstEpisode ?? .max, first.x))
            }
        }
        self.init(
            latestEpisode: store.latestEpisode, latestProfit: profit?.latest?.value, bestProfit: profit?.best?.value,
            bestEpisode: profit?.best?.x, latestLoss: loss?.statistics.latest?.value, nonFinite: nonFinite,
            secondsSinceNewEpisode: secondsSinceNewEpisode, trainingComplete: trainingComplete)
    }

    public static func == (lhs: HealthSnapshot, rhs: HealthSnapshot) -> Bool {
        lhs.latestEpisode == rhs.latestEpisode && lhs.latestProfit == rhs.latestProfit && lhs.bestProfit == rhs.bestProfit
            && lhs.bestEpisode == rhs.bestEpisode && lhs.latestLoss == rhs.latestLoss
            && lhs.nonFinite.mapValues { "\($0.count)/\($0.firstEpisode)" } == rhs.nonFinite.mapValues { "\($0.count)/\($0.firstEpisode)" }
            && lhs.secondsSinceNewEpisode == rhs.secondsSinceNewEpisode && lhs.trainingComplete == rhs.trainingComplete
    }
}
