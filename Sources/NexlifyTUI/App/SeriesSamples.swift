import MetricsKit

/// Turns a stored `MetricSeries` into chart samples: its downsampled history as min/max/mean
/// samples, then its recent points, optionally smoothed or transformed.
///
/// A long series' recent points are binned (`SampleBinner`) into stretches of `binWidth` x, a
/// power of two counted from x = 0 as the history's buckets are: a chart's dot column is a 2ⁿ
/// or 1.5 × 2ⁿ stretch of x at least twice as wide, so a bin lies inside one column and the
/// column's lowest, highest and mean value come out as from the points themselves, at a
/// fraction of the work per frame.
enum SeriesSamples {
    /// The widest chart, in dot columns, whose columns bins always fit (a panel zoomed on a
    /// 500-column terminal has about 1,000); a wider one draws bins whole in the column of
    /// their middle, as it draws the history's buckets.
    static let finestColumns = 1024

    /// Every point: history buckets (mean with their range) and the recent points (`bins`: their
    /// bin width, `binWidth(series)` when not given; `logScale`: the chart is drawn on a log
    /// scale, where values at or below zero are gaps). `memo` and `key`: where the samples made
    /// last time are kept (`SampleMemo`; the samples are the same without them).
    static func raw(_ series: MetricSeries, scale: Double = 1, logScale: Bool = false, bins: Int? = nil,
                    memo: SampleMemo? = nil, key: String = "") -> [ChartSample] {
        let width = bins ?? binWidth(series)
        return turn(series, settings: [0, scale, logScale ? 1 : 0, Double(width)], memo: memo, key: key) {
            SampleMemo.Progress(binner: SampleBinner(width: width, logScale: logScale, into: history(series, scale: scale)))
        } add: { progress, x, y in
            progress.binner.add(x: x, value: y * scale)
        }
    }

    /// The bucket means, then a rolling mean of `window` recent points (non-finite points stay gaps).
    static func smoothed(_ series: MetricSeries, window: Int, scale: Double = 1, logScale: Bool = false, bins: Int? = nil,
                         memo: SampleMemo? = nil, key: String = "") -> [ChartSample] {
        let width = bins ?? binWidth(series)
        return turn(series, settings: [1, scale, logScale ? 1 : 0, Double(width), Double(window)], memo: memo, key: key) {
            let history = history(series, scale: scale).map { ChartSample(x: $0.x, value: $0.value, weight: $0.weight) }
            return SampleMemo.Progress(binner: SampleBinner(width: width, logScale: logScale, into: history), rolling: RollingMean(window: window))
        } add: { progress, x, y in
            // `Smoothing.rollingMean`, a point at a time: non-finite points stay gaps and stay out of the window.
            guard y.isFinite else {
                progress.binner.add(x: x, value: y)
                return
            }
            progress.rolling!.add(y)
            progress.binner.add(x: x, value: (progress.rolling!.mean ?? y) * scale)
        }
    }

    /// The series' samples: from the memo's saved progress when it still holds, else from `start`.
    private static func turn(_ series: MetricSeries, settings: [Double], memo: SampleMemo?, key: String, start: () -> SampleMemo.Progress,
                             add: (inout SampleMemo.Progress, Int, Double) -> Void) -> [ChartSample] {
        if let memo { return memo.samples(key, series: series, settings: settings, start: start, add: add) }
        var progress = start()
        series.recentX.withUnsafeBufferPointer { xs in
            series.recentY.withUnsafeBufferPointer { ys in
                for index in 0..<min(xs.count, ys.count) { add(&progress, xs[index], ys[index]) }
            }
        }
        return progress.binner.finish()
    }

    /// The value the smoothed line ends on: the mean of the last `window` finite recent points
    /// (the last history bucket's mean when there are none).
    static func latestSmoothed(_ series: MetricSeries, window: Int, scale: Double = 1) -> Double? {
        var sum = 0.0, count = 0
        for y in series.recentY.reversed() where y.isFinite {
            sum += y
            count += 1
            if count == max(1, window) { break }
        }
        if count > 0 { return sum / Double(count) * scale }
        return series.history.last(where: { $0.count > 0 }).map { $0.mean * scale }
    }

    /// A ±1 standard deviation band around `mean` (the two series must be recorded together).
    static func band(mean: MetricSeries, deviation: MetricSeries, logScale: Bool = false, bins: Int? = nil) -> [ChartSample]? {
        guard bandAligns(mean: mean, deviation: deviation) else { return nil }
        var samples: [ChartSample] = []
        for (centre, spread) in zip(mean.history, deviation.history) {
            samples.append(ChartSample(x: Double(centre.startX) + Double(centre.width) / 2, value: centre.mean,
                                       low: centre.mean - spread.mean, high: centre.mean + spread.mean, weight: Double(centre.count)))
        }
        var binner = SampleBinner(width: bins ?? binWidth(mean), logScale: logScale, into: samples)
        for (index, x) in mean.recentX.enumerated() {
            let value = mean.recentY[index]
            let std = deviation.recentY[index]
            binner.add(x: x, value: value, low: value - std, high: value + std)
        }
        return binner.finish()
    }

    /// The last recorded mean and its deviation, as the band ends (nil unless both are finite).
    /// Whether the two series were logged together (a band can be drawn of them).
    static func bandAligns(mean: MetricSeries, deviation: MetricSeries) -> Bool {
        mean.history.count == deviation.history.count && mean.recentX == deviation.recentX
    }

    static func latestBand(mean: MetricSeries, deviation: MetricSeries) -> (value: Double, deviation: Double)? {
        guard let value = mean.recentY.last, let std = deviation.recentY.last, value.isFinite, std.isFinite else { return nil }
        return (value, std)
    }

    /// The episodes a series spans, from its first bucket (or point) to its last point.
    static func xRange(_ series: MetricSeries) -> ClosedRange<Double>? {
        guard let first = series.firstX,
              let last = series.recentX.last ?? series.history.last.map({ $0.endX - 1 }) else { return nil }
        return Double(first)...Double(max(first, last))
    }

    /// The widest power of two that leaves at least twice `finestColumns` bins to the series'
    /// span: a chart of up to `finestColumns` dot columns has columns at least twice as wide.
    static func binWidth(_ series: MetricSeries) -> Int {
        guard let first = series.firstX, let last = series.recentX.last, last > first else { return 1 }
        let span = last - first
        var width = 1
        while 2 * width <= span / (2 * finestColumns) { width *= 2 }
        return width
    }

    private static func history(_ series: MetricSeries, scale: Double) -> [ChartSample] {
        series.history.map { bucket in
            let x = Double(bucket.startX) + Double(bucket.width - 1) / 2
            guard bucket.count > 0 else { return ChartSample(x: x, value: .nan) }
            return ChartSample(x: x, value: bucket.mean * scale, low: bucket.min * scale, high: bucket.max * scale, weight: Double(bucket.count))
        }
    }
}
