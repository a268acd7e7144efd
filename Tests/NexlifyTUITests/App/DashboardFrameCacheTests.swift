import Testing
@testable import NexlifyTUI

/// A frame reused with only its status line drawn again is the frame drawn whole, whatever
/// changed in the status; anything else draws it whole.
@Suite struct DashboardFrameCacheTests {
    static let model = DashboardModel(store: TestRuns.demoStore(episodes: 400), smoothing: 10)

    @Test(arguments: [(200, 50), (80, 24), (40, 12)])
    func aFrameWhoseStatusTickedIsTheFrameDrawnWhole(width: Int, height: Int) {
        var cache = DashboardFrameCache()
        var state = TestRuns.state()
        state.alerts = [AlertLine(level: .warning, text: "Loss too high", time: "14:02:00")]
        _ = cache.frame(state: state, model: Self.model, modelVersion: 1, width: width, height: height)
        let changes: [(inout AppState) -> Void] = [
            { $0.status.secondsSinceUpdate = 10 },
            { $0.status.state = "last data 2h ago with a much longer text than the line has room for, to be cut" },
            { $0.status.skippedLines = 3 },
            { $0.status.freshness = .critical },
            { $0.status.problem = "episodes.jsonl: permission denied" },
            { $0.showHelp = true },
            { $0.showHelp = false; $0.paused = true },
        ]
        for change in changes {
            change(&state)
            let reused = cache.frame(state: state, model: Self.model, modelVersion: 1, width: width, height: height)
            let whole = DashboardView.render(state: state, model: Self.model, width: width, height: height)
            #expect(reused == whole, "\(state.status)")
        }
    }

    @Test func aNewModelIsDrawnWhole() {
        var cache = DashboardFrameCache()
        let state = TestRuns.state()
        _ = cache.frame(state: state, model: .empty, modelVersion: 1, width: 120, height: 40)
        let frame = cache.frame(state: state, model: Self.model, modelVersion: 2, width: 120, height: 40)
        #expect(frame == DashboardView.render(state: state, model: Self.model, width: 120, height: 40))
    }
}
