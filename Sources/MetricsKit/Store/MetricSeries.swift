import Synchronization

/// The points of one metric over x (episode or step), in bounded memory: the most recent
/// points at full resolution, older ones folded into min/max/mean `HistoryBucket`s whose width
/// doubles whenever there would be more than `maxBuckets` of them.
///
/// Points may arrive out of order; each lands in its place (the recent window stays sorted by x,
/// an old point joins the bucket that covers it). Whole-history `statistics` stay exact.
/// ```swift
/// var series = MetricSeries(recentCapacity: 1000, maxBuckets: 512)
/// for episode in 0..<1_000_000 { series.append(x: episode, Double(episode % 7)) }
/// series.recentX.count      // between 1000 and 2000
/// series.history.count      // at most 512
/// ```
public struct MetricSeries: Sendable {
    public let recentCapacity: Int
    public let maxBuckets: Int
    /// Full-resolution x values, sorted ascending.
    public private(set) var recentX: [Int] = []
    public private(set) var recentY: [Double] = []
    /// Downsampled history before `recentX.first`, sorted by `startX`.
    public private(set) var history: [HistoryBucket] = []
    public private(set) var bucketWidth = 1
    public private(set) var statistics = RunningStatistics()
    /// The lowest x ever added (history buckets start at a multiple of their width, not here).
    public private(set) var firstX: Int?
    /// Changes whenever points already held change (a point arriving out of order, points folded
    /// into history); appending in order keeps it. Drawn from one counter for the process, so a
    /// series that only grew since a reader saw it has the revision the reader saw, and any
    /// other series has another (the chart samples' memo relies on it). A copy appended to apart
    /// from its original keeps the revision: it is for the series one store keeps.
    public private(set) var revision = MetricSeries.nextRevision()

    private static let revisions = Atomic<UInt64>(0)

    private static func nextRevision() -> UInt64 {
        revisions.add(1, ordering: .relaxed).newValue
    }

    public init(recentCapacity: Int = 4096, maxBuckets: Int = 1024) {
        precondition(recentCapacity > 0 && maxBuckets > 1)
        self.recentCapacity = recentCapacity
        self.maxBuckets = maxBuckets
    }

    /// Total points ever added.
    public var count: Int { statistics.count }

    @inline(__always)
    public mutating func append(x: Int, _ y: Double) {
        statistics.add(x: x, y)
        if x < firstX ?? Int.max { firstX = x }
        if let last = recentX.last, x < last {
            insertOutOfOrder(x: x, y)
        } else {
            recentX.append(x)
            recentY.append(y)
        }
        if recentX.count >= 2 * recentCapacity { foldOldest(recentX.count - recentCapacity) }
    }

    /// Appends the points (`xs[i]`, `values[i * stride]`) in order (a column of a batch whose
    /// rows all have the same fields), with the same result as appending them one by one: each
    /// stretch in ascending x that fits before the next fold is added in one go (statistics in
    /// one loop, the window grown once), a point out of order on its own.
    public mutating func append(xs: UnsafeBufferPointer<Int>, values: UnsafePointer<Double>, stride: Int) {
        var start = 0
        while start < xs.count {
            if let last = recentX.last, xs[start] < last {
                append(x: xs[start], values[start * stride])
                start += 1
                continue
            }
            // The window folds when it reaches twice its capacity: a stretch stops there.
            let limit = Swift.min(xs.count, start + 2 * recentCapacity - recentX.count)
            var end = start + 1
            while end < limit && xs[end] >= xs[end - 1] { end += 1 }
            var statistics = self.statistics
            for index in start..<end { statistics.add(x: xs[index], values[index * stride]) }
            self.statistics = statistics
            if xs[start] < firstX ?? Int.max { firstX = xs[start] }
            recentX.append(contentsOf: UnsafeBufferPointer(rebasing: xs[start..<end]))
            // The column's values gathered first: a strided copy, then one contiguous append.
            recentY.append(contentsOf: [Double](unsafeUninitializedCapacity: end - start) { gathered, count in
                for index in start..<end { gathered[index - start] = values[index * stride] }
                count = end - start
            })
            if recentX.count >= 2 * recentCapacity { foldOldest(recentX.count - recentCapacity) }
            start = end
        }
    }

