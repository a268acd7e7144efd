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

    @Test func negativeEpisodesAreBucketedToo() {
        var series = MetricSeries(recentCapacity: 2, maxBuckets: 4)
        for x in -20..<20 { series.append(x: x, Double(x)) }
        #expect(series.history.first!.startX <= -20)
        #expect(series.history.first!.min == -20)
    }
}
