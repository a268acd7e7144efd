import MetricsKit

/// What the compare view shows of up to eight runs: for each of the eight panels one chart with
/// a line per run (the line that run's own dashboard draws in bold: smoothed profit, smoothed
/// loss on a log scale, epsilon, ...) in the run's colour, and for the legend each run's latest
/// value per panel. Rebuilt only when one of the runs gained data or the smoothing changed.
///
/// ```swift
/// let model = CompareModel(runs: [("dqn", storeA), ("ppo", storeB)], smoothing: 10)
/// model.panel(.profit).layers.count   // 2
/// model.legend[1].values[0]           // "12.5": ppo's latest (smoothed) profit
/// ```
struct CompareModel: Equatable, Sendable {
    var panels: [ChartModel]
    var legend: [CompareLegend.Row]
    /// The index of each chart layer's run, per panel (runs lacking the metric have no layer).
    var layerRuns: [[Int]]

    static let empty = CompareModel(runs: [], smoothing: 10)

    /// `roles`: which metric plays each panel's role (the config's `panels`).
    init(runs: [(name: String, store: RunStore)], smoothing: Int, roles: MetricRoles = .standard) {
        let window = max(1, smoothing)
        var panels: [ChartModel] = []
        var layerRuns: [[Int]] = []
        var values = [[String]](repeating: [], count: runs.count)
        for kind in PanelKind.allCases {
            var chart = ChartModel(title: "\(kind.rawValue) \(kind.title)")
            var owners: [Int] = []
            var low = Double.infinity, high = -Double.infinity
            for (index, run) in runs.enumerated() {
                let single = PanelBuilder.build(kind, store: run.store, window: window, roles: roles)
                guard single.missingMessage == nil,
                      var line = single.layers.last(where: { $0.role != .raw && $0.role != .band }) else {
                    values[index].append("—")
                    continue
                }
                chart.logScale = single.logScale
                chart.fixedRange = single.fixedRange
                chart.references = single.references
                chart.unit = single.unit
                if let range = single.xRange {
                    low = min(low, range.lowerBound)
                    high = max(high, range.upperBound)
                }
                line.mode = .line
                line.role = .run(index)
                line.dim = false
                let last = line.samples.last { $0.value.isFinite && $0.x.isFinite }
                values[index].append(last.map { CompactNumber.format($0.value) + single.unit } ?? "—")
                chart.layers.append(line)
                owners.append(index)
            }
            if low.isFinite { chart.xRange = low...high }
            if owners.isEmpty && !runs.isEmpty { chart.missingMessage = "no \(roles.overrides[kind.spec.role] ?? kind.spec.key) in these runs" }
            panels.append(chart)
            layerRuns.append(owners)
        }
        self.panels = panels
        self.layerRuns = layerRuns
        legend = runs.enumerated().map { index, run in
            CompareLegend.Row(name: run.name, values: values[index], episodes: run.store.episodeCount)
        }
    }

    func panel(_ kind: PanelKind) -> ChartModel { panels[kind.rawValue - 1] }
}
