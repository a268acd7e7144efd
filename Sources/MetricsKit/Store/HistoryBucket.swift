/// A downsampled stretch of a series: every point with x in `startX..<startX + width` folded
/// into its minimum, maximum and mean, so that spikes survive downsampling.
///
/// ```swift
/// var bucket = HistoryBucket(startX: 0, width: 4)
/// bucket.add(3.0); bucket.add(-1.0); bucket.add(.nan)
/// (bucket.min, bucket.max, bucket.mean)   // (-1.0, 3.0, 1.0); bucket.nonFiniteCount == 1
/// ```
public struct HistoryBucket: Equatable, Sendable {
    public private(set) var startX: Int
    public private(set) var width: Int
    public private(set) var min = Double.infinity
    public private(set) var max = -Double.infinity
    public private(set) var sum = 0.0
    /// Finite points folded in.
    public private(set) var count = 0
    /// Finite points above zero (profitable episodes, for a profit series).
    public private(set) var positiveCount = 0
    public private(set) var nonFiniteCount = 0

    public init(startX: Int, width: Int) {
        self.startX = startX
        self.width = width
    }

    /// The mean of the finite points, or NaN when the bucket holds none.
    public var mean: Double { count == 0 ? .nan : sum / Double(count) }
    /// The x just past this bucket.
    public var endX: Int { startX + width }

    public mutating func add(_ value: Double) {
        guard value.isFinite else {
            nonFiniteCount += 1
            return
        }
        // Wrapping increments: no overflow check per point (a count cannot reach Int.max).
        count &+= 1
        if value > 0 { positiveCount &+= 1 }
        sum += value
        if value < min { min = value }
        if value > max { max = value }
    }

    /// Folds `other` into this bucket and widens it to `newWidth` starting at `newStart`.
    public mutating func absorb(_ other: HistoryBucket, newStart: Int, newWidth: Int) {
        startX = newStart
        width = newWidth
        count += other.count
        positiveCount += other.positiveCount
        nonFiniteCount += other.nonFiniteCount
        sum += other.sum
        if other.min < min { min = other.min }
        if other.max > max { max = other.max }
    }
}
