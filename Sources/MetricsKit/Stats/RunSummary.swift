/// The headline statistics of a run, as `nexlify-tui summary` prints them.
///
/// Best and averages use finite values only; a latest value that is NaN or infinite is
/// reported as missing (`null` in JSON).
/// ```swift
/// let summary = RunSummary(store: source.store, skippedLines: source.skipped.count)
/// print(summary.json())   // {"episodes":1000,"latest_episode":999,...}
/// ```
public struct RunSummary: Equatable, Sendable {
    /// Episodes in the recent average, by episode number.
    public static let recentWindow = 50

    public let episodes: Int
    public let latestEpisode: Int?
    public let bestProfit: Double?
    public let bestEpisode: Int?
    public let averageProfit: Double?
    public let recentAverageProfit: Double?
    public let latestSharpe: Double?
    public let latestEpsilon: Double?
    public let latestLoss: Double?
    public let skippedLines: Int
    /// What the writer said of itself (the seed logger's `statistics`: `avg_log_time_ms`…).
    public let writerStatistics: [String: Double]

    /// What the run's x values count: `text()` says "steps" of a step-keyed run.
    public let xAxis: XAxis

    /// What the figures are read from: the metrics playing profit, Sharpe, epsilon and loss in
    /// the standard table (with the axes the run's format reads x from, `LogFormat.axisMetrics`).
    public static let selection = MetricSelection(roles: [.profit, .sharpe, .epsilon, .loss])

    /// The figures of the metrics playing each role (`MetricRoles`: an SB3 run's
    /// `rollout/ep_rew_mean` for profit).
    public init(store: RunStore, skippedLines: Int, writerStatistics: [String: Double] = [:], roles: MetricRoles = .standard,
                xAxis: XAxis = .episode) {
        self.writerStatistics = writerStatistics
        self.xAxis = xAxis
        let profit = roles.series(for: .profit, in: store)
        episodes = store.episodeCount
        latestEpisode = store.latestEpisode
        bestProfit = profit?.statistics.best?.value
        bestEpisode = profit?.statistics.best?.x
        averageProfit = profit?.statistics.mean
        recentAverageProfit = profit.flatMap { series in
            let recent = series.lastValues(Self.recentWindow).filter(\.isFinite)
            return recent.isEmpty ? nil : recent.reduce(0, +) / Double(recent.count)
        }
        latestSharpe = Self.finiteLatest(roles.series(for: .sharpe, in: store))
        latestEpsilon = Self.finiteLatest(roles.series(for: .epsilon, in: store))
        latestLoss = Self.finiteLatest(roles.series(for: .loss, in: store))
        self.skippedLines = skippedLines
    }

    private static func finiteLatest(_ series: MetricSeries?) -> Double? {
        guard let value = series?.statistics.latest?.value, value.isFinite else { return nil }
        return value
    }

    /// One JSON object with the keys `episodes`, `latest_episode`, `best_profit`, `best_episode`,
    /// `average_profit`, `recent_average_profit`, `latest_sharpe`, `latest_epsilon`, `latest_loss`,
    /// `skipped_lines`, `x_axis` (`episode`, or `step`: then `episodes` counts the logged steps
    /// and `latest_episode` is the latest step), and `logger` (the writer's own statistics, when
    /// the files hold them); missing values are `null`.
    public func json() -> String {
        let fields: [(String, String)] = [
            ("episodes", "\(episodes)"),
            ("latest_episode", Self.format(latestEpisode)),
            ("best_profit", Self.format(bestProfit)),
            ("best_episode", Self.format(bestEpisode)),
            ("average_profit", Self.format(averageProfit)),
            ("recent_average_profit", Self.format(recentAverageProfit)),
            ("latest_sharpe", Self.format(latestSharpe)),
            ("latest_epsilon", Self.format(latestEpsilon)),
            ("latest_loss", Self.format(latestLoss)),
            ("skipped_lines", "\(skippedLines)"),
            ("x_axis", "\"\(xAxis.rawValue)\""),
        ] + (writerStatistics.isEmpty ? [] : [("logger", "{" + writerStatistics.sorted { $0.key < $1.key }
            .map { JSONText.string($0.key) + ": " + Self.format($0.value) }.joined(separator: ", ") + "}")])
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Aligned `label  value` lines for people; a step-keyed run's counts say "steps".
    public func text() -> String {
        let unit = xAxis == .step ? "step" : "episode"
        let rows: [(String, String)] = [
            (xAxis == .step ? "logged steps" : "episodes", "\(episodes)"),
            ("latest \(unit)", Self.human(latestEpisode)),
            ("best profit", bestProfit.map { "\(Self.human($0)) (\(unit) \(Self.human(bestEpisode)))" } ?? "—"),
            ("average profit", Self.human(averageProfit)),
            ("recent average (last \(Self.recentWindow))", Self.human(recentAverageProfit)),
            ("latest sharpe", Self.human(latestSharpe)),
            ("latest epsilon", Self.human(latestEpsilon)),
            ("latest loss", Self.human(latestLoss)),
            ("skipped lines", "\(skippedLines)"),
        ] + writerStatistics.sorted { $0.key < $1.key }.map { ("logger \($0.key)", Self.human($0.value)) }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    private static func format(_ value: Int?) -> String { value.map(String.init) ?? "null" }
    private static func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "null" }
        return "\(value)"
    }
    private static func human(_ value: Int?) -> String { value.map(String.init) ?? "—" }
    private static func human(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.6g", value)
    }
}

import Foundation
