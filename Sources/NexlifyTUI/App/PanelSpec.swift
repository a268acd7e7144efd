import MetricsKit

/// The dashboard's panels as data: one row per panel, from which the layout, the `1`–`9` zoom
/// keys, the help and the compare legend follow. Adding a panel is one row of `PanelSpec.all`.
///
/// A panel shows the first of its `metrics` the run has (the guide's name first, then what
/// Stable-Baselines3 and TensorBoard runs call it), or the metric the config names for it
/// (`"panels": {"profit": "rollout/ep_rew_mean"}`); its title then says which.
struct PanelSpec: Sendable {
    /// How a panel draws its metric.
    enum Drawing: Sendable {
        /// Raw points as an envelope and a smoothed line (`windowFactor` × the smoothing); the
        /// value shown is the latest raw point, or the smoothed line's with `showsSmoothed`.
        case smoothed(windowFactor: Int, showsSmoothed: Bool)
        /// The raw points only.
        case raw
        /// A rate shown in percent (fractions scaled), smoothed; without the metric, the rolling
        /// share of episodes with positive profit.
        case percent(windowFactor: Int)
        /// A mean line with a ± deviation band, from the first of `deviation` the run has.
        case meanBand(deviation: [String])
    }

    /// The name in the config's `panels` object.
    let key: String
    let title: String
    /// Candidate metrics, in order of preference.
    let metrics: [String]
    /// The name the "no … in this run" message gives when the run has none.
    let missingName: String
    let role: Theme.Role
    let drawing: Drawing
    var logScale = false
    var references: [Double] = []
    /// Whether the metric is looked for among model metrics first (loss, Q-values).
    var modelMetricsFirst = false

    static let all: [PanelSpec] = [
        PanelSpec(key: "profit", title: "Profit/Loss", metrics: [MetricName.profit, "total_profit", "rollout/ep_rew_mean", "r"],
                  missingName: MetricName.profit, role: .profit, drawing: .smoothed(windowFactor: 1, showsSmoothed: false), references: [0]),
        PanelSpec(key: "loss", title: "Training loss (log)", metrics: [MetricName.loss, "train/loss", "Loss/train", "train/value_loss"],
                  missingName: MetricName.loss, role: .loss, drawing: .smoothed(windowFactor: 2, showsSmoothed: false), logScale: true,
                  modelMetricsFirst: true),
        PanelSpec(key: "epsilon", title: "Epsilon", metrics: [MetricName.epsilon, "rollout/exploration_rate"], missingName: MetricName.epsilon,
                  role: .epsilon, drawing: .raw),
        PanelSpec(key: "learning_rate", title: "Learning rate", metrics: [MetricName.learningRate, "train/learning_rate"],
                  missingName: MetricName.learningRate, role: .learningRate, drawing: .raw),
        PanelSpec(key: "win_rate", title: "Win rate", metrics: [MetricName.winRate], missingName: MetricName.winRate, role: .winRate,
                  drawing: .percent(windowFactor: 2), references: [50]),
        PanelSpec(key: "sharpe", title: "Sharpe", metrics: [MetricName.sharpe], missingName: MetricName.sharpe, role: .sharpe,
                  drawing: .smoothed(windowFactor: 1, showsSmoothed: true), references: [0, 1]),
        PanelSpec(key: "drawdown", title: "Drawdown", metrics: [MetricName.drawdown], missingName: MetricName.drawdown, role: .drawdown, drawing: .raw),
        PanelSpec(key: "q_values", title: "Q-values", metrics: [MetricName.qMean], missingName: MetricName.qValues, role: .qValues,
                  drawing: .meanBand(deviation: [MetricName.qStd]), modelMetricsFirst: true),
    ]

    /// The config keys, in panel order (for messages).
    static var keys: [String] { all.map(\.key) }

    /// Checks a config's `panels` object: every key must name a panel.
    static func validate(_ overrides: [String: String]) throws(PanelConfigFailure) {
        for key in overrides.keys.sorted() where !keys.contains(key) {
            throw PanelConfigFailure(description: "training_dashboard.panels.\(key): no such panel; the panels are \(keys.joined(separator: ", "))")
        }
    }
}

/// A config's `panels` object names a panel that does not exist.
struct PanelConfigFailure: Error, CustomStringConvertible {
    let description: String
}

/// A panel by its place, 1 to the number of panels (as the zoom keys number them).
struct PanelKind: Hashable, Sendable, CaseIterable {
    let rawValue: Int

    init?(rawValue: Int) {
        guard PanelSpec.all.indices.contains(rawValue - 1) else { return nil }
        self.rawValue = rawValue
    }

    static let allCases: [PanelKind] = PanelSpec.all.indices.map { PanelKind(rawValue: $0 + 1)! }

    var spec: PanelSpec { PanelSpec.all[rawValue - 1] }
    var title: String { spec.title }
    var role: Theme.Role { spec.role }

    /// The panels code refers to by name.
    static let profit = kind("profit"), loss = kind("loss"), epsilon = kind("epsilon"), learningRate = kind("learning_rate"),
        winRate = kind("win_rate"), sharpe = kind("sharpe"), drawdown = kind("drawdown"), qValues = kind("q_values")

    private static func kind(_ key: String) -> PanelKind {
        PanelKind(rawValue: PanelSpec.all.firstIndex { $0.key == key }! + 1)!
    }
}
