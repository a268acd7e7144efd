import MetricsKit

/// The RL health rules: patterns across metrics that the seed's rules (loss, profit, NaN) miss,
/// each judged on the last `trendWindow` values of its metrics (`HealthSnapshot.windows`) and
/// nothing else, so the same data gives the same verdict in any process.
///
/// - **Q overestimation** (`q_overestimation`, warning): the Q mean keeps rising — by at least
///   `qRiseFraction` of its magnitude, steadily (correlation with x ≥ 0.7) — while the return is
///   flat or falling. DQN's classic divergence: the bootstrapped targets chase their own
///   overestimates. Try Double DQN, a target network updated less often, a lower learning rate,
///   gradient clipping, or smaller rewards.
/// - **Exploration collapse** (`exploration_collapse`, warning): epsilon has decayed to its floor and
///   stayed there, or the policy's entropy fell below `entropyFraction` of its start, while the
///   return has not improved, neither over the window nor from where the run began. The agent stopped exploring before it found anything. Try a slower
///   epsilon decay or a higher floor; for PPO a larger `ent_coef`; or restart from an earlier
///   checkpoint.
/// - **Loss falling while the return falls** (`loss_falls_profit_falls`, warning): the loss fell by
///   at least `lossFallFraction` while the return fell. The model fits something other than the
///   objective. Check the reward (scaling, sign, look-ahead in the features) and the targets.
/// - **Gradient explosion** (`gradient_explosion`, critical): the gradients' largest value or norm is
///   above `maxGradient`, or grew by `gradientGrowthOrders` orders of magnitude over the window.
///   Try gradient clipping (`max_grad_norm`), a lower learning rate, or normalised inputs.
/// - **Learning rate schedule ended while still improving** (`learning_rate_ended`, info): the
///   learning rate decayed and has not moved over the window while the return still climbs. A
///   longer schedule or a higher final rate may train further.
///
/// A rule says nothing (no verdict) until its metrics have `minimumPoints` values in the window.
/// ```swift
/// let verdicts = RLHealthRules.evaluate(snapshot, thresholds: .moderate)
/// ```
public enum RLHealthRules {
    /// Values a window needs before a trend is judged on it.
    public static let minimumPoints = 10

    /// One verdict per rule that has enough data.
    public static func evaluate(_ now: HealthSnapshot, thresholds: HealthThresholds) -> [RuleVerdict] {
        [qOverestimation(now, thresholds), explorationCollapse(now, thresholds), lossFallsProfitFalls(now, thresholds),
         gradientExplosion(now, thresholds), learningRateEnded(now, thresholds)].compactMap { $0 }
    }

    /// A window with enough values for a trend, and its line.
    private static func trend(_ role: MetricRole, _ now: HealthSnapshot) -> (window: TrendWindow, fit: TrendWindow.Fit)? {
        guard let window = now.windows[role], window.values.count >= minimumPoints, let fit = window.fit else { return nil }
        return (window, fit)
    }

    /// How the return moved over its window: +1 improving, −1 falling, 0 flat.
    private static func direction(of fit: TrendWindow.Fit, _ thresholds: HealthThresholds) -> Int {
        let margin = thresholds.improvementSigma * fit.spread
        return fit.change > margin ? 1 : fit.change < -margin ? -1 : 0
    }

    /// The fitted change relative to the line's start (or to the spread, when it starts near 0).
    private static func relativeChange(_ fit: TrendWindow.Fit) -> Double {
        fit.change / Swift.max(abs(fit.start), fit.spread, .leastNormalMagnitude)
    }

    private static func qOverestimation(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let q = trend(.qValues, now), let profit = trend(.profit, now) else { return nil }
        let rise = relativeChange(q.fit)
        let rising = rise >= thresholds.qRiseFraction && q.fit.correlation >= 0.7
        let returnMove = direction(of: profit.fit, thresholds)
        return RuleVerdict(
            rule: .qOverestimation, holds: rising && returnMove <= 0,
            clear: rise < thresholds.qRiseFraction / 2 || q.fit.correlation < 0.5 || returnMove > 0, level: .warning,
            title: "Q-values overestimating",
            message: "\(q.window.name) rose \(percent(rise)) over its last \(q.window.values.count) values (\(format(q.fit.start)) → \(format(q.fit.end))) "
                + "while \(profit.window.name) \(returnMove < 0 ? "fell" : "stayed flat") (\(format(profit.fit.start)) → \(format(profit.fit.end))): "
                + "the Q-network is overestimating. Try Double DQN, a target network updated less often, a lower learning rate or gradient clipping.",
            data: ["q_rise": rise, "q_start": q.fit.start, "q_end": q.fit.end, "return_change": profit.fit.change])
    }

