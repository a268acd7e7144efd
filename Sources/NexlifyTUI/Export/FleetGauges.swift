import AlertKit
import Foundation

/// What `export` serves at `/metrics`: one table of gauges, each a value of one run, labelled
/// `run` and `host`, then each condition rule's state and the metrics named with `--metric`.
/// A value a run does not have (no epsilon in a PPO run, a NaN latest loss) is left out, as
/// `summary --json` gives it `null`. Cardinality: runs × this table + runs × rules + runs ×
/// named metrics.
///
/// ```swift
/// let text = PrometheusText.render(FleetGauges.families(of: runs), format: .prometheus)
/// ```
enum FleetGauges {
    /// A gauge of the table: its name, its help text and how a run gives its value.
    struct Gauge: Sendable {
        let name: String
        let help: String
        let value: @Sendable (ExportedRun) -> Double?
    }

    static let episodes = Gauge(name: "nexlify_episodes", help: "Episodes logged (steps logged, for a step-keyed run).") { Double($0.summary.episodes) }
    static let latestEpisode = Gauge(name: "nexlify_latest_episode", help: "The latest episode (or step) logged.") { $0.summary.latestEpisode.map(Double.init) }
    static let profit = Gauge(name: "nexlify_profit", help: "The latest episode's profit (the metric playing profit).") { finite($0.latestProfit) }
    static let bestProfit = Gauge(name: "nexlify_best_profit", help: "The best profit so far.") { $0.summary.bestProfit }
    static let bestEpisode = Gauge(name: "nexlify_best_episode", help: "The episode (or step) of the best profit.") { $0.summary.bestEpisode.map(Double.init) }
    static let recentAverageProfit = Gauge(name: "nexlify_recent_average_profit", help: "The mean profit of the last 50 episodes.") { $0.summary.recentAverageProfit }
    static let sharpe = Gauge(name: "nexlify_sharpe", help: "The latest Sharpe ratio.") { $0.summary.latestSharpe }
    static let winRate = Gauge(name: "nexlify_win_rate", help: "The win rate, as a ratio (0-1): logged, or the share of profitable episodes among the last 20.") { finite($0.winRate) }
    static let drawdown = Gauge(name: "nexlify_drawdown", help: "The latest drawdown.") { finite($0.drawdown) }
    static let epsilon = Gauge(name: "nexlify_epsilon", help: "The latest exploration rate.") { $0.summary.latestEpsilon }
    static let learningRate = Gauge(name: "nexlify_learning_rate", help: "The latest learning rate.") { finite($0.learningRate) }
    static let loss = Gauge(name: "nexlify_loss", help: "The latest training loss.") { $0.summary.latestLoss }
    static let qMean = Gauge(name: "nexlify_q_mean", help: "The latest mean Q-value.") { finite($0.qMean) }
    static let lastRecord = Gauge(name: "nexlify_last_record_timestamp_seconds", help: "When the run's files last changed (Unix time).") { $0.lastRecord?.timeIntervalSince1970 }
    static let skippedLines = Gauge(name: "nexlify_skipped_lines", help: "Malformed lines or records skipped in the run's files.") { Double($0.summary.skippedLines) }
    static let trainingComplete = Gauge(name: "nexlify_training_complete", help: "1 when the run's files say it finished.") { $0.complete ? 1 : 0 }
    static let episodesSinceNonFinite = Gauge(name: "nexlify_episodes_since_non_finite", help: "Episodes (or steps) since the last NaN or infinite value in any metric, when there was one.") {
        $0.sinceNonFinite.map(Double.init)
    }

    /// Every gauge served, in this order.
    static let table: [Gauge] = [
        episodes, latestEpisode, profit, bestProfit, bestEpisode, recentAverageProfit, sharpe, winRate, drawdown, epsilon, learningRate, loss,
        qMean, lastRecord, skippedLines, trainingComplete, episodesSinceNonFinite,
    ]

    /// The name of the rules' states, `nexlify_alert_firing{rule, severity}`.
    static let alertFiring = "nexlify_alert_firing"

    /// The rules whose state is served: the conditions (info rules are events, never firing).
    static let conditionRules = HealthRule.allCases.filter { $0.level != .info }

    static func families(of runs: [ExportedRun]) -> [PrometheusText.Family] {
        var families = table.map { gauge in
            var family = PrometheusText.Family(name: gauge.name, help: gauge.help)
            for run in runs {
                if let value = gauge.value(run) { family.add(value, labels: labels(run)) }
            }
            return family
        }
        var firing = PrometheusText.Family(name: alertFiring, help: "1 while the health rule fires for the run, else 0.")
        var custom = PrometheusText.Family(name: "nexlify_metric", help: "The latest value of a metric named with --metric.")
        for run in runs {
            for rule in conditionRules {
                firing.add(run.firing.contains(rule) ? 1 : 0, labels: labels(run) + [("rule", rule.rawValue), ("severity", rule.level.rawValue)])
            }
            for (metric, value) in run.custom.sorted(by: { $0.key < $1.key }) {
                custom.add(value, labels: labels(run) + [("metric", metric)])
            }
        }
        families.append(firing)
        families.append(custom)
        return families
    }

    private static func labels(_ run: ExportedRun) -> [(String, String)] {
        [("run", run.name), ("host", run.host)]
    }

    private static func finite(_ value: Double?) -> Double? {
        value.flatMap { $0.isFinite ? $0 : nil }
    }
}
