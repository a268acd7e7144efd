import Foundation
import Testing

/// The every-metric view and a TensorBoard run, in the real binary in tmux.
@Suite(.serialized) struct EveryMetricEndToEndTests {
    private static let tensorBoardRun = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tensorboard/scalars").path

    @Test func aTensorBoardRunsPanelsNameTheirTagsAndMListsEveryTag() throws {
        let session = TmuxSession(arguments: ["--run", Self.tensorBoardRun], width: 160, height: 40)
        // Both in one look: tmux may be captured while it is still painting a frame's lower rows.
        let panels = session.waitForScreen { $0.contains("1 Profit/Loss · …/ep_rew_mean") && $0.contains("step 0") }
        #expect(panels.matched, "\(panels.screen)")
        session.send("m")
        let grid = session.waitForScreen { $0.contains("Every metric · 5 of 5") && $0.contains("weights/norm") && $0.contains("train/learning_rate") }
        #expect(grid.matched, "\(grid.screen)")
        session.send("/")
        session.send("-l", "^train")
        session.send("Enter")
        let filtered = session.waitForScreen { $0.contains("2 of 5 match /^train/") }
        #expect(filtered.matched, "\(filtered.screen)")
        #expect(!filtered.screen.contains("weights/norm"))
        session.send("2")
        #expect(session.waitForScreen { $0.contains("╭─ 2 train/learning_rate") && !$0.contains("1 train/loss") }.matched)
        session.send("Escape")
        session.send("Escape")
        #expect(session.waitForScreen { $0.contains("1 Profit/Loss · …/ep_rew_mean") }.matched)
        session.send("q")
        let ending = session.waitForExit()
        #expect(ending.status == 0)
        #expect(TmuxSession.restored(ending.terminalMode), "\(ending.terminalMode)")
    }
}
