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
    /// The run is seen growing: its charts, the panels' and the every-metric view's, leave it
    /// room to double (`ChartModel.roomToGrow`).
    var growing: Bool

    static let empty = DashboardModel(store: RunStore(catalog: MetricCatalog()), smoothing: 10)

    /// `roles`: which metric plays each panel's role (the config's `panels`); `xAxis`: what x
    /// counts; `axis`: another x for the charts (when the run has it); `specs`: the panel table;
    /// `annotations`: alert marks and threshold lines; `memo`: the samples made for the last
    /// model of this run (`SampleMemo`; the model is the same without it). `picturesFrom`: a
    /// model of this run whose charts' pictures (their lines and x range) are kept while every
    /// figure is new; a panel that shows another metric now, or charts on another x axis, are
    /// drawn anew. `growing`: the run is seen growing (its charts leave room to double:
    /// `ChartModel.roomToGrow`).
    init(store: RunStore, smoothing: Int, roles: MetricRoles = .standard, xAxis: XAxis = .episode, axis: AxisChoice = .own,
         specs: [PanelSpec] = PanelSpec.all, annotations: PanelAnnotations = .none, memo: SampleMemo? = nil,
         picturesFrom earlier: DashboardModel? = nil, growing: Bool = false) {
        let window = max(1, smoothing)
        self.xAxis = xAxis
        self.growing = growing
        axisChoices = AxisMap.choices(store: store, xAxis: xAxis)
        let remapping = axisChoices.contains(axis) ? AxisMap(store: store, choice: axis) : nil
        self.remapping = remapping
        let kept = remapping == nil && earlier?.remapping == nil ? earlier?.panels : nil
        panels = PanelFill.filled(specs, store: store, roles: roles).enumerated().map { index, spec in
            func build(pictures: Bool) -> ChartModel {
                var chart = annotations.annotate(PanelBuilder.build(spec, number: index + 1, store: store, window: window, roles: roles,
                                                                    xAxis: xAxis, memo: memo, pictures: pictures),
                                                 spec: spec)
                chart.roomToGrow = growing
                return chart
            }
            if let kept, index < kept.count {
                var chart = build(pictures: false)
                if chart.showsSameMetric(as: kept[index]) {
                    chart.keepPicture(of: kept[index])
                    return chart
                }
            }
            let chart = build(pictures: true)
            return remapping.map { $0.remap(chart) } ?? chart
        }
        // The figures of the metrics playing each role, as the panels' (an SB3 run's mean episode reward for profit).
        let summary = RunSummary(store: store, skippedLines: 0, roles: roles, xAxis: xAxis)
        latestEpisode = store.latestEpisode
        episodeCount = store.episodeCount
        latestProfit = roles.series(for: .profit, in: store)?.statistics.latest?.value
        bestProfit = summary.bestProfit
        bestEpisode = summary.bestEpisode
        averageProfit = summary.averageProfit
        recentAverageProfit = summary.recentAverageProfit
        latestSharpe = roles.series(for: .sharpe, in: store)?.statistics.latest?.value
        latestEpsilon = roles.series(for: .epsilon, in: store)?.statistics.latest?.value
        metrics = MetricList(store: store)
    }

    func panel(_ kind: PanelKind) -> ChartModel { panels[kind.rawValue - 1] }

    /// The six KPI cards; `freshness` colours the episode card (`SourceStatus.freshness`).
    func kpis(freshness: KPI.Level) -> [KPI] {
        func text(_ value: Double?) -> String { value.map(CompactNumber.format) ?? "—" }
        return [
            KPI(title: xAxis == .step ? "Step" : "Episode", value: latestEpisode.map(String.init) ?? "—", detail: "\(episodeCount) logged",
                level: latestEpisode == nil ? .neutral : freshness, shortTitles: xAxis == .step ? [] : ["Ep"]),
            KPI(title: "Profit", value: text(latestProfit), detail: "latest", level: KPI.profit(latestProfit), shortTitles: ["P&L"],
                steadyValueWidth: KPI.swingingValueWidth),
            KPI(title: "Best profit", value: text(bestProfit), detail: bestEpisode.map { "\(xAxis == .step ? "step" : "episode") \($0)" } ?? "",
                level: KPI.bestProfit(bestProfit), shortTitles: ["Best"]),
            KPI(title: "Recent avg", value: text(recentAverageProfit), detail: "last \(RunSummary.recentWindow)",
                level: KPI.recentAverage(recentAverageProfit, overall: averageProfit), shortTitles: ["Avg\(RunSummary.recentWindow)", "Avg"],
                steadyValueWidth: KPI.swingingValueWidth),
            KPI(title: "Sharpe", value: text(latestSharpe), detail: "latest", level: KPI.sharpe(latestSharpe), shortTitles: ["Shp"],
                steadyValueWidth: KPI.swingingValueWidth),
            KPI(title: "Epsilon", value: text(latestEpsilon), detail: "exploration", level: .neutral, shortTitles: ["Eps", "ε"]),
        ]
    }
}

