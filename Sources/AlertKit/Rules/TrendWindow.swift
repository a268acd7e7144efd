import MetricsKit

/// The last values of one metric, what the RL health rules judge a trend on: up to `points` of
/// the series' most recent finite values with their x (episode or step), the run's first value
/// and its lowest, and the least-squares line through the window.
///
/// ```swift
/// let window = TrendWindow(name: "q_mean", series: series, points: 100)
/// window?.fit?.change        // how far the fitted line rose over the window (negative: fell)
/// window?.fit?.correlation   // 1: every step up, 0: no straight trend
/// ```
public struct TrendWindow: Equatable, Sendable {
    /// The metric's name in the run.
    public var name: String
    /// The x of each value, ascending.
    public var xs: [Int]
    /// The finite values, oldest first.
    public var values: [Double]
    /// Where the run began: the mean of its first `startPoints` values (of its earliest history
    /// bucket once the start is folded), so one noisy first episode does not stand for it.
    public var runStart: Double?
    /// How many of the run's first values `runStart` averages.
    public static let startPoints = 10
    /// The lowest value the run has had.
    public var runLowest: Double?

    public init(name: String, xs: [Int], values: [Double], runStart: Double? = nil, runLowest: Double? = nil) {
        self.name = name
        self.xs = xs
        self.values = values
        self.runStart = runStart ?? values.first
        self.runLowest = runLowest ?? values.min()
    }

    /// The last `points` finite values of `series`; nil when it has none.
    public init?(name: String, series: MetricSeries, points: Int) {
        var xs: [Int] = []
        var values: [Double] = []
        for (x, y) in zip(series.recentX.suffix(max(1, points) * 2), series.recentY.suffix(max(1, points) * 2)) where y.isFinite {
            xs.append(x)
            values.append(y)
        }
        guard !values.isEmpty else { return nil }
        let start = series.history.first { $0.count > 0 }?.mean ?? Self.mean(series.recentY.lazy.filter(\.isFinite).prefix(Self.startPoints))
        self.init(name: name, xs: Array(xs.suffix(points)), values: Array(values.suffix(points)),
                  runStart: start, runLowest: series.statistics.worst?.value)
    }

    private static func mean<Values: Collection<Double>>(_ values: Values) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The latest value.
    public var latest: Double? { values.last }

    /// The straight line through the window, when it has two points apart in x and every sum
    /// stays finite (values near ±1.8e308 overflow the squares: then there is no fit).
    public var fit: Fit? { Fit(xs: xs, values: values) }

    /// A least-squares line over the window.
    public struct Fit: Equatable, Sendable {
        /// The fitted line's value at the window's first and last x.
        public var start: Double
        public var end: Double
        /// How far the line rose over the window (`end - start`; negative when it fell).
        public var change: Double { end - start }
        /// The values' standard deviation about their mean (how noisy the window is).
        public var spread: Double
        /// Pearson's correlation of value with x: near 1 for a steady rise, near −1 for a steady fall.
        public var correlation: Double

        init?(xs: [Int], values: [Double]) {
            guard values.count >= 2, let firstX = xs.first, let lastX = xs.last, lastX > firstX else { return nil }
            let count = Double(values.count)
            // x relative to the first, in Double: no Int subtraction to overflow at ±Int.max.
            let relative = xs.map { Double($0) - Double(firstX) }
            let meanX = relative.reduce(0, +) / count
            let meanY = values.reduce(0, +) / count
            var sxx = 0.0, sxy = 0.0, syy = 0.0
            for (x, y) in zip(relative, values) {
                sxx += (x - meanX) * (x - meanX)
                sxy += (x - meanX) * (y - meanY)
                syy += (y - meanY) * (y - meanY)
            }
            let slope = sxy / sxx
            let start = meanY - slope * meanX
            let end = start + slope * (Double(lastX) - Double(firstX))
            let correlation = syy > 0 ? sxy / (sxx.squareRoot() * syy.squareRoot()) : 0
            guard [meanY, sxx, sxy, syy, start, end, correlation].allSatisfy(\.isFinite) else { return nil }
            self.start = start
            self.end = end
            spread = (syy / count).squareRoot()
            self.correlation = Swift.max(-1, Swift.min(1, correlation))
        }
    }
}