    private static func explorationCollapse(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let profit = trend(.profit, now) else { return nil }
        // Improved: climbing over the window, or above where the run began (a run that learned
        // and sits at its ceiling has not collapsed).
        let aboveStart = profit.window.runStart.map { profit.fit.end - $0 > thresholds.improvementSigma * Swift.max(profit.fit.spread, abs($0) * 0.05) } ?? false
        let improving = direction(of: profit.fit, thresholds) > 0 || aboveStart
        var collapsed: String?
        var data: [String: Double] = ["return_change": profit.fit.change]
        if let epsilon = now.windows[.epsilon], epsilon.values.count >= minimumPoints, let floor = epsilon.runLowest, let start = epsilon.runStart,
           start > floor, let highest = epsilon.values.max(), highest <= floor + Swift.max(1e-12, (start - floor) * 0.01) {
            collapsed = "\(epsilon.name) has sat at its floor \(format(floor)) for its last \(epsilon.values.count) values (from \(format(start)))"
            data["epsilon"] = floor
        }
        if collapsed == nil, let window = now.windows[.entropy], window.values.count >= minimumPoints,
           let first = window.runStart, let last = window.latest {
            let start = MetricRole.entropy(from: first, named: window.name)
            let entropy = MetricRole.entropy(from: last, named: window.name)
            if start > 0, entropy <= thresholds.entropyFraction * start {
                collapsed = "the policy's entropy (\(window.name)) fell to \(percent(entropy / start)) of its start (\(format(start)) → \(format(entropy)))"
                data["entropy"] = entropy
                data["entropy_start"] = start
            }
        }
        let holds = collapsed != nil && !improving
        return RuleVerdict(
            rule: .explorationCollapse, holds: holds, clear: !holds, level: .warning, title: "Exploration collapsed",
            message: "\(collapsed.map(capitalised) ?? "Exploration continues") while \(profit.window.name) has not improved "
                + "(\(format(profit.fit.start)) → \(format(profit.fit.end))): the agent stopped exploring before it learned. "
                + "Try a slower epsilon decay or a higher floor, a larger entropy coefficient (PPO's ent_coef), or an earlier checkpoint.",
            data: data)
    }

    private static func lossFallsProfitFalls(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let loss = trend(.loss, now), let profit = trend(.profit, now) else { return nil }
        let fall = -relativeChange(loss.fit)
        let lossFalling = fall >= thresholds.lossFallFraction && loss.fit.correlation <= -0.5
        let returnMove = direction(of: profit.fit, thresholds)
        return RuleVerdict(
            rule: .lossFallsProfitFalls, holds: lossFalling && returnMove < 0, clear: !lossFalling || returnMove > 0 || profit.fit.change >= 0,
            level: .warning, title: "Loss falls while the return falls",
            message: "\(loss.window.name) fell \(percent(fall)) (\(format(loss.fit.start)) → \(format(loss.fit.end))) while \(profit.window.name) fell "
                + "(\(format(profit.fit.start)) → \(format(profit.fit.end))): the model fits something other than the objective. "
                + "Check the reward (scale, sign, look-ahead in the features) and the targets.",
            data: ["loss_fall": fall, "return_change": profit.fit.change])
    }

    private static func gradientExplosion(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let window = now.windows[.gradientNorm], let last = window.latest else { return nil }
        let size = abs(last)
        let early = median(window.values.prefix(Swift.max(1, window.values.count / 4)).map(abs))
        let orders = window.values.count >= minimumPoints && early > 0 && size > early ? log10(size / early) : 0
        let above = size > thresholds.maxGradient
        let growing = orders >= thresholds.gradientGrowthOrders
        let why = above ? "above \(format(thresholds.maxGradient))" : "\(format(orders)) orders of magnitude above its \(format(early)) earlier in the window"
        return RuleVerdict(
            rule: .gradientExplosion, holds: above || growing,
            clear: size < thresholds.maxGradient * (1 - thresholds.hysteresis) && orders < thresholds.gradientGrowthOrders - 1, level: .critical,
            title: "Gradients exploding",
            message: "\(window.name) is \(format(size)), \(why): the updates are blowing up. "
                + "Try gradient clipping (max_grad_norm), a lower learning rate or normalised inputs.",
            data: ["gradient": size, "threshold": thresholds.maxGradient, "orders": orders])
    }

    /// An event: announced once per final learning rate.
    private static func learningRateEnded(_ now: HealthSnapshot, _ thresholds: HealthThresholds) -> RuleVerdict? {
        guard let rate = now.windows[.learningRate], rate.values.count >= minimumPoints, let start = rate.runStart, let last = rate.latest,
              let highest = rate.values.max(), let lowest = rate.values.min(), start > last, highest - lowest <= abs(last) * 1e-9,
              let profit = trend(.profit, now), direction(of: profit.fit, thresholds) > 0 else { return nil }
        return RuleVerdict(
            rule: .learningRateEnded, holds: true, clear: false, level: .info, title: "Learning rate schedule ended",
            message: "\(rate.name) ended its schedule at \(format(last)) (from \(format(start))) while \(profit.window.name) still improves "
                + "(\(format(profit.fit.start)) → \(format(profit.fit.end))): a longer schedule or a higher final rate may train further.",
            data: ["learning_rate": last, "learning_rate_start": start, "return_change": profit.fit.change], occurrence: "learning rate \(format(last))")
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private static func percent(_ fraction: Double) -> String {
        HealthRules.format((fraction * 100).rounded()) + " %"
    }

    private static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    private static func format(_ value: Double) -> String {
        HealthRules.format(value)
    }
}

import Foundation
