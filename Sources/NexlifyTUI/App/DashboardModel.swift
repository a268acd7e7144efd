import MetricsKit

/// What the dashboard shows of a run, derived from its `RunStore`: the eight panels' charts and
/// the KPI figures. Rebuilt when new data arrives or the smoothing window changes, never per key.
///
/// ```swift
/// let model = DashboardModel(store: source.store, smoothing: 10)
/// model.panels[PanelKind.profit.rawValue - 1].valueText   // "12.5"
/// ```
struct DashboardModel: Equatable, Sendable {
    var panels: [ChartModel]
    var latestEpisode: Int?
    var episodeCount: Int
    var latestProfit: Double?
    var bestProfit: Double?
    var bestEpisode: Int?
    var averageProfit: Double?
    var recentAverageProfit: Double?
    var latestSharpe: Double?
    var latestEpsilon: Double?
    /// Every metric of the run, for the every-metric view.
    var metrics: MetricList
    /// What the run's x values count (the axis label).
    var xAxis: XAxis
    /// Another x for the charts, when asked for and the run has its metric.
    var remapping: AxisMap?
    /// The x axes the run offers.
    var axisChoices: [AxisChoice]

    static let empty = DashboardModel(store: RunStore(catalog: MetricCatalog()), smoothing: 10)

    /// `panelMetrics`: the config's `panels` (panel key → metric); `xAxis`: what x counts;
    /// `axis`: another x for the charts (when the run has it).
    init(store: RunStore, smoothing: Int, panelMetrics: [String: String] = [:], xAxis: XAxis = .episode, axis: AxisChoice = .own) {
        let window = max(1, smoothing)
        self.xAxis = xAxis
        axisChoices = AxisMap.choices(store: store, xAxis: xAxis)
        let remapping = axisChoices.contains(axis) ? AxisMap(store: store, choice: axis) : nil
        self.remapping = remapping
        panels = PanelKind.allCases.map { kind in
            let chart = PanelBuilder.build(kind, store: store, window: window, overrides: panelMetrics, xAxis: xAxis)
            return remapping.map { $0.remap(chart) } ?? chart
        }
        // The figures follow the panels' metrics (an SB3 run's mean episode reward for profit).
        let sources = PanelBuilder.summarySources(store: store, overrides: panelMetrics)
        let summary = RunSummary(store: store, skippedLines: 0, sources: sources)
        latestEpisode = store.latestEpisode
        episodeCount = store.episodeCount
        latestProfit = PanelBuilder.series(sources.profit, store: store, modelFirst: false)?.statistics.latest?.value
        bestProfit = summary.bestProfit
        bestEpisode = summary.bestEpisode
        averageProfit = summary.averageProfit
        recentAverageProfit = summary.recentAverageProfit
        latestSharpe = PanelBuilder.series(sources.sharpe, store: store, modelFirst: false)?.statistics.latest?.value
        latestEpsilon = PanelBuilder.series(sources.epsilon, store: store, modelFirst: false)?.statistics.latest?.value
        metrics = MetricList(store: store)
    }

    func panel(_ kind: PanelKind) -> ChartModel { panels[kind.rawValue - 1] }

    /// The six KPI cards; `secondsSinceUpdate` colours the episode card.
    func kpis(secondsSinceUpdate: Double?) -> [KPI] {
        func text(_ value: Double?) -> String { value.map(CompactNumber.format) ?? "—" }
        return [
            KPI(title: xAxis == .step ? "Step" : "Episode", value: latestEpisode.map(String.init) ?? "—", detail: "\(episodeCount) logged",
                level: latestEpisode == nil ? .neutral : KPI.freshness(secondsSinceUpdate: secondsSinceUpdate)),
            KPI(title: "Profit", value: text(latestProfit), detail: "latest", level: KPI.profit(latestProfit)),
            KPI(title: "Best profit", value: text(bestProfit), detail: bestEpisode.map { "\(xAxis == .step ? "step" : "episode") \($0)" } ?? "",
                level: KPI.bestProfit(bestProfit)),
            KPI(title: "Recent avg", value: text(recentAverageProfit), detail: "last \(RunSummary.recentWindow)",
                level: KPI.recentAverage(recentAverageProfit, overall: averageProfit)),
            KPI(title: "Sharpe", value: text(latestSharpe), detail: "latest", level: KPI.sharpe(latestSharpe)),
            KPI(title: "Epsilon", value: text(latestEpsilon), detail: "exploration", level: .neutral),
        ]
    }
}

/// Builds one panel's chart from the store, as its `PanelSpec` says.
enum PanelBuilder {
    /// The metric a panel shows for a run: the one the config names, else the first of its
    /// candidates the run has; nil when the run has none.
    static func metric(of kind: PanelKind, store: RunStore, overrides: [String: String]) -> String? {
        if let named = overrides[kind.spec.key] { return series(named, store: store, modelFirst: kind.spec.modelMetricsFirst) == nil ? nil : named }
        return kind.spec.metrics.first { series($0, store: store, modelFirst: kind.spec.modelMetricsFirst) != nil }
    }

