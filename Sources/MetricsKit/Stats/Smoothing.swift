/// Smoothing of a series as the seed's dashboard and TensorBoard do it. Non-finite input points
/// are passed through unchanged (so a chart shows the gap) and never poison the neighbours.
///
/// ```swift
/// Smoothing.rollingMean([1, 2, .nan, 4], window: 2)   // [1, 1.5, nan, 3]
/// Smoothing.ema([1, 1, 1], weight: 0.6)               // [1, 1, 1] (bias-corrected)
/// ```
public enum Smoothing {
    /// Mean of the last `window` finite values at each point (fewer at the start).
    public static func rollingMean<C: Collection>(_ values: C, window: Int) -> [Double] where C.Element == Double {
        var rolling = RollingMean(window: window)
        return finitePoints(of: values) { value in
            rolling.add(value)
            return rolling.mean ?? value
        }
    }

    /// TensorBoard's debiased exponential moving average with smoothing `weight` in 0..<1.
    public static func ema<C: Collection>(_ values: C, weight: Double) -> [Double] where C.Element == Double {
        var average = ExponentialMovingAverage(weight: weight)
        return finitePoints(of: values) { value in
            average.add(value)
            return average.value ?? value
        }
    }

    /// Maps the finite points through `smooth`, passing non-finite ones through untouched.
    private static func finitePoints<C: Collection>(of values: C, _ smooth: (Double) -> Double) -> [Double] where C.Element == Double {
        values.map { $0.isFinite ? smooth($0) : $0 }
    }
}

/// An incremental rolling mean over the last `window` values added.
///
/// ```swift
/// var mean = RollingMean(window: 3)
/// [1, 2, 3, 4].forEach { mean.add($0) }
/// mean.mean   // 3.0
/// ```
public struct RollingMean: Sendable {
    public let window: Int
    private var ring: [Double] = []
    private var next = 0
    private var sum = 0.0
    private var addedSinceResum = 0

    public init(window: Int) {
        self.window = Swift.max(1, window)
        ring.reserveCapacity(self.window)
    }

    public var count: Int { ring.count }
    public var mean: Double? { ring.isEmpty ? nil : sum / Double(ring.count) }

    public mutating func add(_ value: Double) {
        if ring.count < window {
            ring.append(value)
            sum += value
        } else {
            sum += value - ring[next]
            ring[next] = value
            next += 1
            if next == window { next = 0 }
        }
        addedSinceResum += 1
        // Re-add from scratch now and then so rounding drift cannot build up over millions of points.
        if addedSinceResum >= 1 << 16 {
            sum = ring.reduce(0, +)
            addedSinceResum = 0
        }
    }
}

/// TensorBoard's exponential moving average, bias-corrected so early values are not pulled
/// towards zero: `last = last·w + (1−w)·v`, reported as `last / (1 − wⁿ)`.
public struct ExponentialMovingAverage: Sendable {
    public let weight: Double
    private var last = 0.0
    private var steps = 0

    public init(weight: Double) {
        self.weight = Swift.min(Swift.max(weight, 0), 0.999_999)
    }

    public var value: Double? {
        guard steps > 0 else { return nil }
        let debias = 1 - pow(weight, Double(steps))
        return debias == 0 ? last : last / debias
    }

    public mutating func add(_ value: Double) {
        last = last * weight + (1 - weight) * value
        steps += 1
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
