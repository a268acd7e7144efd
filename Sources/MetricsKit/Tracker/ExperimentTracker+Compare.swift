import Foundation

/// A metric over one experiment's results: the guide's mean/std/max/min (population std, as
/// numpy's), and the value at the last result.
public struct MetricSummary: Codable, Equatable, Sendable {
    /// The value at the last result.
    public var final: Double?
    /// The highest finite value (the guide's `max`).
    public var best: Double?
    public var mean: Double?
    public var std: Double?
    public var min: Double?
    /// Results that carried the metric.
    public var episodes: Int

    public init(final: Double?, best: Double?, mean: Double?, std: Double? = nil, min: Double? = nil, episodes: Int) {
        self.final = final
        self.best = best
        self.mean = mean
        self.std = std
        self.min = min
        self.episodes = episodes
    }

    /// The summary of a metric's values (non-finite ones count for `final` only).
    init(values: [Double]) {
        let finite = values.filter(\.isFinite)
        let summary = finite.isEmpty ? nil : ValueSummary(finite)
        self.init(final: values.last, best: summary?.max, mean: summary?.mean, std: summary?.standardDeviation, min: summary?.min, episodes: values.count)
    }
}

/// The guide's `get_experiment_summary`: `id, name, status, created, total_episodes,
/// hyperparameters, best_episode, statistics` (profit and Sharpe), with every metric's summary
/// beside them.
public struct ExperimentSummary: Equatable, Sendable {
    public var id: String
    public var name: String
    public var status: Experiment.Status
    public var created: Date
    public var hyperparameters: [String: HyperparameterValue]
    public var totalEpisodes: Int
    public var bestEpisode: ExperimentResult?
    /// Every metric the results carry.
    public var metrics: [String: MetricSummary]

    /// The guide's `statistics`: profit and Sharpe, those the results have.
    public var statistics: [String: MetricSummary] {
        metrics.filter { ($0.key == MetricName.profit || $0.key == MetricName.sharpe) && $0.value.episodes > 0 }
    }
}

/// One experiment in a comparison, as the guide's `compare_experiments` lists it: `id`, `name`,
/// `hyperparameters`, `total_episodes`, `best_episode` and per metric `<metric>_mean/_std/_max/_min`.
public struct ComparedExperiment: Equatable, Sendable {
    public var id: String
    public var name: String
    public var status: Experiment.Status
    public var hyperparameters: [String: HyperparameterValue]
    public var totalEpisodes: Int
    public var bestEpisode: ExperimentResult?
    public var metrics: [String: MetricSummary]
}

/// What `compareExperiments` finds: the experiments (guide fields), per metric and experiment a
/// summary, per metric which experiment is best, the hyperparameters whose values differ, and the
/// ids that were skipped because they name no experiment.
public struct ExperimentComparison: Equatable, Sendable {
    public var experiments: [ComparedExperiment]
    /// The metrics compared, as asked for (the guide's four by default).
    public var metricNames: [String]
    /// metric → experiment id → summary (only experiments that have the metric).
    public var metrics: [String: [String: MetricSummary]]
    /// One experiment's figures for a metric in the guide's `metrics_comparison`.
    public struct MetricEntry: Equatable, Sendable {
        /// The experiment's name.
        public var experiment: String
        public var mean: Double?
        public var std: Double?
        public var max: Double?
    }

    /// The guide's `metrics_comparison`: per metric, one entry per experiment that has it, in the
    /// experiments' order (empty when none has it).
    public func metricsComparison(_ metric: String) -> [MetricEntry] {
        experiments.compactMap { experiment in
            experiment.metrics[metric].map { MetricEntry(experiment: experiment.name, mean: $0.mean, std: $0.std, max: $0.best) }
        }
    }

    /// The experiment with the highest mean of `metric` (ties: the lower id).
    public func best(by metric: String) -> String? {
        experiments.compactMap { experiment in experiment.metrics[metric]?.mean.map { (experiment.id, $0) } }
            .max { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }?.0
    }
    /// hyperparameter → experiment id → value (absent where an experiment lacks it).
    public var differingHyperparameters: [String: [String: HyperparameterValue]]
    /// "no experiment x in experiments/" for each id that was skipped, as the guide warns.
    public var warnings: [String]

