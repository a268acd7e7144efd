import Foundation

extension ExperimentTracker {
    /// The guide's `export_comparison(exp_ids, format, output_path)`: the comparison written to
    /// `outputPath`, by default `comparison_<YYYYmmdd_HHMMSS>.json|csv` in the experiments
    /// directory. JSON: the guide's `experiments` list and `metrics_comparison`, with ours
    /// (`differing_hyperparameters`, final and best values, warnings) beside them. CSV: one row per
    /// experiment: id, name, status, total_episodes, the hyperparameters, then per metric
    /// `_mean`, `_std`, `_max`, `_min`, `_final`.
    public func exportComparison(_ ids: [String], format: MetricsLogger.SnapshotFormat, outputPath: String? = nil, metrics: [String]? = nil,
                                 now: Date = Date()) throws -> URL {
        let comparison = compareExperiments(ids, metrics: metrics)
        let path = outputPath ?? (experimentsDir as NSString).appendingPathComponent("comparison_\(LocalTime.stamp(now)).\(format.rawValue)")
        let text = format == .json ? Self.comparisonDocument(comparison).text() + "\n" : Self.csv(comparison)
        try LogFile.replaceAtomically(path: path, with: Array(text.utf8))
        return URL(fileURLWithPath: path)
    }

    /// A comparison as the JSON document `exportComparison` writes.
    public static func comparisonDocument(_ comparison: ExperimentComparison) -> OrderedJSON {
        func number(_ value: Double?) -> OrderedJSON { value.map(OrderedJSON.float) ?? .null }
        let experiments = comparison.experiments.map { experiment -> OrderedJSON in
            var fields: [(String, OrderedJSON)] = [
                ("id", .string(experiment.id)), ("name", .string(experiment.name)),
                ("hyperparameters", .object(experiment.hyperparameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value.guideJSON) })),
                ("total_episodes", .int(experiment.totalEpisodes)), ("best_episode", experiment.bestEpisode?.guideJSON ?? .null),
            ]
            for (metric, summary) in experiment.metrics.sorted(by: { $0.key < $1.key }) {
                fields += [("\(metric)_mean", number(summary.mean)), ("\(metric)_std", number(summary.std)), ("\(metric)_max", number(summary.best)),
                           ("\(metric)_min", number(summary.min)), ("\(metric)_final", number(summary.final))]
            }
            return .object(fields)
        }
        let metricsComparison = comparison.metricNames.map { metric -> (String, OrderedJSON) in
            (metric, .array(comparison.metricsComparison(metric).map { entry in
                .object([("experiment", .string(entry.experiment)), ("mean", number(entry.mean)), ("std", number(entry.std)), ("max", number(entry.max))])
            }))
        }
        let differing = comparison.differingHyperparameters.sorted { $0.key < $1.key }.map { key, byID -> (String, OrderedJSON) in
            (key, .object(byID.sorted { $0.key < $1.key }.map { ($0.key, $0.value.guideJSON) }))
        }
        return .object([
            ("experiments", .array(experiments)), ("metrics_comparison", .object(metricsComparison)),
            ("differing_hyperparameters", .object(differing)), ("warnings", .array(comparison.warnings.map(OrderedJSON.string))),
        ])
    }

    private static func csv(_ comparison: ExperimentComparison) -> String {
        let hyper = Set(comparison.experiments.flatMap(\.hyperparameters.keys)).sorted()
        let metrics = comparison.metrics.keys.sorted()
        var header = ["id", "name", "status", "total_episodes"] + hyper
        for metric in metrics { header += ["_mean", "_std", "_max", "_min", "_final"].map { metric + $0 } }
        var lines = [header.map(LogLineFormatter.csvCell).joined(separator: ",")]
        for experiment in comparison.experiments {
            var row = [experiment.id, experiment.name, experiment.status.rawValue, String(experiment.totalEpisodes)]
            row += hyper.map { experiment.hyperparameters[$0]?.description ?? "" }
            for metric in metrics {
                let summary = experiment.metrics[metric]
                row += [summary?.mean, summary?.std, summary?.best, summary?.min, summary?.final].map { $0.map(LogLineFormatter.csvNumber) ?? "" }
            }
            lines.append(row.map(LogLineFormatter.csvCell).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
