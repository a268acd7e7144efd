import Foundation
import MetricsKit

/// Every metric of a run, for the every-metric view: each name with its series (a copy that
/// shares the store's storage), episode metrics first, then model metrics, in catalog order;
/// the axes (`episode`, `timestamp`, SB3's `time/total_timesteps`) left out.
///
/// ```swift
/// let list = MetricList(store: source.store)
/// list.indices(matching: "^train/").map { list.entries[$0].name }   // ["train/loss", "train/learning_rate"]
/// ```
struct MetricList: Equatable, Sendable {
    struct Entry: Sendable {
        let name: String
        let series: MetricSeries
    }

    let entries: [Entry]
    /// Charts already drawn from these entries: a list is made when data arrives, and each
    /// redraw of the same page reuses its charts.
    private let charts = ChartCache()

    static let empty = MetricList(entries: [])

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// The chart of entry `index` (built once per list, smoothing and axis), on `remapping`'s x.
    func chart(_ index: Int, smoothing: Int, xAxis: XAxis, remapping: AxisMap? = nil) -> ChartModel {
        let key = ChartCache.Key(index: index, smoothing: smoothing, xAxis: xAxis, axis: remapping?.choice ?? .own)
        if let chart = charts[key] { return chart }
        let entry = entries[index]
        var model = ChartModel(title: TerminalText.sanitize(entry.name), valueRole: .profit)
        model.xLabel = xAxis.label
        model.layers = [
            ChartLayer(mode: .envelope, samples: SeriesSamples.raw(entry.series), role: .raw),
            ChartLayer(mode: .line, samples: SeriesSamples.smoothed(entry.series, window: max(1, smoothing)), role: .profit),
        ]
        model.xRange = SeriesSamples.xRange(entry.series)
        model.valueText = entry.series.statistics.latest.map { CompactNumber.format($0.value) } ?? ""
        if let remapping { model = remapping.remap(model) }
        charts[key] = model
        return model
    }

    /// The charts of one list, behind a lock (the list is a value shared between threads).
    private final class ChartCache: @unchecked Sendable {
        struct Key: Hashable {
            let index: Int
            let smoothing: Int
            let xAxis: XAxis
            let axis: AxisChoice
        }

        private var charts: [Key: ChartModel] = [:]
        private let lock = NSLock()

        subscript(key: Key) -> ChartModel? {
            get { lock.withLock { charts[key] } }
            set { lock.withLock { charts[key] = newValue } }
        }
    }

    init(store: RunStore) {
        var seen = Set<String>()
        var entries: [Entry] = []
        let axes: Set<String> = [MetricName.episode, MetricName.timestamp, StableBaselinesFormat.stepMetric]
        for (names, lookup) in [(store.episodeMetricNames, store.episodeSeries(named:)), (store.modelMetricNames, store.modelSeries(named:))] {
            for name in names where !axes.contains(name) && seen.insert(name).inserted {
                if let series = lookup(name) { entries.append(Entry(name: name, series: series)) }
            }
        }
        self.entries = entries
    }

    /// The places of the entries whose name matches `filter`: a regular expression, or, when it
    /// is not one, the text itself (case ignored either way). Empty: every entry.
    func indices(matching filter: String) -> [Int] {
        guard !filter.isEmpty else { return Array(entries.indices) }
        if let expression = try? NSRegularExpression(pattern: filter, options: [.caseInsensitive]) {
            return entries.indices.filter { index in
                let name = entries[index].name
                return expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
            }
        }
        return entries.indices.filter { entries[$0].name.range(of: filter, options: .caseInsensitive) != nil }
    }

    /// Whether `filter` is a valid regular expression.
    static func isRegularExpression(_ filter: String) -> Bool {
        (try? NSRegularExpression(pattern: filter)) != nil
    }

    /// Equal when they list the same metrics with the same number of points.
    static func == (lhs: MetricList, rhs: MetricList) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.name == $1.name && $0.series.count == $1.series.count }
    }
}
