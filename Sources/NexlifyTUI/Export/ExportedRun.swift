import AlertKit
import Foundation
import MetricsKit

/// One run's figures as `export` serves them, read from what the last refresh put in its store:
/// the headline numbers exactly as `summary --json` gives them (`RunSummary`), the latest value
/// of each other metric role, when the run last wrote, and which health rules fire.
struct ExportedRun: Equatable, Sendable {
    let name: String
    let host: String
    let summary: RunSummary
    let latestProfit: Double?
    /// A ratio (0–1), as Prometheus's base units go; `WinRate` gives percent.
    let winRate: Double?
    let drawdown: Double?
    let learningRate: Double?
    let qMean: Double?
    let lastRecord: Date?
    let complete: Bool
    /// Episodes (or steps) since the last NaN or ±Infinity in any metric, when there was one.
    let sinceNonFinite: Int?
    let firing: Set<HealthRule>
    /// The latest value of each metric named with `--metric` that the run has.
    let custom: [String: Double]

    /// `health`: the snapshot the run's rules were checked on at this refresh.
    init(name: String, host: String, source: RunSource, roles: MetricRoles, health: HealthSnapshot, firing: Set<HealthRule>, customMetrics: [String]) {
        let store = source.store
        self.name = name
        self.host = host
        summary = RunSummary(store: store, skippedLines: source.skipped.count, roles: roles, xAxis: source.layout.xAxis)
        func latest(_ role: MetricRole) -> Double? {
            roles.series(for: role, in: store)?.statistics.latest?.value
        }
        latestProfit = latest(.profit)
        winRate = WinRate.latest(in: store, roles: roles).map { $0 / 100 }
        drawdown = latest(.drawdown)
        learningRate = latest(.learningRate)
        qMean = latest(.qValues)
        lastRecord = source.lastModified
        complete = source.isComplete
        sinceNonFinite = health.nonFinite.values.map(\.sinceLast).min()
        self.firing = firing
        var custom: [String: Double] = [:]
        for metric in customMetrics {
            if let value = (store.episodeSeries(named: metric) ?? store.modelSeries(named: metric))?.statistics.latest?.value { custom[metric] = value }
        }
        self.custom = custom
    }
}