    public static func == (lhs: ExperimentComparison, rhs: ExperimentComparison) -> Bool {
        lhs.experiments == rhs.experiments && lhs.metricNames == rhs.metricNames && lhs.metrics == rhs.metrics && lhs.differingHyperparameters == rhs.differingHyperparameters
            && lhs.warnings == rhs.warnings
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

    /// The guide's default metrics for comparisons.
    public static let comparedMetrics = [MetricName.profit, MetricName.sharpe, MetricName.winRate, MetricName.drawdown]

    /// The summary of `metric` over an experiment's results (its final metrics fill in when
    /// no result carries it).
    public func summary(_ id: String, metric: String) -> MetricSummary {
        summary(of: metric, in: results(id), finalMetrics: (try? experiment(id))?.finalMetrics ?? [:])
    }

    /// The summary of `metric` over `records`; with no result carrying it, the experiment's final
    /// metrics stand in (`metric` itself or the guide's `best_<metric>`).
    func summary(of metric: String, in records: [MetricRecord], finalMetrics: [String: Double]) -> MetricSummary {
        let name = MetricName.canonical(metric)
        let values = records.compactMap { $0.values[name] }
        if values.isEmpty, let stored = finalMetrics[metric] ?? finalMetrics[name] ?? finalMetrics["best_" + metric] {
            return MetricSummary(final: stored, best: stored, mean: stored, std: 0, min: stored, episodes: 0)
        }
        return MetricSummary(values: values)
    }

    /// The guide's `get_experiment_summary(exp_id)`: the record's id, name, status, created and
    /// hyperparameters, and every metric the results carry.
    public func experimentSummary(_ id: String) throws -> ExperimentSummary {
        let record = try experiment(id)
        let records = results(id)
        let names = Set(records.flatMap(\.values.keys)).subtracting([MetricName.timestamp])
        return ExperimentSummary(
            id: record.id, name: record.name, status: record.status, created: record.createdAt, hyperparameters: record.hyperparameters,
            totalEpisodes: records.count, bestEpisode: TrackedExperiment(record: record, results: records.compactMap(ExperimentResult.init)).bestEpisode,
            metrics: Dictionary(uniqueKeysWithValues: names.map { ($0, summary(of: $0, in: records, finalMetrics: record.finalMetrics)) }))
    }

    /// The guide's `compare_experiments(exp_ids, metrics)`: metrics default to profit, sharpe,
    /// win_rate and drawdown; an id that names no readable experiment is skipped with a warning.
    public func compareExperiments(_ ids: [String], metrics: [String]? = nil) -> ExperimentComparison {
        var compared: [ComparedExperiment] = []
        var warnings: [String] = []
        let names = metrics ?? Self.comparedMetrics
        for id in ids {
            do {
                let record = try experiment(id)
                let records = results(id)
                compared.append(ComparedExperiment(
                    id: id, name: record.name, status: record.status, hyperparameters: record.hyperparameters, totalEpisodes: records.count,
                    bestEpisode: TrackedExperiment(record: record, results: records.compactMap(ExperimentResult.init)).bestEpisode,
                    // A metric no result (nor final metric) has is left out, as the guide's.
                    metrics: Dictionary(uniqueKeysWithValues: names.map { ($0, summary(of: $0, in: records, finalMetrics: record.finalMetrics)) }
                        .filter { $0.1.episodes > 0 || $0.1.mean != nil })))
            } catch {
                warnings.append("skipped: \(error)")
            }
        }
        var table: [String: [String: MetricSummary]] = [:]
        for experiment in compared {
            for (metric, summary) in experiment.metrics { table[metric, default: [:]][experiment.id] = summary }
        }
        var differing: [String: [String: HyperparameterValue]] = [:]
        for key in Set(compared.flatMap(\.hyperparameters.keys)) {
            let values = compared.map { $0.hyperparameters[key] }
            if Set(values.map { $0.map(\.description) ?? "\u{0}" }).count > 1 {
                for experiment in compared { differing[key, default: [:]][experiment.id] = experiment.hyperparameters[key] }
            }
        }
        return ExperimentComparison(experiments: compared, metricNames: names, metrics: table, differingHyperparameters: differing, warnings: warnings)
    }

    /// The guide's `get_leaderboard(metric, top_n)`: experiments ranked by the best value of
    /// `metric` (highest first; `by` picks another value), completed ones only unless
    /// `including` says otherwise; archived ones are never listed.
    public func leaderboard(metric: String = "profit", topN: Int = 10, by: RankBy = .best,
                            including statuses: Set<Experiment.Status> = [.completed]) -> [LeaderboardEntry] {
        let candidates = listExperiments().compactMap { $0.experiment }.filter { statuses.contains($0.status) && $0.status != .archived }
        let scored: [(Experiment, Double?)] = candidates.map { experiment in
            // The record is read already: only the results are read here.
            let summary = summary(of: metric, in: results(experiment.id), finalMetrics: experiment.finalMetrics)
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
        let ranked = sorted.filter { $0.1 != nil }.count
        for (index, (experiment, value)) in sorted.enumerated() {
            let previous = entries.last
            let rank = previous != nil && previous!.value == value && value != nil ? previous!.rank : index + 1
            entries.append(LeaderboardEntry(rank: value == nil ? ranked + 1 : rank, id: experiment.id, name: experiment.name, value: value,
                                            status: experiment.status))
        }
        return Array(entries.prefix(max(0, topN)))
    }

    /// The guide's `list_experiments(status, tags)`: readable experiments, those with `status`
    /// (any when nil) and carrying at least one of `tags` (any when nil or empty), by id.
    public func listExperiments(status: Experiment.Status?, tags: [String]? = nil) -> [Experiment] {
        listExperiments().compactMap(\.experiment).filter { experiment in
            (status == nil || experiment.status == status) && (tags?.isEmpty ?? true || tags!.contains(where: experiment.tags.contains))
        }
    }
}
