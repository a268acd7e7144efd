import Foundation
import Testing
import TestSupport

/// Ctrl-Z in the real binary, in a shell in tmux with a client attached (so tmux sends focus
/// reports): the shell gets its terminal back with the focus reports off, and `fg` brings the
/// dashboard back drawn whole.
@Suite(.serialized) struct SuspendEndToEndTests {
    @Test func ctrlZGivesTheShellItsTerminalAndFgBringsTheDashboardBack() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<50)
        let session = TmuxSession(arguments: [], width: 120, height: 40, before: "exec bash --norc --noprofile -i; ")
        session.command("set-option", "-g", "focus-events", "on")
        try session.attachClient()
        session.send("LANG=C.UTF-8 TERM=tmux-256color XDG_STATE_HOME=\(session.stateHome) '\(BinaryRunner.binary)' --run '\(run.path)'", "Enter")
        #expect(session.waitForScreen { $0.contains("following") }.matched)
        session.send("C-z")
        let stopped = session.waitForScreen { $0.contains("Stopped") }
        #expect(stopped.matched, "\(stopped.screen)")
        // In the shell, focus changes must not arrive as text.
        session.send("cat -v", "Enter")
        usleep(300_000)
        session.command("split-window", "-d", "-h", "-t", "main", "sleep 600")
        session.command("select-pane", "-t", "main.1")
        usleep(200_000)
        session.command("select-pane", "-t", "main.0")
        usleep(300_000)
        session.send("C-c")
        let shell = session.waitForScreen { $0.contains("^C") }.screen
        #expect(!shell.contains("^[[I") && !shell.contains("^[[O"), "\(shell)")
        session.send("clear; fg", "Enter")
        let back = session.waitForScreen { $0.contains("following") && $0.contains("Profit/Loss") }
        #expect(back.matched, "\(back.screen)")
        session.send("q")
        let prompt = session.waitForScreen { screen in
            !screen.contains("following") && screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.hasSuffix("#") == true
        }
        #expect(prompt.matched, "the shell's prompt after q: \(prompt.screen)")
    }
}
