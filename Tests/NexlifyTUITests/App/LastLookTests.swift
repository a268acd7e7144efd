import Foundation
import MetricsKit
import Testing
import TestSupport
@testable import NexlifyTUI

/// "Since you last looked": the banner's words, the look's file, and any key dismissing it.
@Suite struct LastLookTests {
    private let then = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theBannerSaysWhatChanged() {
        let look = LastLook(at: then, episodes: 3_760, bestProfit: 1_111, alerts: 1)
        let clock = LocalTime.clock(then, now: then.addingTimeInterval(600))
        #expect(look.banner(now: LastLook(at: then.addingTimeInterval(600), episodes: 5_000, bestProfit: 1_200, alerts: 3))
                == "since \(clock): +1,240 episodes, best 1.2k (+8 %), 2 alerts")
        #expect(look.banner(now: LastLook(at: then.addingTimeInterval(600), episodes: 3_761, bestProfit: 1_111, alerts: 1))
                == "since \(clock): +1 episode, best 1.11k")
        #expect(look.banner(now: LastLook(at: then.addingTimeInterval(600), episodes: 3_760, bestProfit: 1_111, alerts: 0))
                == "since \(clock): nothing new")
        // A run whose best was 0 or not yet known says the best without a percentage.
        #expect(LastLook(at: then, episodes: 0, bestProfit: nil, alerts: 0).banner(now: LastLook(at: then, episodes: 10, bestProfit: .infinity, alerts: 0))
                .hasSuffix(": +10 episodes"))
        #expect(LastLook.grouped(1_234_567) == "1,234,567" && LastLook.grouped(-1_000) == "-1,000" && LastLook.grouped(999) == "999")
        #expect(LastLook.grouped(Int.min) == "-9,223,372,036,854,775,808")
    }

    @Test func aLookIsKeptPerRunInTheStateDirectory() throws {
        let scratch = ScratchDirectory()
        let environment = ["XDG_STATE_HOME": scratch.path]
        let file = LastLookFile(runPath: "training_logs/dqn", environment: environment)
        #expect(file.path.hasPrefix(scratch.path + "/nexlify-tui/looks/") && file.load() == nil)
        let look = LastLook(at: then, episodes: 12, bestProfit: 3.5, alerts: 2)
        file.save(look)
        #expect(file.load() == look)
        #expect(LastLookFile(runPath: "training_logs/../training_logs/dqn", environment: environment).path == file.path)
        #expect(LastLookFile(runPath: "training_logs/ppo", environment: environment).path != file.path)
        for text in ["", "{", "[]", #"{"at": "now", "episodes": 1, "alerts": 0}"#, #"{"at": 1, "episodes": 1.5, "alerts": 0}"#] {
            try text.write(toFile: file.path, atomically: true, encoding: .utf8)
            #expect(file.load() == nil, "\(text)")
        }
    }

    @Test func anyKeyDismissesTheBannerAndStillActs() {
        var state = TestRuns.state()
        state.banner = "since 14:02: +1 episode"
        #expect(AppUpdate.handle(.resize, state: &state) == .redraw && state.banner != nil)
        #expect(AppUpdate.handle(.focusIn, state: &state) == .none && state.banner != nil)
        #expect(AppUpdate.handle(.character("z"), state: &state) == .redraw && state.banner == nil)
        state.banner = "since 14:02: +1 episode"
        #expect(AppUpdate.handle(.character("p"), state: &state) == .redraw && state.paused && state.banner == nil)
        state.banner = "since 14:02: +1 episode"
        let frame = DashboardView.render(state: state, model: DashboardModel(store: MetricsGridTests.makeStore(), smoothing: 10), width: 80, height: 24)
        #expect(frame.lines[0].hasPrefix(" since 14:02: +1 episode · any key"))
        #expect(AppUpdate.handle(.character("q"), state: &state) == .quit)
    }

    /// The banner and the request notes on the smallest screens: cut to the width, never past it.
    @Test func theBannerAndNotesFitTinyScreens() {
        var state = TestRuns.state()
        state.banner = "since 14:02: +1,240 episodes, best 1.2k (+8 %), 2 alerts"
        state.confirming = .stop
        let model = DashboardModel(store: MetricsGridTests.makeStore(), smoothing: 10)
        for (width, height) in [(1, 1), (2, 1), (10, 3), (40, 12), (80, 24)] {
            let frame = DashboardView.render(state: state, model: model, width: width, height: height)
            #expect(frame.lines.count == height && frame.lines.allSatisfy { $0.count == width })
        }
    }
}
