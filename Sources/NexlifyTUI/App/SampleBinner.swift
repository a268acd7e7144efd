/// Gathers points, in order of x, into bins of `width` x (starting at multiples of it) and
/// gives one sample per bin: at the bin's middle, the mean of its values weighted by their
/// number, the lowest and highest of its values and their finite lows and highs, and the values
/// it starts and ends on. A value the chart cannot draw (non-finite; at or below zero on a log
/// scale) ends the bin before it and stays a sample of its own (a gap). With a width of 1 every
/// point is its own sample.
///
/// ```swift
/// var binner = SampleBinner(width: 4)
/// for x in 0..<8 { binner.add(x: x, value: Double(x)) }
/// binner.finish()   // x 1.5: 1.5 (0...3), x 5.5: 5.5 (4...7)
/// ```
struct SampleBinner {
    let width: Int
    let logScale: Bool
    private var samples: [ChartSample]
    private var start = Int.min
    private var count = 0
    private var sum = 0.0
    private var first = 0.0
    private var last = 0.0
    private var low = Double.infinity
    private var high = -Double.infinity

    /// `samples`: what comes before the binned points (the history's buckets).
    init(width: Int, logScale: Bool = false, into samples: [ChartSample] = []) {
        self.width = max(1, width)
        self.logScale = logScale
        self.samples = samples
    }

    @inline(__always)
    mutating func add(x: Int, value: Double) {
        add(x: x, value: value, low: value, high: value)
    }

    @inline(__always)
    mutating func add(x: Int, value: Double, low: Double, high: Double) {
        guard width > 1 else {
            samples.append(ChartSample(x: Double(x), value: value, low: low, high: high))
            return
        }
        guard drawable(value) else {
            flush()
            samples.append(ChartSample(x: Double(x), value: value))
            return
        }
        let binStart = x & ~(width - 1)
        if binStart != start {
            flush()
            start = binStart
        }
        if count == 0 { first = value }
        last = value
        count += 1
        sum += value
        self.low = min(self.low, value)
        self.high = max(self.high, value)
        // A bound that cannot be drawn is left out, as the plotter leaves it out of a point.
        if drawable(low) { self.low = min(self.low, low) }
        if drawable(high) { self.high = max(self.high, high) }
    }

    @inline(__always)
    private func drawable(_ value: Double) -> Bool {
        value.isFinite && (!logScale || value > 0)
    }

    /// The samples, the last bin's included.
    mutating func finish() -> [ChartSample] {
        flush()
        return samples
    }

    private mutating func flush() {
        guard count > 0 else { return }
        samples.append(ChartSample(x: Double(start) + Double(width - 1) / 2, value: sum / Double(count), low: low, high: high,
                                   weight: Double(count), firstValue: first, lastValue: last))
        count = 0
        sum = 0
        low = .infinity
        high = -.infinity
    }
}
