import MetricsKit

/// Turns a stored `MetricSeries` into chart samples: its downsampled history as min/max/mean
/// samples, then its recent points one by one, optionally smoothed or transformed.
enum SeriesSamples {
    /// Every point: history buckets (mean with their range) and the recent points.
    static func raw(_ series: MetricSeries, scale: Double = 1) -> [ChartSample] {
        var samples = history(series, scale: scale)
        for (x, y) in zip(series.recentX, series.recentY) { samples.append(ChartSample(x: Double(x), value: y * scale)) }
        return samples
    }

    /// The bucket means, then a rolling mean of `window` recent points (non-finite points stay gaps).
    static func smoothed(_ series: MetricSeries, window: Int, scale: Double = 1) -> [ChartSample] {
        var samples = history(series, scale: scale).map { ChartSample(x: $0.x, value: $0.value) }
        let smoothed = Smoothing.rollingMean(series.recentY, window: window)
        for (x, y) in zip(series.recentX, smoothed) { samples.append(ChartSample(x: Double(x), value: y * scale)) }
        return samples
    }

    /// A ±1 standard deviation band around `mean` (the two series must be recorded together).
    static func band(mean: MetricSeries, deviation: MetricSeries) -> [ChartSample]? {
        guard mean.history.count == deviation.history.count, mean.recentX == deviation.recentX else { return nil }
        var samples: [ChartSample] = []
        for (centre, spread) in zip(mean.history, deviation.history) {
            samples.append(ChartSample(x: Double(centre.startX) + Double(centre.width) / 2, value: centre.mean,
                                       low: centre.mean - spread.mean, high: centre.mean + spread.mean))
        }
        for (index, x) in mean.recentX.enumerated() {
            let value = mean.recentY[index]
            let std = deviation.recentY[index]
            samples.append(ChartSample(x: Double(x), value: value, low: value - std, high: value + std))
        }
        return samples
    }

    /// The episodes a series spans, from its first bucket (or point) to its last point.
    static func xRange(_ series: MetricSeries) -> ClosedRange<Double>? {
        guard let first = series.firstX,
              let last = series.recentX.last ?? series.history.last.map({ $0.endX - 1 }) else { return nil }
        return Double(first)...Double(max(first, last))
    }

    private static func history(_ series: MetricSeries, scale: Double) -> [ChartSample] {
        series.history.map { bucket in
            let x = Double(bucket.startX) + Double(bucket.width - 1) / 2
            guard bucket.count > 0 else { return ChartSample(x: x, value: .nan) }
            return ChartSample(x: x, value: bucket.mean * scale, low: bucket.min * scale, high: bucket.max * scale)
        }
    }
}
