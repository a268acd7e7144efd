/// The health rules as a pure function of the run's state: given the snapshot and the
/// thresholds, one verdict per enabled rule that has something to say. Nothing here sends,
/// remembers or reads a clock, and nothing depends on an earlier check: the same files give the
/// same verdicts in any process.
///
/// ```swift
/// let verdicts = HealthRules.evaluate(snapshot, thresholds: .moderate)
/// verdicts.first { $0.rule == .lossTooHigh }?.holds
/// ```
public enum HealthRules {
    public static func evaluate(_ now: HealthSnapshot, thresholds: HealthThresholds) -> [RuleVerdict] {
        var verdicts: [RuleVerdict] = []
        func add(_ verdict: RuleVerdict?) {
            if let verdict, !thresholds.disabled.contains(verdict.rule) { verdicts.append(verdict) }
        }
        add(noImprovement(now, thresholds))
        add(lossTooHigh(now, thresholds))
        add(profitTooLow(now, thresholds))
        add(nonFinite(now, thresholds))
        add(stalled(now, thresholds))
        add(trainingComplete(now))
        add(newBest(now))
        for verdict in RLHealthRules.evaluate(now, thresholds: thresholds) { add(verdict) }
        return verdicts
    }

    private static func noImprovement(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let latest = now.latestEpisode, let best = now.bestEpisode, let bestProfit = now.bestProfit else { return nil }
        let since = latest - best
        let holds = since >= thresholds.noImprovementEpisodes
        return RuleVerdict(
            rule: .noImprovement, holds: holds, clear: !holds, level: .warning, title: "No new best",
            message: "No new best profit in \(since) episodes (best \(format(bestProfit)) at episode \(best); threshold \(thresholds.noImprovementEpisodes)).",
            data: ["episodes_since_best": Double(since), "best_profit": bestProfit, "best_episode": Double(best)])
    }

    private static func lossTooHigh(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let loss = now.latestLoss, loss.isFinite else { return nil }
        let limit = thresholds.criticalLossThreshold
        return RuleVerdict(
            rule: .lossTooHigh, holds: loss > limit, clear: loss < limit - abs(limit) * thresholds.hysteresis, level: .critical,
            title: "Loss too high", message: "Training loss is \(format(loss)), above the critical threshold \(format(limit)).",
            data: ["loss": loss, "threshold": limit])
    }

    private static func profitTooLow(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let profit = now.latestProfit, profit.isFinite else { return nil }
        let limit = thresholds.minProfitWarning
        return RuleVerdict(
            rule: .profitTooLow, holds: profit < limit, clear: profit > limit + abs(limit) * thresholds.hysteresis, level: .warning,
            title: "Profit below warning level", message: "Episode profit is \(format(profit)), below \(format(limit)).",
            data: ["profit": profit, "threshold": limit, "episode": Double(now.latestEpisode ?? 0)])
    }

    /// Holds while a metric had NaN or ±Infinity within its last `nonFiniteWindow` episodes; the
    /// alert names the metric whose latest non-finite value came first.
    private static func nonFinite(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        let recent = now.nonFinite.filter { $0.value.sinceLast < thresholds.nonFiniteWindow }
        guard let (metric, found) = recent.min(by: { ($0.value.lastEpisode, $0.key) < ($1.value.lastEpisode, $1.key) }) else {
            return RuleVerdict(rule: .nonFinite, holds: false, clear: true, level: .critical, title: "NaN or Infinity in metrics",
                               message: "No NaN or infinite value in the last \(thresholds.nonFiniteWindow) episodes.")
        }
        let others = recent.keys.filter { $0 != metric }.sorted()
        let also = others.isEmpty ? "" : " (also in \(others.joined(separator: ", ")))"
        let times = found.count == 1 ? "once" : "\(found.count) times"
        return RuleVerdict(
            rule: .nonFinite, holds: true, clear: false, level: .critical, title: "NaN or Infinity in \(metric)",
            message: "\(metric) was NaN or infinite at episode \(found.lastEpisode) (\(times) since episode \(found.firstEpisode))\(also).",
            data: ["first_episode": Double(found.firstEpisode), "last_episode": Double(found.lastEpisode), "count": Double(found.count)])
    }

    private static func stalled(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let seconds = now.secondsSinceNewEpisode else { return nil }
        // A finished run is not stalled: a firing stall alert resolves.
        let holds = seconds >= thresholds.stallSeconds && !now.trainingComplete
        return RuleVerdict(
            rule: .stalled, holds: holds, clear: !holds, level: .warning,
            title: "Run stalled", message: "No new episode for \(Int(saturating: seconds)) s (threshold \(Int(saturating: thresholds.stallSeconds)) s); is the trainer still running?",
            data: ["seconds": seconds, "latest_episode": Double(now.latestEpisode ?? 0)])
    }

    private static func trainingComplete(_ now: HealthSnapshot) -> RuleVerdict? {
        guard now.trainingComplete else { return nil }
        return RuleVerdict(
            rule: .trainingComplete, holds: true, clear: false, level: .info, title: "Training complete",
            message: "Training finished after \((now.latestEpisode ?? -1) + 1) episodes; best profit \(now.bestProfit.map(format) ?? "n/a").",
            data: ["episodes": Double((now.latestEpisode ?? -1) + 1), "best_profit": now.bestProfit ?? .nan], occurrence: "complete")
    }

    /// The run's best profit so far, as an event: each new best episode is announced once.
    private static func newBest(_ now: HealthSnapshot) -> RuleVerdict? {
        guard let best = now.bestProfit, let episode = now.bestEpisode else { return nil }
        return RuleVerdict(
            rule: .newBest, holds: true, clear: false, level: .info, title: "New best model",
            message: "New best profit \(format(best)) at episode \(episode).", data: ["best_profit": best, "episode": Double(episode)],
            occurrence: "episode \(episode)")
    }

    static func format(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.4g", value)
    }
}

import Foundation
import MetricsKit
