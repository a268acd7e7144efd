import Foundation

/// A metric over one experiment's results.
public struct MetricSummary: Codable, Equatable, Sendable {
    /// The value at the last result.
    public var final: Double?
    public var best: Double?
    public var mean: Double?
    /// Results that carried the metric.
    public var episodes: Int
}

/// What `compareExperiments` finds: per metric and experiment a summary, and the
/// hyperparameters whose values differ between the experiments.
public struct ExperimentComparison: Codable, Equatable, Sendable {
    public var experiments: [String]
    /// metric → experiment id → summary.
    public var metrics: [String: [String: MetricSummary]]
    /// hyperparameter → experiment id → value (absent where an experiment lacks it).
    public var differingHyperparameters: [String: [String: HyperparameterValue]]

    enum CodingKeys: String, CodingKey {
        case experiments, metrics, differingHyperparameters = "differing_hyperparameters"
    }
}

/// One row of a leaderboard.
public struct LeaderboardEntry: Equatable, Sendable {
    /// 1-based; equal values share a rank (1, 1, 3); experiments without the metric come last.
    public var rank: Int
    public var id: String
    public var name: String
    public var value: Double?
    public var status: Experiment.Status
}

extension ExperimentTracker {
    /// Which value of a metric ranks an experiment.
    public enum RankBy: String, Sendable, CaseIterable { case final, best, mean }

    /// The summary of `metric` over an experiment's results (its final metrics fill in when
    /// no result carries it).
    public func summary(_ id: String, metric: String) -> MetricSummary {
        let name = MetricName.canonical(metric)
        let values = results(id).compactMap { $0.values[name] }
        let finite = values.filter(\.isFinite)
        var summary = MetricSummary(final: values.last, best: finite.max(), mean: finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count),
                                    episodes: values.count)
        if values.isEmpty, let stored = (try? experiment(id))?.finalMetrics[metric] ?? (try? experiment(id))?.finalMetrics[name] {
            summary = MetricSummary(final: stored, best: stored, mean: stored, episodes: 0)
        }
        return summary
    }

    /// Compares experiments on `metrics` (default: every metric any of them logged).
    public func compareExperiments(_ ids: [String], metrics: [String]? = nil) throws -> ExperimentComparison {
        let records = try ids.map { try experiment($0) }
        let names = metrics ?? Array(Set(ids.flatMap { id in results(id).flatMap(\.values.keys) })).sorted()
        var table: [String: [String: MetricSummary]] = [:]
        for metric in names {
            for id in ids { table[metric, default: [:]][id] = summary(id, metric: metric) }
        }
        var differing: [String: [String: HyperparameterValue]] = [:]
        let keys = Set(records.flatMap(\.hyperparameters.keys))
        for key in keys {
            let values = records.map { $0.hyperparameters[key] }
            if Set(values.map { $0.map(\.description) ?? "\u{0}" }).count > 1 {
                for record in records { differing[key, default: [:]][record.id] = record.hyperparameters[key] }
            }
        }
        return ExperimentComparison(experiments: ids, metrics: table, differingHyperparameters: differing)
    }

    /// Experiments ranked by `metric` (highest first), archived ones left out.
    public func leaderboard(metric: String = "profit", topN: Int = 10, by: RankBy = .best) -> [LeaderboardEntry] {
        let candidates = listExperiments().compactMap { $0.experiment }.filter { $0.status != .archived }
        let scored: [(Experiment, Double?)] = candidates.map { experiment in
            let summary = summary(experiment.id, metric: metric)
            let value: Double? = switch by {
            case .final: summary.final
            case .best: summary.best
            case .mean: summary.mean
            }
            return (experiment, value.flatMap { $0.isFinite ? $0 : nil })
        }
        let sorted = scored.sorted { lhs, rhs in
            switch (lhs.1, rhs.1) {
            case let (left?, right?): return left != right ? left > right : lhs.0.id < rhs.0.id
            case (_?, nil): return true
            case (nil, _?): return false
            default: return lhs.0.id < rhs.0.id
            }
        }
        var entries: [LeaderboardEntry] = []
        for (index, (experiment, value)) in sorted.enumerated() {
            let previous = entries.last
            let rank = previous != nil && previous!.value == value && value != nil ? previous!.rank : index + 1
            entries.append(LeaderboardEntry(rank: value == nil ? sorted.filter { $0.1 != nil }.count + 1 : rank, id: experiment.id,
                                            name: experiment.name, value: value, status: experiment.status))
        }
        return Array(entries.prefix(max(0, topN)))
    }

    /// Writes a comparison to `comparison_<time>.json` or `.csv` in the experiments directory.
    public func exportComparison(_ ids: [String], format: MetricsLogger.SnapshotFormat, now: Date = Date()) throws -> URL {
        let comparison = try compareExperiments(ids)
        let path = (experimentsDir as NSString).appendingPathComponent("comparison_\(Self.stamp(now)).\(format.rawValue)")
        let bytes: [UInt8]
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            bytes = Array(try encoder.encode(comparison))
        case .csv:
            let records = try ids.map { try experiment($0) }
            let hyper = Set(records.flatMap(\.hyperparameters.keys)).sorted()
            let metrics = comparison.metrics.keys.sorted()
            var header = ["id", "name", "status"] + hyper
            for metric in metrics { header += ["\(metric)_final", "\(metric)_best", "\(metric)_mean", "\(metric)_episodes"] }
            var lines = [header.map(LogLineFormatter.csvCell).joined(separator: ",")]
            for record in records {
                var row = [record.id, record.name, record.status.rawValue] + hyper.map { record.hyperparameters[$0]?.description ?? "" }
                for metric in metrics {
                    let summary = comparison.metrics[metric]?[record.id]
                    row += [summary?.final, summary?.best, summary?.mean].map { $0.map(LogLineFormatter.csvNumber) ?? "" } + ["\(summary?.episodes ?? 0)"]
                }
                lines.append(row.map(LogLineFormatter.csvCell).joined(separator: ","))
            }
            bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        }
        try LogFile.replaceAtomically(path: path, with: bytes)
        return URL(fileURLWithPath: path)
    }
}
