import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

@Suite struct AppUpdateTests {
    @Test func keysChangeTheStateAsTheHelpSays() {
        var state = TestRuns.state()
        #expect(AppUpdate.handle(.character("?"), state: &state) == .redraw)
        #expect(state.showHelp)
        #expect(AppUpdate.handle(.escape, state: &state) == .redraw)
        #expect(!state.showHelp)
        #expect(AppUpdate.handle(.character("6"), state: &state) == .redraw)
        #expect(state.zoomed == .sharpe)
        #expect(AppUpdate.handle(.escape, state: &state) == .redraw)
        #expect(state.zoomed == nil)
        #expect(AppUpdate.handle(.character("t"), state: &state) == .redraw)
        #expect(state.theme.name == "dark")
        _ = AppUpdate.handle(.character("t"), state: &state)
        _ = AppUpdate.handle(.character("t"), state: &state)
        #expect(state.theme.name == "cyberpunk")
        #expect(AppUpdate.handle(.character("p"), state: &state) == .redraw)
        #expect(state.paused)
        #expect(AppUpdate.handle(.character("+"), state: &state) == .rebuildModel)
        #expect(state.smoothing == 20)
        for _ in 0..<10 { _ = AppUpdate.handle(.character("-"), state: &state) }
        #expect(state.smoothing == 1)
        for _ in 0..<20 { _ = AppUpdate.handle(.character("j"), state: &state) }
        #expect(state.scroll == 7)
        #expect(AppUpdate.handle(.character("g"), state: &state) == .redraw)
        #expect(state.scroll == 0)
        #expect(AppUpdate.handle(.character("z"), state: &state) == .none)
        #expect(AppUpdate.handle(.escape, state: &state) == .quit)
        #expect(AppUpdate.handle(.character("q"), state: &state) == .quit)
    }

    @Test func theHelpListsEveryKeyTheHandlerKnows() {
        let text = AppUpdate.helpLines.map { $0.keys }.joined(separator: " ")
        for key in ["q", "Esc", "?", "t", "p", "1 – 8", "+ / -", "j / k", "g / G", "S", "C"] { #expect(text.contains(key)) }
    }

    /// `S` and `C` ask first: `y` sends the request, any other key (even `q`) only cancels it.
    @Test func aRequestToTheTrainerWaitsForY() {
        var state = TestRuns.state()
        #expect(AppUpdate.handle(.character("S"), state: &state) == .redraw)
        #expect(state.confirming == .stop && state.statusLine.note == ControlNotes.question(.stop))
        #expect(AppUpdate.handle(.character("q"), state: &state) == .redraw)
        #expect(state.confirming == nil && state.statusLine.note == nil)
        _ = AppUpdate.handle(.character("C"), state: &state)
        #expect(state.statusLine.note?.text == "ask for a checkpoint? y: yes, any other key: no")
        #expect(AppUpdate.handle(.character("y"), state: &state) == .control(.checkpoint))
        _ = AppUpdate.handle(.character("S"), state: &state)
        #expect(AppUpdate.handle(.character("Y"), state: &state) == .control(.stop))
        #expect(state.confirming == nil)
    }
}
