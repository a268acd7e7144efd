import Testing
@testable import MetricsKit

@Suite struct MetricSeriesTests {
    @Test func keepsRecentPointsAtFullResolutionAndBoundsTheRest() {
        var series = MetricSeries(recentCapacity: 100, maxBuckets: 16)
        for x in 0..<100_000 { series.append(x: x, Double(x)) }
        #expect(series.recentX.count >= 100 && series.recentX.count < 200)
        #expect(series.recentX == Array(series.recentX.first!..<100_000))
        #expect(series.history.count <= 16)
        #expect(series.count == 100_000)
        // The buckets cover everything before the recent window, in order, without gaps or overlap.
        #expect(series.history.first!.startX == 0)
        for (left, right) in zip(series.history, series.history.dropFirst()) { #expect(left.endX == right.startX) }
        let folded = series.history.reduce(0) { $0 + $1.count }
        #expect(folded == 100_000 - series.recentX.count)
        #expect(series.history.first!.min == 0)
    }

    @Test func aSpikeSurvivesDownsampling() {
        var series = MetricSeries(recentCapacity: 10, maxBuckets: 8)
        for x in 0..<10_000 { series.append(x: x, x == 4321 ? 1e6 : 1) }
        let bucket = series.history.first { $0.startX <= 4321 && 4321 < $0.endX }!
        #expect(bucket.max == 1e6)
        #expect(bucket.min == 1)
        #expect(series.statistics.best == .init(x: 4321, value: 1e6))
    }

    @Test func nonFiniteValuesAreCountedButDoNotPoisonStatistics() {
        var series = MetricSeries(recentCapacity: 2, maxBuckets: 4)
        for (x, value) in [1.0, .nan, 3.0, .infinity, 5.0, 7.0].enumerated() { series.append(x: x, value) }
        #expect(series.statistics.mean == 4)
        #expect(series.statistics.nonFiniteCount == 2)
        #expect(series.statistics.firstNonFinite == .init(x: 1, value: .nan))
        #expect(series.history.allSatisfy { $0.min.isFinite || $0.count == 0 })
        #expect(series.history.reduce(0) { $0 + $1.nonFiniteCount } == 2)
    }

    @Test func outOfOrderPointsLandInPlace() {
        var series = MetricSeries(recentCapacity: 4, maxBuckets: 64)
        for x in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] { series.append(x: x, Double(x)) }
        series.append(x: 8, 80)     // inside the recent window: sorted insert
        series.append(x: 1, 10)     // older than the window: joins the bucket for x = 1
        #expect(series.recentX == series.recentX.sorted())
        #expect(series.recentY[series.recentX.firstIndex(of: 8)!...].contains(80))
        let bucket = series.history.first { $0.startX <= 1 && 1 < $0.endX }!
        #expect(bucket.max == 10)
        #expect(series.statistics.latest == .init(x: 9, value: 9))
        #expect(series.count == 12)
    }

    /// A column appended in one call (every `stride`-th value) leaves the series as appending its
    /// points one by one does: in order and out of order, with repeated x, non-finite values,
    /// folds and widenings of the history in the middle of it.
    @Test(arguments: [1, 3])
    func aColumnAppendedAtOnceIsAsItsPointsOneByOne(stride: Int) {
        var random = SplitMix64(seed: UInt64(stride))
        var bulk = MetricSeries(recentCapacity: 8, maxBuckets: 4)
        var single = bulk
        var x = 0
        for _ in 0..<300 {
            let count = Int.random(in: 0...40, using: &random)
            var xs: [Int] = []
            var values: [Double] = []
            for _ in 0..<count {
                // Mostly ascending; now and then a repeat or a step back.
                x += [1, 1, 1, 1, 2, 0, -3, -30].randomElement(using: &random)!
                xs.append(x)
                for _ in 0..<stride { values.append([Double.random(in: -5...5, using: &random), .nan, .infinity, 0].randomElement(using: &random)!) }
            }
            if count > 0 {
                xs.withUnsafeBufferPointer { xs in
                    values.withUnsafeBufferPointer { values in bulk.append(xs: xs, values: values.baseAddress!, stride: stride) }
                }
            }
            for (index, x) in xs.enumerated() { single.append(x: x, values[index * stride]) }
            #expect(bulk.recentX == single.recentX)
            #expect(bulk.recentY.elementsEqual(single.recentY) { $0 == $1 || ($0.isNaN && $1.isNaN) })
            #expect(bulk.history.count == single.history.count && zip(bulk.history, single.history).allSatisfy { left, right in
                left.startX == right.startX && left.width == right.width && left.count == right.count && left.sum == right.sum
                    && left.min == right.min && left.max == right.max && left.nonFiniteCount == right.nonFiniteCount
                    && left.positiveCount == right.positiveCount
            })
            #expect(bulk.statistics == single.statistics && bulk.firstX == single.firstX && bulk.bucketWidth == single.bucketWidth)
        }
        #expect(single.bucketWidth > 1, "the history widened")
    }

    @Test func negativeEpisodesAreBucketedToo() {
        var series = MetricSeries(recentCapacity: 2, maxBuckets: 4)
        for x in -20..<20 { series.append(x: x, Double(x)) }
        #expect(series.history.first!.startX <= -20)
        #expect(series.history.first!.min == -20)
    }
}