/// Builds one panel's chart from the store, as its `PanelSpec` says, from the metric playing
/// its role (`MetricRoles`).
enum PanelBuilder {
    /// The chart of the panel `kind` of the table.
    static func build(_ kind: PanelKind, store: RunStore, window: Int, roles: MetricRoles = .standard, xAxis: XAxis = .episode) -> ChartModel {
        build(kind.spec, number: kind.rawValue, store: store, window: window, roles: roles, xAxis: xAxis)
    }

    /// The chart of `spec`, the panel numbered `number` (`memo`: see `SampleMemo`); without
    /// `pictures`, its title and figures only (no layers, no x range).
    static func build(_ spec: PanelSpec, number: Int, store: RunStore, window: Int, roles: MetricRoles = .standard, xAxis: XAxis = .episode,
                      memo: SampleMemo? = nil, pictures: Bool = true) -> ChartModel {
        var model = ChartModel(title: "\(number) \(spec.title)", valueRole: spec.colour)
        model.xLabel = xAxis.label
        model.logScale = spec.logScale
        model.references = spec.references
        let metric = spec.metric ?? roles.name(for: spec.role, in: store)
        // The title names the source unless it is the guide's own metric (or the title is the metric).
        if let metric, metric != spec.role.guideName, spec.metric == nil { model.titleSource = TerminalText.sanitize(metric) }
        func text(_ value: Double?) -> String { value.map { CompactNumber.format($0) + model.unit } ?? "" }
        let series = metric.flatMap { MetricRoles.series(named: $0, in: store, modelFirst: spec.metric == nil && spec.role.isModelMetric) }
        switch spec.drawing {
        case .smoothed(let factor, let showsSmoothed):
            guard let series else { break }
            if pictures {
                let smoothed = SeriesSamples.smoothed(series, window: window * factor, logScale: spec.logScale, memo: memo, key: "\(number) \(metric ?? "") smoothed")
                model.layers = [
                    ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series, logScale: spec.logScale, memo: memo, key: "\(number) \(metric ?? "") raw"), role: .raw),
                    ChartLayer(mode: .line, samples: smoothed, role: spec.colour),
                ]
                model.xRange = SeriesSamples.xRange(series)
            }
            model.valueText = showsSmoothed ? text(SeriesSamples.latestSmoothed(series, window: window * factor))
                : series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
            return model
        case .raw:
            guard let series else { break }
            if pictures {
                model.layers = [ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series, logScale: spec.logScale, memo: memo, key: "\(number) \(metric ?? "") raw"),
                                           role: spec.colour)]
                model.xRange = SeriesSamples.xRange(series)
            }
            model.valueText = series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
            return model
        case .percent(let factor):
            model.unit = "%"
            model.fixedRange = 0...100
            let samples: [ChartSample]
            if let series {
                let scale = WinRate.percentScale(of: series)
                model.valueText = text(SeriesSamples.latestSmoothed(series, window: window * factor, scale: scale))
                guard pictures else { return model }
                model.xRange = SeriesSamples.xRange(series)
                samples = SeriesSamples.smoothed(series, window: window * factor, scale: scale, memo: memo, key: "\(number) \(metric ?? "") smoothed")
            } else if roles.overrides[spec.role] == nil, let profit = roles.series(for: .profit, in: store) {
                model.title += " (profitable episodes)"
                // The whole run, as the other panels span it: bucket shares, then the rolling share.
                model.xRange = SeriesSamples.xRange(profit)
                samples = WinRate.profitableShare(profit).map { ChartSample(x: $0.x, value: $0.percent) }
                model.valueText = text(samples.last(where: { $0.value.isFinite })?.value)
            } else {
                break
            }
            model.layers = [ChartLayer(mode: .line, samples: samples, role: spec.colour)]
            return model
        case .meanBand(let deviationRole):
            guard let mean = series else { break }
            if pictures { model.xRange = SeriesSamples.xRange(mean) }
            if let deviation = roles.series(for: deviationRole, in: store), SeriesSamples.bandAligns(mean: mean, deviation: deviation) {
                if pictures, let band = SeriesSamples.band(mean: mean, deviation: deviation, logScale: spec.logScale) {
                    model.layers.append(ChartLayer(mode: .band, samples: band, role: .band))
                }
                if let last = SeriesSamples.latestBand(mean: mean, deviation: deviation) {
                    model.valueText = CompactNumber.format(last.value) + " ±" + CompactNumber.format(last.deviation)
                }
            }
            if pictures {
                model.layers.append(ChartLayer(mode: .line, samples: SeriesSamples.raw(mean, logScale: spec.logScale, memo: memo, key: "\(number) \(metric ?? "") mean"),
                                               role: spec.colour))
            }
            if model.valueText.isEmpty { model.valueText = mean.statistics.latest.map { CompactNumber.format($0.value) } ?? "" }
            return model
        }
        model.missingMessage = "no \(roles.overrides[spec.role] ?? spec.key) in this run"
        return model
    }
}
