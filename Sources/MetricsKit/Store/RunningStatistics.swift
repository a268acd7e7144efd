/// Whole-history statistics of one metric, kept incrementally in constant memory: how many
/// points, the sum and mean of the finite ones, the best and worst with the x (episode or
/// step) where each occurred, and the latest point by x.
///
/// Non-finite values are counted but never enter the sum, best or worst.
/// ```swift
/// var stats = RunningStatistics()
/// stats.add(x: 1, 5); stats.add(x: 2, .nan); stats.add(x: 3, 2)
/// stats.mean          // 3.5
/// stats.best          // (x: 1, value: 5)
/// stats.latest        // (x: 3, value: 2)
/// ```
public struct RunningStatistics: Equatable, Sendable {
    public private(set) var count = 0
    public private(set) var finiteCount = 0
    public private(set) var nonFiniteCount = 0
    /// Finite values above zero (profitable episodes, for a profit series).
    public private(set) var positiveCount = 0
    /// Compensated (Kahan) sum of the finite values.
    public private(set) var sum = 0.0
    private var compensation = 0.0
    /// The highest finite value and where it first occurred.
    public var best: Point? { finiteCount == 0 ? nil : Point(x: bestX, value: bestValue) }
    /// The lowest finite value and where it first occurred.
    public var worst: Point? { finiteCount == 0 ? nil : Point(x: worstX, value: worstValue) }
    /// The point with the highest x (the last added of those).
    public var latest: Point? { count == 0 ? nil : Point(x: latestX, value: latestValue) }
    // Kept as plain fields, not optionals: `add` runs for every point of every metric.
    private var bestX = 0
    private var bestValue = -Double.infinity
    private var worstX = 0
    private var worstValue = Double.infinity
    private var latestX = Int.min
    private var latestValue = 0.0
    /// The first point whose value was NaN or infinite.
    public private(set) var firstNonFinite: Point?
    /// The last (by x) point whose value was NaN or infinite.
    public private(set) var lastNonFinite: Point?

    /// An (x, value) pair.
    public struct Point: Equatable, Sendable {
        public let x: Int
        public let value: Double

        public init(x: Int, value: Double) {
            self.x = x
            self.value = value
        }

        public static func == (lhs: Point, rhs: Point) -> Bool {
            lhs.x == rhs.x && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
        }
    }

    public init() {}

    /// Equal when every figure is (a NaN point equals a NaN point at the same x).
    public static func == (lhs: RunningStatistics, rhs: RunningStatistics) -> Bool {
        lhs.count == rhs.count && lhs.finiteCount == rhs.finiteCount && lhs.nonFiniteCount == rhs.nonFiniteCount
            && lhs.positiveCount == rhs.positiveCount && lhs.sum == rhs.sum && lhs.compensation == rhs.compensation
            && lhs.best == rhs.best && lhs.worst == rhs.worst && lhs.latest == rhs.latest
            && lhs.firstNonFinite == rhs.firstNonFinite && lhs.lastNonFinite == rhs.lastNonFinite
    }

    /// The mean of the finite values, or `nil` when there are none.
    public var mean: Double? { finiteCount == 0 ? nil : sum / Double(finiteCount) }

    @inline(__always)
    public mutating func add(x: Int, _ value: Double) {
        // Wrapping increments: no overflow check per point (a count cannot reach Int.max).
        count &+= 1
        if x >= latestX {
            latestX = x
            latestValue = value
        }
        guard value.isFinite else {
            nonFiniteCount += 1
            if firstNonFinite == nil || x < firstNonFinite!.x { firstNonFinite = Point(x: x, value: value) }
            if lastNonFinite == nil || x >= lastNonFinite!.x { lastNonFinite = Point(x: x, value: value) }
            return
        }
        finiteCount &+= 1
        if value > 0 { positiveCount &+= 1 }
        let adjusted = value - compensation
        let total = sum + adjusted
        compensation = (total - sum) - adjusted
        sum = total
        // The first finite value always wins: it beats the infinite starting values.
        if value > bestValue || (value == bestValue && x < bestX) {
            bestX = x
            bestValue = value
        }
        if value < worstValue || (value == worstValue && x < worstX) {
            worstX = x
            worstValue = value
        }
    }
}