    /// The metrics `summary` and the KPI cards take their figures from: the panels'.
    static func summarySources(store: RunStore, overrides: [String: String]) -> RunSummary.Sources {
        var sources = RunSummary.Sources()
        if let profit = metric(of: .profit, store: store, overrides: overrides) { sources.profit = profit }
        if let sharpe = metric(of: .sharpe, store: store, overrides: overrides) { sources.sharpe = sharpe }
        if let epsilon = metric(of: .epsilon, store: store, overrides: overrides) { sources.epsilon = epsilon }
        if let loss = metric(of: .loss, store: store, overrides: overrides) { sources.loss = loss }
        return sources
    }

    /// A metric's series, among episode metrics or model metrics.
    static func series(_ name: String, store: RunStore, modelFirst: Bool) -> MetricSeries? {
        modelFirst ? store.modelSeries(named: name) ?? store.episodeSeries(named: name) : store.episodeSeries(named: name) ?? store.modelSeries(named: name)
    }

    static func build(_ kind: PanelKind, store: RunStore, window: Int, overrides: [String: String] = [:], xAxis: XAxis = .episode) -> ChartModel {
        let spec = kind.spec
        var model = ChartModel(title: "\(kind.rawValue) \(spec.title)", valueRole: spec.role)
        model.xLabel = xAxis.label
        model.logScale = spec.logScale
        model.references = spec.references
        let metric = metric(of: kind, store: store, overrides: overrides)
        // The title names the source unless it is the guide's own metric.
        if let metric, metric != spec.metrics.first { model.titleSource = TerminalText.sanitize(metric) }
        func latest(_ samples: [ChartSample]) -> String {
            guard let value = samples.last(where: { $0.value.isFinite })?.value else { return "" }
            return CompactNumber.format(value) + model.unit
        }
        let series = metric.flatMap { Self.series($0, store: store, modelFirst: spec.modelMetricsFirst) }
        switch spec.drawing {
        case .smoothed(let factor, let showsSmoothed):
            guard let series else { break }
            let smoothed = SeriesSamples.smoothed(series, window: window * factor)
            model.layers = [
                ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series), role: .raw),
                ChartLayer(mode: .line, samples: smoothed, role: spec.role),
            ]
            model.xRange = SeriesSamples.xRange(series)
            model.valueText = showsSmoothed ? latest(smoothed) : series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
            return model
        case .raw:
            guard let series else { break }
            model.layers = [ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series), role: spec.role)]
            model.xRange = SeriesSamples.xRange(series)
            model.valueText = series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
            return model
        case .percent(let factor):
            model.unit = "%"
            model.fixedRange = 0...100
            let samples: [ChartSample]
            if let series {
                model.xRange = SeriesSamples.xRange(series)
                // Rates logged as fractions (0–1) are shown as percentages.
                let scale = (series.history.map(\.max).max() ?? 0) > 1 || (series.recentY.filter(\.isFinite).max() ?? 0) > 1 ? 1.0 : 100.0
                samples = SeriesSamples.smoothed(series, window: window * factor, scale: scale)
            } else if overrides[spec.key] == nil, let profitName = Self.metric(of: .profit, store: store, overrides: overrides),
                      let profit = Self.series(profitName, store: store, modelFirst: false) {
                model.title += " (profitable episodes)"
                let rates = TradingStatistics.rollingWinRate(profit.recentY, window: window * factor)
                samples = zip(profit.recentX, rates).map { ChartSample(x: Double($0), value: $1 * 100) }
            } else {
                break
            }
            model.layers = [ChartLayer(mode: .line, samples: samples, role: spec.role)]
            model.valueText = latest(samples)
            return model
        case .meanBand(let deviations):
            guard let mean = series else { break }
            model.xRange = SeriesSamples.xRange(mean)
            let deviation = deviations.lazy.compactMap { Self.series($0, store: store, modelFirst: spec.modelMetricsFirst) }.first
            if let deviation, let band = SeriesSamples.band(mean: mean, deviation: deviation) {
                model.layers.append(ChartLayer(mode: .band, samples: band, role: .band))
                if let last = band.last, last.value.isFinite {
                    model.valueText = CompactNumber.format(last.value) + " ±" + CompactNumber.format(last.high - last.value)
                }
            }
            model.layers.append(ChartLayer(mode: .line, samples: SeriesSamples.raw(mean), role: spec.role))
            if model.valueText.isEmpty { model.valueText = mean.statistics.latest.map { CompactNumber.format($0.value) } ?? "" }
            return model
        }
        model.missingMessage = "no \(overrides[spec.key] ?? spec.missingName) in this run"
        return model
    }
}
