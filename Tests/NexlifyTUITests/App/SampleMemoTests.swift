import MetricsKit
import Testing
@testable import NexlifyTUI

/// Models built with the sample memo (only new recent points turned into samples) must be the
/// models built from scratch, sample for sample and bit for bit, as the run grows, folds, gets a
/// late record (one old enough to land in the history, one in the recent points), and the
/// smoothing changes.
@Suite struct SampleMemoTests {
    private static func bits(_ model: DashboardModel) -> [[[UInt64]]] {
        model.panels.map { panel in
            panel.layers.map { layer in
                layer.samples.flatMap { [$0.x, $0.value, $0.low, $0.high, $0.weight, $0.firstValue, $0.lastValue].map(\.bitPattern) }
            }
        }
    }

    @Test func modelsBuiltWithTheMemoAreModelsBuiltFromScratch() {
        var run = TestRuns.GrowingRun(seed: 5)
        let memo = SampleMemo()
        run.grow(by: 7_950, holdBack: true)
        let steps = [12, 1, 13, 400, 12, 12, 2_000, 12, 12, 12, 12]
        for (index, step) in steps.enumerated() {
            run.grow(by: step, gapAt: index == 2 ? run.store.episodeCount + 1 : nil, holdBack: index == 7, sendLate: index == 4 || index == 9)
            let smoothing = index == 5 ? 25 : 10
            let remembered = DashboardModel(store: run.store, smoothing: smoothing, memo: memo)
            let scratch = DashboardModel(store: run.store, smoothing: smoothing)
            #expect(Self.bits(remembered) == Self.bits(scratch), "step \(index) (+\(step))")
            #expect(remembered.panels.map(\.valueText) == scratch.panels.map(\.valueText))
        }
        #expect(memo.reusedPoints > 100_000, "the memo was used: \(memo.reusedPoints) points taken as they were")
    }
}
