import Foundation
import MetricsKit

/// Puts charts on wall time: each x (episode or step) becomes the time it was logged, from the
/// run's `timestamp` metric (linear between the points it has; its older points are the means of
/// their history buckets). `x` switches a dashboard to it and back.
///
/// ```swift
/// if let clock = WallClockAxis(store: store) { chart = clock.remap(chart) }   // x in Unix seconds
/// ```
struct WallClockAxis: Equatable, Sendable {
    private let xs: [Double]
    private let times: [Double]

    /// Nil when the run has fewer than two finite timestamps.
    init?(store: RunStore) {
        guard let series = store.episodeSeries(named: MetricName.timestamp) ?? store.modelSeries(named: MetricName.timestamp) else { return nil }
        var xs: [Double] = []
        var times: [Double] = []
        for bucket in series.history where bucket.count > 0 && bucket.mean.isFinite {
            xs.append(Double(bucket.startX) + Double(bucket.width - 1) / 2)
            times.append(bucket.mean)
        }
        for (x, time) in zip(series.recentX, series.recentY) where time.isFinite && (xs.last.map { Double(x) > $0 } ?? true) {
            xs.append(Double(x))
            times.append(time)
        }
        guard xs.count >= 2 else { return nil }
        self.xs = xs
        self.times = times
    }

    /// The wall time at `x`: interpolated between the nearest timestamps, extended at the ends.
    func time(at x: Double) -> Double {
        var low = 0
        var high = xs.count - 1
        if x <= xs[0] { high = 1 } else if x >= xs[high] { low = high - 1 } else {
            while high - low > 1 {
                let middle = (low + high) / 2
                if xs[middle] <= x { low = middle } else { high = middle }
            }
        }
        let span = xs[high] - xs[low]
        return span == 0 ? times[low] : times[low] + (x - xs[low]) / span * (times[high] - times[low])
    }

    /// The chart with every x (and its x range) on wall time, its axis labelled with the clock
    /// readings at its ends (`now` decides whether they need the date).
    func remap(_ chart: ChartModel, now: Date = Date()) -> ChartModel {
        var chart = chart
        for index in chart.layers.indices {
            chart.layers[index].samples = chart.layers[index].samples.map { sample in
                var moved = sample
                moved.x = sample.x.isFinite ? time(at: sample.x) : sample.x
                return moved
            }
        }
        let xs = chart.layers.flatMap { $0.samples.map(\.x) }.filter(\.isFinite)
        if let range = chart.xRange {
            chart.xRange = time(at: range.lowerBound)...max(time(at: range.lowerBound), time(at: range.upperBound))
        } else if let low = xs.min(), let high = xs.max() {
            chart.xRange = low...high
        }
        chart.xEndLabels = chart.xRange.map { [Self.label($0.lowerBound, now: now), Self.label($0.upperBound, now: now)] }
        return chart
    }

    /// A clock label for the axis (local `HH:MM`, with the date when it is not today's).
    static func label(_ seconds: Double, now: Date = Date()) -> String {
        guard seconds.isFinite, abs(seconds) < 1e11 else { return "—" }
        return LocalTime.clock(Date(timeIntervalSince1970: seconds), now: now)
    }
}
