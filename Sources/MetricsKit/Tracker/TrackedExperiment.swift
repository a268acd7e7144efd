import Foundation

/// One `logResult` call: the episode, when it was logged, and the metrics.
public struct ExperimentResult: Equatable, Sendable {
    public var episode: Int
    public var timestamp: Date?
    public var metrics: [String: Double]

    public init(episode: Int, timestamp: Date?, metrics: [String: Double]) {
        self.episode = episode
        self.timestamp = timestamp
        self.metrics = metrics
    }

    /// A result as a reader gives it (the timestamp among the values, in seconds).
    public init?(_ record: MetricRecord) {
        guard let episode = record.episode else { return nil }
        var metrics = record.values
        let seconds = metrics.removeValue(forKey: MetricName.timestamp)
        self.init(episode: episode, timestamp: seconds.map(Date.init(timeIntervalSince1970:)), metrics: metrics)
    }

    /// The guide's result object: `episode`, `timestamp` (local ISO), then the metrics by name.
    var guideJSON: OrderedJSON {
        var fields: [(String, OrderedJSON)] = [("episode", .int(episode))]
        if let timestamp { fields.append(("timestamp", .string(LocalTime.isoformat(timestamp)))) }
        fields += metrics.sorted { $0.key < $1.key }.map { ($0.key, .float($0.value)) }
        return .object(fields)
    }

    /// The same on one line, for `results.jsonl`.
    var jsonLine: String {
        var line = "{\"episode\": \(episode)"
        if let timestamp { line += ", \"timestamp\": " + JSONText.string(LocalTime.isoformat(timestamp)) }
        for (key, value) in metrics.sorted(by: { $0.key < $1.key }) {
            line += ", " + JSONText.string(key) + ": " + JSONText.number(value)
        }
        return line + "}\n"
    }
}

/// An experiment as the tracker holds it in memory (the guide's `tracker.experiments[id]`): its
/// record, every result logged, and the best of them.
///
/// ```swift
/// let tracked = try tracker.loadExperiment("dqn_baseline_20261201_120000")
/// tracked.results.count; tracked.bestEpisode?.metrics["profit"]
/// ```
public struct TrackedExperiment: Equatable, Sendable {
    public var record: Experiment
    public var results: [ExperimentResult]

    public init(record: Experiment, results: [ExperimentResult] = []) {
        self.record = record
        self.results = results
    }

    /// The result with the highest finite profit (the first on ties), as the guide's `best_episode`.
    public var bestEpisode: ExperimentResult? {
        var best: ExperimentResult?
        for result in results {
            guard let profit = result.metrics[MetricName.profit], profit.isFinite else { continue }
            if best == nil || profit > best!.metrics[MetricName.profit]! { best = result }
        }
        return best
    }

    /// `experiment.json` in the guide's layout: `id`, `name`, `created`, `hyperparameters`,
    /// `description`, `tags`, `results` (embedded), `status`, `best_episode`, `final_metrics`,
    /// and `completed` once completed; times as local ISO strings.
    public var guideDocument: OrderedJSON {
        var fields: [(String, OrderedJSON)] = [
            ("id", .string(record.id)), ("name", .string(record.name)), ("created", .string(LocalTime.isoformat(record.createdAt))),
            ("hyperparameters", .object(record.hyperparameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value.guideJSON) })),
            ("description", .string(record.description)), ("tags", .array(record.tags.map(OrderedJSON.string))),
            ("results", .array(results.map(\.guideJSON))),
            // Archived is where the directory is, not a status the guide writes.
            ("status", .string(record.status != .archived ? record.status.rawValue : record.completedAt == nil ? "running" : "completed")),
            ("best_episode", bestEpisode?.guideJSON ?? .null),
            ("final_metrics", .object(record.finalMetrics.sorted { $0.key < $1.key }.map { ($0.key, .float($0.value)) })),
        ]
        if let completed = record.completedAt { fields.append(("completed", .string(LocalTime.isoformat(completed)))) }
        return .object(fields)
    }
}

extension HyperparameterValue {
    /// The value as the guide's tracker writes it.
    var guideJSON: OrderedJSON {
        switch self {
        // Whole numbers as Python ints (a batch size stays 64, not 64.0).
        case .number(let value): return value == value.rounded() && abs(value) < 9e15 ? .int(Int(value)) : .float(value)
        case .text(let value): return .string(value)
        case .flag(let value): return .bool(value)
        case .json(let value): return OrderedJSON(value)
        }
    }
}
