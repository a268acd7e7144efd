import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

/// A long series' recent points are binned before they are drawn: the chart must come out cell
/// for cell and style for style as drawn from every point, at any size a chart has.
@Suite struct SeriesSamplesTests {
    /// Noise with spikes, a trend, and runs of NaN and ±Infinity (gaps), over `points` episodes.
    private static func series(points: Int, seed: UInt64) -> (mean: MetricSeries, deviation: MetricSeries) {
        var mean = MetricSeries(), deviation = MetricSeries()
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for x in 0..<points {
            let wave: Double = sin(Double(x) / 900) * 50
            let noise: Double = (next() - 0.5) * 20
            var value = wave + noise + Double(x) / 1000
            if next() < 0.002 { value *= 8 }
            if (x / 97) % 53 == 5 { value = [Double.nan, .infinity, -.infinity][x % 3] }
            mean.append(x: x, value)
            deviation.append(x: x, next() * 5)
        }
        return (mean, deviation)
    }

    private static func chart(_ layers: [ChartLayer], range: ClosedRange<Double>?, size: (Int, Int), log: Bool = false) -> CellBuffer {
        var buffer = CellBuffer(width: size.0, height: size.1)
        var model = ChartModel(title: "1 Profit")
        model.layers = layers
        model.xRange = range
        model.logScale = log
        ChartWidget.render(model, into: &buffer, rect: buffer.area, theme: .cyberpunk, glyphs: .braille)
        return buffer
    }

    @Test(arguments: [12_000, 70_001, 300_000])
    func aBinnedChartIsTheChartOfEveryPoint(points: Int) {
        let (mean, deviation) = Self.series(points: points, seed: UInt64(points))
        #expect(SeriesSamples.binWidth(mean) > 1, "the series is long enough to be binned")
        let range = SeriesSamples.xRange(mean)
        for size in [(100, 24), (62, 14), (240, 60), (500, 40), (31, 9)] {
            for log in [false, true] {
                let binned = Self.chart([
                    ChartLayer(mode: .band, samples: SeriesSamples.band(mean: mean, deviation: deviation, logScale: log)!, role: .band),
                    ChartLayer(mode: .envelope, samples: SeriesSamples.raw(mean, logScale: log), role: .raw),
                    ChartLayer(mode: .line, samples: SeriesSamples.smoothed(mean, window: 50, logScale: log), role: .profit),
                ], range: range, size: size, log: log)
                let everyPoint = Self.chart([
                    ChartLayer(mode: .band, samples: SeriesSamples.band(mean: mean, deviation: deviation, logScale: log, bins: 1)!, role: .band),
                    ChartLayer(mode: .envelope, samples: SeriesSamples.raw(mean, logScale: log, bins: 1), role: .raw),
                    ChartLayer(mode: .line, samples: SeriesSamples.smoothed(mean, window: 50, logScale: log, bins: 1), role: .profit),
                ], range: range, size: size, log: log)
                let differing = binned.changes(since: everyPoint)
                #expect(differing.isEmpty, "\(points) points at \(size.0)×\(size.1)\(log ? ", log" : ""): \(differing.count) cells differ, first at \(differing.first.map { "\($0.x),\($0.y)" } ?? "")")
            }
        }
    }

    @Test func binsHoldAtMostTheFinestColumnsAndAShortSeriesIsNotBinned() {
        let short = Self.series(points: 4_000, seed: 1).mean
        #expect(SeriesSamples.binWidth(short) == 1)
        #expect(SeriesSamples.raw(short).count == short.history.count + short.recentX.count)
        let long = Self.series(points: 300_000, seed: 2).mean
        let width = SeriesSamples.binWidth(long)
        #expect(width.nonzeroBitCount == 1 && 300_000 / width >= 2 * SeriesSamples.finestColumns && 300_000 / (2 * width) < 2 * SeriesSamples.finestColumns)
        // Every recent point is in a bin, each gap a sample of its own: far fewer samples.
        #expect(SeriesSamples.raw(long).count < long.history.count + long.recentX.count / width + 200)
    }

    @Test func theFiguresAreThoseOfTheLastPointsNotOfABin() {
        var series = MetricSeries()
        for x in 0..<100_000 { series.append(x: x, Double(x % 10)) }
        series.append(x: 100_000, .nan)
        // The last 5 finite values: 5, 6, 7, 8, 9 (the NaN is passed over).
        #expect(SeriesSamples.latestSmoothed(series, window: 5) == 7)
        #expect(SeriesSamples.latestSmoothed(series, window: 5, scale: 100) == 700)
        var deviation = MetricSeries()
        for x in 0...100_000 { deviation.append(x: x, 0.5) }
        series.append(x: 100_001, 3)
        deviation.append(x: 100_001, 0.25)
        #expect(SeriesSamples.latestBand(mean: series, deviation: deviation)! == (3, 0.25))
    }
}
