import Foundation
import MetricsKit

/// The x axes a dashboard can switch between with `x`: the run's own (episodes or steps), the
/// episode count of a step-keyed run that logs one (SB3's `time/episodes`), and wall time.
enum AxisChoice: String, CaseIterable, Sendable {
    case own, episodes, wallClock

    /// The metric whose values become x, for the choices that remap.
    var metric: String? {
        switch self {
        case .own: return nil
        case .episodes: return "time/episodes"
        case .wallClock: return MetricName.timestamp
        }
    }
}

/// Puts charts on another x: each x (episode or step) becomes the value a monotonic metric had
/// there — the run's `timestamp` (wall time) or its episode count — linear between the points
/// it has (its older points are the means of their history buckets).
///
/// ```swift
/// if let clock = AxisMap(store: store, choice: .wallClock) { chart = clock.remap(chart) }   // x in Unix seconds
/// ```
struct AxisMap: Equatable, Sendable {
    let choice: AxisChoice
    private let xs: [Double]
    private let values: [Double]

    /// Nil for `.own`, and when the run has fewer than two finite points of the choice's metric.
    init?(store: RunStore, choice: AxisChoice) {
        guard let (xs, values) = Self.points(store: store, choice: choice, upTo: .max), xs.count >= 2 else { return nil }
        self.choice = choice
        self.xs = xs
        self.values = values
    }

    /// The first `limit` points of the choice's metric the map goes through: its finite history
    /// bucket means, then its finite recent points past them (nil without the metric).
    private static func points(store: RunStore, choice: AxisChoice, upTo limit: Int) -> (xs: [Double], values: [Double])? {
        guard let metric = choice.metric,
              let series = store.episodeSeries(named: metric) ?? store.modelSeries(named: metric) else { return nil }
        var xs: [Double] = []
        var values: [Double] = []
        for bucket in series.history where bucket.count > 0 && bucket.mean.isFinite {
            guard xs.count < limit else { return (xs, values) }
            xs.append(Double(bucket.startX) + Double(bucket.width - 1) / 2)
            values.append(bucket.mean)
        }
        for (x, value) in zip(series.recentX, series.recentY) where value.isFinite && (xs.last.map { Double(x) > $0 } ?? true) {
            guard xs.count < limit else { return (xs, values) }
            xs.append(Double(x))
            values.append(value)
        }
        return (xs, values)
    }

    /// The choices a run offers besides its own axis (episode counts only for step-keyed runs).
    static func choices(store: RunStore, xAxis: XAxis) -> [AxisChoice] {
        [.own] + [AxisChoice.episodes, .wallClock].filter { choice in
            // Two points make a map: the rest of the metric is not looked at (this runs at every rebuild).
            (choice != .episodes || xAxis == .step) && (points(store: store, choice: choice, upTo: 2)?.xs.count ?? 0) >= 2
        }
    }

    /// The new x at `x`: interpolated between the nearest points, extended at the ends.
    func value(at x: Double) -> Double {
        var low = 0
        var high = xs.count - 1
        if x <= xs[0] { high = 1 } else if x >= xs[high] { low = high - 1 } else {
            while high - low > 1 {
                let middle = (low + high) / 2
                if xs[middle] <= x { low = middle } else { high = middle }
            }
        }
        let span = xs[high] - xs[low]
        return span == 0 ? values[low] : values[low] + (x - xs[low]) / span * (values[high] - values[low])
    }

    /// The chart with every x (and its x range) on the new axis, labelled at its ends (clock
    /// readings for wall time; `now` decides whether they need the date).
    func remap(_ chart: ChartModel, now: Date = Date()) -> ChartModel {
        var chart = chart
        for index in chart.layers.indices {
            chart.layers[index].samples = chart.layers[index].samples.map { sample in
                var moved = sample
                moved.x = sample.x.isFinite ? value(at: sample.x) : sample.x
                return moved
            }
        }
        chart.marks = chart.marks.map { ChartMark(x: value(at: $0.x), role: $0.role) }
        let xs = chart.layers.flatMap { $0.samples.map(\.x) }.filter(\.isFinite)
        if let range = chart.xRange {
            chart.xRange = value(at: range.lowerBound)...max(value(at: range.lowerBound), value(at: range.upperBound))
        } else if let low = xs.min(), let high = xs.max() {
            chart.xRange = low...high
        }
        switch choice {
        case .wallClock:
            chart.xClock = now
        case .episodes, .own:
            chart.xLabel = XAxis.episode.label
        }
        return chart
    }
}
