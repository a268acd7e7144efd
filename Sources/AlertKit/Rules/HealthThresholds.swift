import MetricsKit

/// The thresholds the health rules use, with the seed's presets and switches to turn each rule
/// off.
///
/// ```swift
/// var thresholds = HealthThresholds.moderate          // 100 / 1000 / -500
/// thresholds.stallSeconds = 600
/// thresholds.disabled.insert(.noImprovement)
/// ```
public struct HealthThresholds: Equatable, Sendable {
    /// Episodes without a new best profit before `noImprovement` fires.
    public var noImprovementEpisodes: Int
    /// Loss above which `lossTooHigh` fires (critical).
    public var criticalLossThreshold: Double
    /// Profit below which `profitTooLow` fires (warning).
    public var minProfitWarning: Double
    /// Seconds without a new episode before `stalled` fires.
    public var stallSeconds: Double = StallThreshold.seconds
    /// `nonFinite` holds while a metric had NaN or ±Infinity within its last this many episodes
    /// (or steps, for model metrics), and resolves once that many have passed without one.
    public var nonFiniteWindow: Int = 100
    /// Consecutive evaluations a condition must hold before it fires (and be clear before it resolves).
    public var forChecks: Int = 1
    /// How far past a threshold a value must come back before its alert resolves, as a fraction
    /// of the threshold's magnitude, so a value hovering at the threshold does not flap.
    public var hysteresis: Double = 0.1
    /// Rules switched off.
    public var disabled: Set<HealthRule> = []

    // The RL rules (`RLHealthRules`) judge trends over each metric's last `trendWindow` values.
    /// How many of a metric's latest values the RL rules look at (`trend_window`).
    public var trendWindow: Int = 100
    /// The longest `trendWindow`: what every reader keeps at full resolution (the dashboard's
    /// store keeps 1,024 recent values), so `watch`, the dashboard and `export` judge the same values.
    public static let longestTrendWindow = 1000
    /// `qOverestimation`: how far the Q mean must rise over the window, as a fraction of its
    /// magnitude at the window's start (`q_rise_fraction`).
    public var qRiseFraction: Double = 0.25
    /// The return *improves* over the window when its fitted line rises by more than this many
    /// standard deviations of the window's returns, and *falls* when it drops by more
    /// (`improvement_sigma`); between the two it is flat.
    public var improvementSigma: Double = 0.5
    /// `explorationCollapse`: a policy entropy below this fraction of its start has collapsed
    /// (`entropy_fraction`).
    public var entropyFraction: Double = 0.1
    /// `lossFallsProfitFalls`: how far the loss must fall over the window, as a fraction of its
    /// value at the window's start (`loss_fall_fraction`).
    public var lossFallFraction: Double = 0.2
    /// `gradientExplosion`: the gradients' largest value or norm above this (`max_gradient`).
    public var maxGradient: Double = 100
    /// `gradientExplosion`: or grown by this many orders of magnitude over the window
    /// (`gradient_growth_orders`).
    public var gradientGrowthOrders: Double = 3

    public init(noImprovementEpisodes: Int, criticalLossThreshold: Double, minProfitWarning: Double) {
        self.noImprovementEpisodes = noImprovementEpisodes
        self.criticalLossThreshold = criticalLossThreshold
        self.minProfitWarning = minProfitWarning
    }

    /// More alerts: 50 / 500 / -200.
    public static let conservative = HealthThresholds(noImprovementEpisodes: 50, criticalLossThreshold: 500, minProfitWarning: -200)
    /// Balanced: 100 / 1000 / -500.
    public static let moderate = HealthThresholds(noImprovementEpisodes: 100, criticalLossThreshold: 1000, minProfitWarning: -500)
    /// Fewer alerts: 200 / 2000 / -1000.
    public static let aggressive = HealthThresholds(noImprovementEpisodes: 200, criticalLossThreshold: 2000, minProfitWarning: -1000)

    /// A preset by the seed's name (`conservative`, `moderate`, `aggressive`).
    public static func preset(named name: String) -> HealthThresholds? {
        switch name.lowercased() {
        case "conservative": return .conservative
        case "moderate": return .moderate
        case "aggressive": return .aggressive
        default: return nil
        }
    }
}