    /// The last `count` full-resolution values (fewer if the window holds fewer).
    public func lastValues(_ count: Int) -> ArraySlice<Double> {
        recentY.suffix(count)
    }

    private mutating func insertOutOfOrder(x: Int, _ y: Double) {
        revision = Self.nextRevision()
        if let first = recentX.first, x >= first || history.isEmpty {
            let index = insertionIndex(of: x)
            recentX.insert(x, at: index)
            recentY.insert(y, at: index)
        } else {
            addToHistory(x: x, y)
        }
    }

    private func insertionIndex(of x: Int) -> Int {
        var low = 0
        var high = recentX.count
        while low < high {
            let middle = (low + high) / 2
            if recentX[middle] <= x { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Folds the oldest `count` full-resolution points into the history. They are sorted by x,
    /// so each run of points sharing a bucket is summed locally and merged once.
    private mutating func foldOldest(_ count: Int) {
        revision = Self.nextRevision()
        do {
            // Local references to the window (not copies), read while the history changes.
            let xs = recentX
            let ys = recentY
            xs.withUnsafeBufferPointer { xs in
                ys.withUnsafeBufferPointer { ys in
                    var index = 0
                    while index < count {
                        // The width may double in `merge`: each bucket takes the width of its time.
                        let mask = ~(bucketWidth - 1)
                        let start = xs[index] & mask
                        var bucket = HistoryBucket(startX: start, width: bucketWidth)
                        while index < count && xs[index] & mask == start {
                            bucket.add(ys[index])
                            index += 1
                        }
                        merge(bucket)
                    }
                }
            }
        }
        recentX.removeFirst(count)
        recentY.removeFirst(count)
    }

    private mutating func addToHistory(x: Int, _ y: Double) {
        var bucket = HistoryBucket(startX: bucketStart(for: x), width: bucketWidth)
        bucket.add(y)
        merge(bucket)
    }

    /// Adds a bucket of the current width to the history: into the bucket with its start, or as
    /// a new one in its place (widening all of them when there would be too many).
    private mutating func merge(_ bucket: HistoryBucket) {
        let start = bucket.startX
        if let last = history.last, last.startX == start {
            history[history.count - 1].absorb(bucket, newStart: start, newWidth: bucketWidth)
            return
        }
        var low = history.count
        if let last = history.last, start < last.startX {
            low = 0
            var high = history.count
            while low < high {
                let middle = (low + high) / 2
                if history[middle].startX < start { low = middle + 1 } else { high = middle }
            }
            if low < history.count && history[low].startX == start {
                history[low].absorb(bucket, newStart: start, newWidth: bucketWidth)
                return
            }
        }
        history.insert(bucket, at: low)
        if history.count > maxBuckets { doubleBucketWidth() }
    }

    /// The start of the bucket holding `x`: x rounded down to a multiple of the width, which is
    /// always a power of two (a mask, not a division: this runs for every point folded).
    @inline(__always)
    private func bucketStart(for x: Int) -> Int {
        x & ~(bucketWidth - 1)
    }

    private mutating func doubleBucketWidth() {
        bucketWidth *= 2
        var merged: [HistoryBucket] = []
        merged.reserveCapacity(history.count / 2 + 1)
        for bucket in history {
            let start = bucketStart(for: bucket.startX)
            if let last = merged.last, last.startX == start {
                merged[merged.count - 1].absorb(bucket, newStart: start, newWidth: bucketWidth)
            } else {
                var widened = HistoryBucket(startX: start, width: bucketWidth)
                widened.absorb(bucket, newStart: start, newWidth: bucketWidth)
                merged.append(widened)
            }
        }
        history = merged
    }
}
