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
    /// The caller's own metrics (the guide's `**kwargs`): usually numbers, any JSON value allowed.
    public var custom: [String: JSONValue] = [:]
    /// Seconds since 1970 (the guide's snapshot writes it as a local ISO time).
    public var timestamp: Double

    public init(
        episode: Int, profit: Double, sharpe: Double = 0, winRate: Double = 0, drawdown: Double = 0, numTrades: Int = 0,
        epsilon: Double = 0, learningRate: Double = 0, custom: [String: JSONValue] = [:], timestamp: Double
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

    /// The guide's standard metrics in the order its logger writes them.
    public var standardValues: [(String, Double)] {
        [
            (MetricName.profit, profit), (MetricName.sharpe, sharpe), (MetricName.winRate, winRate),
            (MetricName.drawdown, drawdown), (MetricName.numTrades, Double(numTrades)), (MetricName.epsilon, epsilon),
            (MetricName.learningRate, learningRate),
        ]
    }

    /// The custom metrics sorted by name (the order the run log writes them).
    public var sortedCustom: [(key: String, value: JSONValue)] { custom.sorted { $0.key < $1.key } }

    /// The entry as a record, with names as a reader reports them: custom values that are not
    /// numbers are flattened as a reader flattens them (numeric strings, arrays' means, nested
    /// numbers) or left out.
    public var record: MetricRecord {
        var values: [String: Double] = [:]
        for (key, value) in sortedCustom { RecordFlattener.add(value, as: MetricName.canonical(key), into: &values) }
        for (name, value) in standardValues { values[MetricName.canonical(name)] = value }
        values[MetricName.timestamp] = timestamp
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
    /// The guide's `weights` argument, kept as given (written to its snapshot, not plotted).
    public var weights: [String: JSONValue]?
    public var custom: [String: Double] = [:]
    public var timestamp: Double

    public init(episode: Int, loss: Double, qValues: [Double]? = nil, gradients: [String: Double]? = nil, weights: [String: JSONValue]? = nil,
                custom: [String: Double] = [:], timestamp: Double) {
        self.episode = episode
        self.loss = loss
        self.qValues = qValues
        self.gradients = gradients
        self.weights = weights
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

/// One `MetricsLogger.logDiagnostic` call: when, and the value as given.
public struct DiagnosticEntry: Sendable, Equatable {
    public var timestamp: Double
    public var value: JSONValue

    public init(timestamp: Double, value: JSONValue) {
        self.timestamp = timestamp
        self.value = value
    }
}
