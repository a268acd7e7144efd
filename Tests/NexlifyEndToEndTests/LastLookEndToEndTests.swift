import Foundation
import Testing

/// "Since you last looked": the real binary in tmux says what happened to the run since the
/// last look — after a restart (the look kept under `$XDG_STATE_HOME/nexlify-tui/`) and when its
/// pane is shown again after another pane had the focus (tmux's focus events) — and any key
/// dismisses it.
@Suite(.serialized) struct LastLookEndToEndTests {
    @Test func aBannerSaysWhatHappenedSinceTheLastLook() throws {
        let run = try RunDirectory()
        let state = NSTemporaryDirectory() + "nexlify-e2e-look-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        run.append(episodes: 0..<100, profit: { Double($0) })
        let first = TmuxSession(arguments: ["--run", run.path], environment: ["XDG_STATE_HOME": state])
        #expect(first.waitForScreen { $0.contains("following") && $0.contains("100 logged") }.matched)
        #expect(!first.capture().contains("since "), "no banner the first time a run is opened")
        first.send("q")
        #expect(first.waitForExit().status == 0)
        let looks = try FileManager.default.contentsOfDirectory(atPath: state + "/nexlify-tui/looks")
        #expect(looks.count == 1 && looks[0].hasSuffix(".json"))

        run.append(episodes: 100..<1340, profit: { Double($0) })
        let second = TmuxSession(arguments: ["--run", run.path, "--refresh", "0.5"], environment: ["XDG_STATE_HOME": state])
        let banner = second.waitForScreen { $0.contains("since ") }
        #expect(banner.matched, "\(banner.screen)")
        let line = banner.screen.components(separatedBy: "\n").first ?? ""
        #expect(line.contains(": +1,240 episodes, best 1.34k (+1,253 %)") && line.contains("any key"), "\(line)")
        second.send("p")
        let dismissed = second.waitForScreen { !$0.contains("since ") && $0.contains("PAUSED") }
        #expect(dismissed.matched, "any key dismisses the banner, and does what it does: \(dismissed.screen)")
        second.send("p")

        // The pane hidden (another pane takes the focus), the run goes on, the pane shown again:
        // tmux passes focus events to a pane a client shows.
        second.command("set-option", "-g", "focus-events", "on")
        try second.attachClient()
        #expect(second.waitForScreen { !$0.contains("since ") && $0.contains("following") }.matched)
        second.command("split-window", "-d", "-h", "-t", "main", "sleep 600")
        second.command("select-pane", "-t", "main.1")
        usleep(300_000)
        run.append(episodes: 1340..<1400, profit: { _ in 0 })
        usleep(1_200_000)
        second.command("select-pane", "-t", "main.0")
        let again = second.waitForScreen { $0.contains("since ") }
        #expect(again.matched, "\(again.screen)")
        #expect(again.screen.components(separatedBy: "\n").first?.contains(": +60 episodes, best 1.34k") == true, "\(again.screen)")
        second.send("q")
        let exit = second.waitForExit()
        #expect(exit.status == 0 && TmuxSession.restored(exit.terminalMode))
    }
}
