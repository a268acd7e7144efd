import Testing
@testable import MetricsKit

@Suite struct StatisticsTests {
    @Test func rollingMeanPassesNonFiniteThrough() {
        let smoothed = Smoothing.rollingMean([1, 2, .nan, 4, 6], window: 2)
        #expect(smoothed[0] == 1)
        #expect(smoothed[1] == 1.5)
        #expect(smoothed[2].isNaN)
        #expect(smoothed[3] == 3)
        #expect(smoothed[4] == 5)
    }

    @Test func emaIsBiasCorrectedLikeTensorBoard() {
        #expect(Smoothing.ema([5, 5, 5], weight: 0.9) == [5, 5, 5])
        let values = Smoothing.ema([0, 10, .infinity, 10], weight: 0.5)
        // last: 0 → 5 → (skip) → 7.5; debias: 1-0.5, 1-0.25, 1-0.125
        #expect(values[0] == 0)
        #expect(values[1] == 5 / 0.75)
        #expect(values[2] == .infinity)
        #expect(values[3] == 7.5 / 0.875)
    }

    @Test func runningStatisticsMatchAnIndependentComputation() {
        var generator = SeededGenerator(seed: 7)
        var stats = RunningStatistics()
        var values: [Double] = []
        for x in 0..<10_000 {
            let value = Double.random(in: -1000...1000, using: &generator)
            values.append(value)
            stats.add(x: x, value)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(stats.mean! - mean) < 1e-9)
        #expect(stats.best!.value == values.max()!)
        #expect(stats.best!.x == values.firstIndex(of: values.max()!)!)
        #expect(stats.worst!.value == values.min()!)
        #expect(stats.latest == .init(x: 9999, value: values.last!))
    }

    @Test func tradingStatistics() {
        #expect(TradingStatistics.winRate([5, -2, 3, 0, .nan]) == 0.5)
        #expect(TradingStatistics.winRate([Double]()) == nil)
        #expect(TradingStatistics.sharpe([1, 2, 3]) == 2)
        #expect(TradingStatistics.sharpe([1, 1]) == nil)
        #expect(TradingStatistics.maxDrawdown([10, -5, -10, 20, -3]) == 15)
        let rolling = TradingStatistics.rollingWinRate([1, -1, 1, 1, .nan], window: 2)
        #expect(rolling[0] == 1)
        #expect(rolling[1] == 0.5)
        #expect(rolling[2] == 0.5)
        #expect(rolling[3] == 1)
        #expect(rolling[4] == 1)
    }

    @Test func valueSummaryIsNumpyLike() {
        let summary = ValueSummary([1, 2, 3, 4])
        #expect(summary.mean == 2.5)
        #expect(summary.standardDeviation == 1.25.squareRoot())
        #expect(ValueSummary([1, .nan]).mean.isNaN)
    }
}
