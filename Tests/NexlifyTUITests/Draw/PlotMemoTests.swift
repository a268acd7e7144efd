import MetricsKit
import Testing
@testable import NexlifyTUI

/// Frames drawn with the charts' memo (only new samples folded) must be the frames drawn from
/// scratch, whatever the run does between them: grow by a few episodes, fold its recent points
/// into history, widen its range, get a gap, be replaced by another run, or be drawn at another size.
@Suite struct PlotMemoTests {
    private static func frame(_ store: RunStore, size: (Int, Int), memo: PlotMemo?) -> CellBuffer {
        DashboardView.render(state: TestRuns.state(), model: DashboardModel(store: store, smoothing: 10), width: size.0, height: size.1, memo: memo)
    }

    @Test func framesDrawnWithTheMemoAreFramesDrawnFromScratch() {
        var run = TestRuns.GrowingRun(seed: 3)
        let memo = PlotMemo()
        run.grow(by: 7_900)
        var size = (200, 50)
        // Steps of a few episodes (a frame at 50 episodes/s), across the fold at 8,192 recent
        // points, a NaN, a resize and back, a jump that widens every chart's range, and a
        // record arriving late (earlier samples change while their number grows).
        let steps = [12, 1, 13, 12, 40, 300, 12, 12, 1, 2_000, 12, 12, 12, 12]
        for (index, step) in steps.enumerated() {
            run.grow(by: step, gapAt: index == 6 ? run.store.episodeCount + 3 : nil, holdBack: index == 10, sendLate: index == 12)
            if index == 4 { size = (120, 40) }
            if index == 5 { size = (200, 50) }
            let remembered = Self.frame(run.store, size: size, memo: memo)
            let scratch = Self.frame(run.store, size: size, memo: nil)
            let differing = remembered.changes(since: scratch)
            #expect(differing.isEmpty, "step \(index) (+\(step)): \(differing.count) cells differ, first at \(differing.first.map { "\($0.x),\($0.y)" } ?? "")")
        }
        #expect(memo.reusedSamples > 100_000, "the memo was used: \(memo.reusedSamples) samples taken as they were")
    }

    /// A model whose figures are new but whose charts kept their picture (a followed run between
    /// two drawings of its charts) is drawn from the charts' last cells with new captions: the
    /// frame is the one drawn from scratch, for values longer and shorter than before.
    @Test func aKeptPictureWithNewFiguresIsTheFrameDrawnFromScratch() {
        var run = TestRuns.GrowingRun(seed: 5)
        run.grow(by: 2_000)
        let memo = PlotMemo()
        let drawn = DashboardModel(store: run.store, smoothing: 10)
        _ = DashboardView.render(state: TestRuns.state(), model: drawn, width: 160, height: 45, memo: memo)
        for step in [1, 12, 30] {
            run.grow(by: step)
            let figures = DashboardModel(store: run.store, smoothing: 10, picturesFrom: drawn)
            #expect(figures.panels.map(\.layers) == drawn.panels.map(\.layers))
            var longer = figures
            longer.panels[0].valueText = "-123,456,789.5 (long)"
            for model in [figures, longer] {
                let remembered = DashboardView.render(state: TestRuns.state(), model: model, width: 160, height: 45, memo: memo)
                let scratch = DashboardView.render(state: TestRuns.state(), model: model, width: 160, height: 45, memo: nil)
                #expect(remembered.changes(since: scratch).isEmpty, "+\(step): \(remembered.changes(since: scratch).count) cells differ")
            }
        }
        #expect(memo.reusedCharts >= 6 * 8, "the charts were put back, not drawn again: \(memo.reusedCharts)")
    }

    /// (Layers the runs share byte for byte, the demo's epsilon and learning rate, are rightly reused.)
    @Test func anotherRunInTheSamePlaceIsFoldedWhole() {
        let memo = PlotMemo()
        for seed in [1, 2, 1] as [UInt64] {
            var run = TestRuns.GrowingRun(seed: seed)
            run.grow(by: 3_000)
            #expect(Self.frame(run.store, size: (160, 45), memo: memo).changes(since: Self.frame(run.store, size: (160, 45), memo: nil)).isEmpty)
        }
    }
}

/// A renderer that follows a run (`FrameRenderer(following: true)`, the live frame benchmark's)
/// draws what a fresh renderer draws, frame after frame.
@Suite struct FollowingRendererTests {
    @Test func aFollowingRendererDrawsWhatAFreshOneDraws() throws {
        var run = TestRuns.GrowingRun(seed: 9)
        let following = try FrameRenderer(theme: "dark", following: true)
        run.grow(by: 8_100)
        for step in [12, 12, 200, 12] {
            run.grow(by: step)
            following.update(from: run.store)
            let fresh = try FrameRenderer(theme: "dark")
            fresh.update(from: run.store)
            #expect(following.render(width: 160, height: 45) == fresh.render(width: 160, height: 45))
        }
    }
}
