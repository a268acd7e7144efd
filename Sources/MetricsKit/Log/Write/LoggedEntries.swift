/// One episode as `MetricsLogger.logEpisode` received it.
///
/// ```swift
/// let entry = EpisodeEntry(episode: 1, profit: 100, timestamp: 1_700_000_000)
/// entry.record["profit"]   // 100
/// ```
public struct EpisodeEntry: Sendable {
    public var episode: Int
    public var profit: Double
    public var sharpe = 0.0
    public var winRate = 0.0
    public var drawdown = 0.0
    public var numTrades = 0
    public var epsilon = 0.0
    public var learningRate = 0.0
    public var custom: [String: Double] = [:]
    public var timestamp: Double

    public init(
        episode: Int, profit: Double, sharpe: Double = 0, winRate: Double = 0, drawdown: Double = 0, numTrades: Int = 0,
        epsilon: Double = 0, learningRate: Double = 0, custom: [String: Double] = [:], timestamp: Double
    ) {
        self.episode = episode
        self.profit = profit
        self.sharpe = sharpe
        self.winRate = winRate
        self.drawdown = drawdown
        self.numTrades = numTrades
        self.epsilon = epsilon
        self.learningRate = learningRate
        self.custom = custom
        self.timestamp = timestamp
    }

    /// The named values in the order the log format writes them (custom metrics sorted by name).
    public var orderedValues: [(String, Double)] {
        var values: [(String, Double)] = [
            (MetricName.profit, profit), (MetricName.sharpe, sharpe), (MetricName.winRate, winRate),
            (MetricName.drawdown, drawdown), (MetricName.numTrades, Double(numTrades)), (MetricName.epsilon, epsilon),
            (MetricName.learningRate, learningRate),
        ]
        values += custom.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        values.append((MetricName.timestamp, timestamp))
        return values
    }

    /// The entry as a record, with names as a reader reports them.
    public var record: MetricRecord {
        var values: [String: Double] = [:]
        for (name, value) in orderedValues { values[MetricName.canonical(name)] = value }
        return MetricRecord(episode: episode, values: values)
    }

    /// The value of a metric by name (standard or custom).
    public func value(of metric: String) -> Double? {
        record.values[MetricName.canonical(metric)]
    }
}

/// One call of `MetricsLogger.logModelMetrics`, stamped with the latest episode at that time.
public struct ModelEntry: Sendable {
    public var episode: Int
    public var loss: Double
    public var qValues: [Double]?
    public var gradients: [String: Double]?
    public var custom: [String: Double] = [:]
    public var timestamp: Double

    public init(episode: Int, loss: Double, qValues: [Double]? = nil, gradients: [String: Double]? = nil, custom: [String: Double] = [:], timestamp: Double) {
        self.episode = episode
        self.loss = loss
        self.qValues = qValues
        self.gradients = gradients
        self.custom = custom
        self.timestamp = timestamp
    }

    /// The entry as a reader reports it: `q_values` summarised, gradients flattened.
    public var record: MetricRecord {
        var values: [String: Double] = [MetricName.loss: loss, MetricName.timestamp: timestamp]
        if let qValues, !qValues.isEmpty {
            let summary = ValueSummary(qValues)
            values[MetricName.qMean] = summary.mean
            values[MetricName.qStd] = summary.standardDeviation
            values[MetricName.qMin] = summary.min
            values[MetricName.qMax] = summary.max
        }
        for (key, value) in gradients ?? [:] { values[MetricName.gradients + "." + key] = value }
        for (key, value) in custom { values[MetricName.canonical(key)] = value }
        return MetricRecord(episode: episode, values: values)
    }
}
