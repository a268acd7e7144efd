import MetricsKit

/// The dashboard's panels as data: one row per panel, from which the layout (a grid computed
/// from the number of rows), the `1`–`9` zoom keys, the help and the compare legend follow.
/// Adding a panel is one row of `PanelSpec.all`; its colour is a theme role every theme has (a
/// new panel takes a run colour, `.run(n)`, and needs no theme-file edit).
///
/// A panel shows the metric playing its `role` in the run, as `MetricRoles` decides (the guide's
/// name, what Stable-Baselines3 and TensorBoard runs call it, or what the config's `panels`
/// names); its title says which when it is not the guide's.
struct PanelSpec: Sendable {
    /// How a panel draws its metric.
    enum Drawing: Sendable {
        /// Raw points as an envelope and a smoothed line (`windowFactor` × the smoothing); the
        /// value shown is the latest raw point, or the smoothed line's with `showsSmoothed`.
        case smoothed(windowFactor: Int, showsSmoothed: Bool)
        /// The raw points only.
        case raw
        /// A rate shown in percent (`WinRate`: fractions scaled), smoothed; without the metric,
        /// the rolling share of profitable episodes.
        case percent(windowFactor: Int)
        /// A mean line with a ± deviation band, from the metric playing `deviation`.
        case meanBand(deviation: MetricRole)
    }

    let title: String
    /// The short name the compare legend heads its column with.
    let legend: String
    /// The role whose metric the panel draws; its key is the panel's in the config's `panels`.
    let role: MetricRole
    let colour: Theme.Role
    let drawing: Drawing
    var logScale = false
    var references: [Double] = []
    /// A metric drawn in place of the role's, which the run lacks (`PanelFill`).
    var metric: String?

    /// The name in the config's `panels` object.
    var key: String { role.rawValue }

    /// The roles whose metrics the panel draws: its own, and its band's.
    var drawnRoles: [MetricRole] {
        if case .meanBand(let deviation) = drawing { return [role, deviation] }
        return [role]
    }

    /// This panel's place given to `metric`: titled with its name, drawn raw with a smoothed line.
    func showing(_ metric: String) -> PanelSpec {
        PanelSpec(title: TerminalText.sanitize(metric), legend: TerminalText.sanitize(String(metric.split(separator: "/").last ?? Substring(metric))),
                  role: role, colour: colour, drawing: .smoothed(windowFactor: 1, showsSmoothed: false), metric: metric)
    }

    static let all: [PanelSpec] = [
        PanelSpec(title: "Profit/Loss", legend: "profit", role: .profit, colour: .profit, drawing: .smoothed(windowFactor: 1, showsSmoothed: false), references: [0]),
        PanelSpec(title: "Training loss (log)", legend: "loss", role: .loss, colour: .loss, drawing: .smoothed(windowFactor: 2, showsSmoothed: false), logScale: true),
        PanelSpec(title: "Epsilon", legend: "epsilon", role: .epsilon, colour: .epsilon, drawing: .raw),
        PanelSpec(title: "Learning rate", legend: "lr", role: .learningRate, colour: .learningRate, drawing: .raw),
        PanelSpec(title: "Win rate", legend: "win %", role: .winRate, colour: .winRate, drawing: .percent(windowFactor: 2), references: [50]),
        PanelSpec(title: "Sharpe", legend: "sharpe", role: .sharpe, colour: .sharpe, drawing: .smoothed(windowFactor: 1, showsSmoothed: true), references: [0, 1]),
        PanelSpec(title: "Drawdown", legend: "drawdown", role: .drawdown, colour: .drawdown, drawing: .raw),
        PanelSpec(title: "Q-values", legend: "Q mean", role: .qValues, colour: .qValues, drawing: .meanBand(deviation: .qStd)),
    ]

    /// The config keys, in panel order (for messages).
    static var keys: [String] { all.map(\.key) }
}

/// A panel by its place, 1 to the number of panels (as the zoom keys number them).
struct PanelKind: Hashable, Sendable, CaseIterable {
    let rawValue: Int

    init?(rawValue: Int) {
        guard PanelSpec.all.indices.contains(rawValue - 1) else { return nil }
        self.rawValue = rawValue
    }

    /// The panel at `number` of a table that may not be `PanelSpec.all` (a layout's grid).
    init(number: Int) {
        rawValue = number
    }

    static let allCases: [PanelKind] = PanelSpec.all.indices.map { PanelKind(rawValue: $0 + 1)! }

    var spec: PanelSpec { PanelSpec.all[rawValue - 1] }
    var title: String { spec.title }
    var role: Theme.Role { spec.colour }

    /// The panels code refers to by name.
    static let profit = kind("profit"), loss = kind("loss"), epsilon = kind("epsilon"), learningRate = kind("learning_rate"),
        winRate = kind("win_rate"), sharpe = kind("sharpe"), drawdown = kind("drawdown"), qValues = kind("q_values")

    private static func kind(_ key: String) -> PanelKind {
        PanelKind(rawValue: PanelSpec.all.firstIndex { $0.key == key }! + 1)!
    }
}
