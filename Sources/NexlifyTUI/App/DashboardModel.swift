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

    static let empty = DashboardModel(store: RunStore(catalog: MetricCatalog()), smoothing: 10)

    init(store: RunStore, smoothing: Int) {
        let window = max(1, smoothing)
        panels = PanelKind.allCases.map { PanelBuilder.build($0, store: store, window: window) }
        let summary = RunSummary(store: store, skippedLines: 0)
        latestEpisode = store.latestEpisode
        episodeCount = store.episodeCount
        latestProfit = store.episodeSeries(named: MetricName.profit)?.statistics.latest?.value
        bestProfit = summary.bestProfit
        bestEpisode = summary.bestEpisode
        averageProfit = summary.averageProfit
        recentAverageProfit = summary.recentAverageProfit
        latestSharpe = store.episodeSeries(named: MetricName.sharpe)?.statistics.latest?.value
        latestEpsilon = store.episodeSeries(named: MetricName.epsilon)?.statistics.latest?.value
    }

    func panel(_ kind: PanelKind) -> ChartModel { panels[kind.rawValue - 1] }

    /// The six KPI cards; `secondsSinceUpdate` colours the episode card.
    func kpis(secondsSinceUpdate: Double?) -> [KPI] {
        func text(_ value: Double?) -> String { value.map(CompactNumber.format) ?? "—" }
        return [
            KPI(title: "Episode", value: latestEpisode.map(String.init) ?? "—", detail: "\(episodeCount) logged",
                level: latestEpisode == nil ? .neutral : KPI.freshness(secondsSinceUpdate: secondsSinceUpdate)),
            KPI(title: "Profit", value: text(latestProfit), detail: "latest", level: KPI.profit(latestProfit)),
            KPI(title: "Best profit", value: text(bestProfit), detail: bestEpisode.map { "episode \($0)" } ?? "", level: KPI.bestProfit(bestProfit)),
            KPI(title: "Recent avg", value: text(recentAverageProfit), detail: "last \(RunSummary.recentWindow)",
                level: KPI.recentAverage(recentAverageProfit, overall: averageProfit)),
            KPI(title: "Sharpe", value: text(latestSharpe), detail: "latest", level: KPI.sharpe(latestSharpe)),
            KPI(title: "Epsilon", value: text(latestEpsilon), detail: "exploration", level: .neutral),
        ]
    }
}

/// Builds one panel's chart from the store, following the seed's panel list.
enum PanelBuilder {
    static func build(_ kind: PanelKind, store: RunStore, window: Int) -> ChartModel {
        var model = ChartModel(title: "\(kind.rawValue) \(kind.title)", valueRole: kind.role)
        func missing() -> ChartModel {
            model.missingMessage = "no \(kind.metric) in this run"
            return model
        }
        func latest(_ samples: [ChartSample]) -> String {
            guard let value = samples.last(where: { $0.value.isFinite })?.value else { return "" }
            return CompactNumber.format(value) + model.unit
        }
        switch kind {
        case .profit:
            guard let series = store.episodeSeries(named: MetricName.profit) else { return missing() }
            let smoothed = SeriesSamples.smoothed(series, window: window)
            model.layers = [
                ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series), role: .raw),
                ChartLayer(mode: .line, samples: smoothed, role: .profit),
            ]
            model.references = [0]
            model.xRange = SeriesSamples.xRange(series)
            model.valueText = series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
        case .loss:
            guard let series = store.modelSeries(named: MetricName.loss) ?? store.episodeSeries(named: MetricName.loss) else { return missing() }
            model.logScale = true
            model.xRange = SeriesSamples.xRange(series)
            model.layers = [
                ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series), role: .raw),
                ChartLayer(mode: .line, samples: SeriesSamples.smoothed(series, window: window * 2), role: .loss),
            ]
            model.valueText = series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
        case .epsilon, .learningRate, .drawdown:
            let name = kind == .epsilon ? MetricName.epsilon : (kind == .learningRate ? MetricName.learningRate : MetricName.drawdown)
            guard let series = store.episodeSeries(named: name) else { return missing() }
            model.layers = [ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series), role: kind.role)]
            model.xRange = SeriesSamples.xRange(series)
            model.valueText = series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
        case .winRate:
            model.unit = "%"
            model.fixedRange = 0...100
            model.references = [50]
            let samples: [ChartSample]
            if let series = store.episodeSeries(named: MetricName.winRate) {
                model.xRange = SeriesSamples.xRange(series)
                // Rates logged as fractions (0–1) are shown as percentages.
                let scale = (series.history.map(\.max).max() ?? 0) > 1 || (series.recentY.filter(\.isFinite).max() ?? 0) > 1 ? 1.0 : 100.0
                samples = SeriesSamples.smoothed(series, window: window * 2, scale: scale)
            } else if let profit = store.episodeSeries(named: MetricName.profit) {
                model.title += " (profitable episodes)"
                let rates = TradingStatistics.rollingWinRate(profit.recentY, window: window * 2)
                samples = zip(profit.recentX, rates).map { ChartSample(x: Double($0), value: $1 * 100) }
            } else {
                return missing()
            }
            model.layers = [ChartLayer(mode: .line, samples: samples, role: .winRate)]
            model.valueText = latest(samples)
        case .sharpe:
            guard let series = store.episodeSeries(named: MetricName.sharpe) else { return missing() }
            let smoothed = SeriesSamples.smoothed(series, window: window)
            model.layers = [
                ChartLayer(mode: .envelope, samples: SeriesSamples.raw(series), role: .raw),
                ChartLayer(mode: .line, samples: smoothed, role: .sharpe),
            ]
            model.references = [0, 1]
            model.xRange = SeriesSamples.xRange(series)
            model.valueText = latest(smoothed)
        case .qValues:
            guard let mean = store.modelSeries(named: MetricName.qMean) else { return missing() }
            model.xRange = SeriesSamples.xRange(mean)
            if let deviation = store.modelSeries(named: MetricName.qStd), let band = SeriesSamples.band(mean: mean, deviation: deviation) {
                model.layers.append(ChartLayer(mode: .band, samples: band, role: .band))
                if let last = band.last, last.value.isFinite {
                    model.valueText = CompactNumber.format(last.value) + " ±" + CompactNumber.format(last.high - last.value)
                }
            }
            model.layers.append(ChartLayer(mode: .line, samples: SeriesSamples.raw(mean), role: .qValues))
            if model.valueText.isEmpty { model.valueText = mean.statistics.latest.map { CompactNumber.format($0.value) } ?? "" }
        }
        return model
    }
}
