import Foundation
import Testing

/// The real binary in a real tmux session, as a person over SSH would use it.
@Suite(.serialized) struct DashboardEndToEndTests {
    @Test func anAppendedEpisodeShowsWithinOneRefresh() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<20)
        let session = TmuxSession(arguments: ["--run", run.path, "--refresh", "1"])
        #expect(session.waitForScreen { $0.contains("20 logged") }.matched)
        run.append(episodes: 20..<21, profit: { _ in 4321 })
        let start = Date()
        let (matched, screen) = session.waitForScreen(timeout: 5) { $0.contains("21 logged") && $0.contains("4.32k") }
        #expect(matched, "\(screen)")
        #expect(Date().timeIntervalSince(start) < 2.0, "took longer than one refresh (1 s) plus slack")
    }

    /// The run's files changing wakes the dashboard: at a 60 s refresh an episode appended after a
    /// quiet second is on screen within 0.3 s (the tick is the fallback where no change is notified).
    @Test func aWriteIsOnScreenAtOnceWhateverTheRefresh() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<20)
        let session = TmuxSession(arguments: ["--run", run.path, "--refresh", "60"])
        #expect(session.waitForScreen { $0.contains("20 logged") }.matched)
        for episode in 20..<23 {
            Thread.sleep(forTimeInterval: 1.1)
            run.append(episodes: episode..<(episode + 1), profit: { _ in 4321 })
            let start = Date()
            let (matched, screen) = session.waitForScreen(timeout: 5) { $0.contains("\(episode + 1) logged") }
            #expect(matched, "\(screen)")
            #expect(Date().timeIntervalSince(start) < 0.3, "episode \(episode) took \(Date().timeIntervalSince(start)) s")
        }
    }

    @Test func resizingSwitchesLayoutAndHelpAndQuitWork() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<50)
        let session = TmuxSession(arguments: ["--run", run.path], width: 120, height: 40)
        #expect(session.waitForScreen { $0.contains("8 Q-values") && $0.contains("Best profit") }.matched)
        session.resize(width: 60, height: 30)
        // Waits for the whole narrow frame (its key hint is drawn last): a capture can fall mid-frame.
        let narrow = session.waitForScreen { screen in
            screen.split(separator: "\n").first.map { $0.hasPrefix(" Episode") } == true && !screen.contains("8 Q-values")
                && screen.contains("j/k")
        }
        #expect(narrow.matched, "\(narrow.screen)")
        session.send("?")
        #expect(session.waitForScreen { $0.contains("Keys") && $0.contains("zoom one panel") }.matched)
        session.send("Escape")
        #expect(session.waitForScreen { !$0.contains("zoom one panel") }.matched)
        session.send("q")
        let ending = session.waitForExit()
        #expect(ending.status == 0)
        #expect(TmuxSession.restored(ending.terminalMode), "\(ending.terminalMode)")
        #expect(session.waitForScreen { !$0.contains("╭") }.matched, "the dashboard's frame was left on the screen")
    }

    @Test func aDroppedSSHLinkEndsCleanly() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<5)
        let session = TmuxSession(arguments: ["--run", run.path])
        #expect(session.waitForScreen { $0.contains("5 logged") }.matched)
        let pid = try #require(session.dashboardPID())
        kill(pid, SIGHUP)
        let ending = session.waitForExit()
        #expect(ending.status == 128 + SIGHUP)
        #expect(TmuxSession.restored(ending.terminalMode), "\(ending.terminalMode)")
    }

    @Test func ctrlCAndSigtermRestoreTheTerminal() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<5)
        let interrupted = TmuxSession(arguments: ["--run", run.path])
        #expect(interrupted.waitForScreen { $0.contains("5 logged") }.matched)
        interrupted.send("C-c")
        let afterInterrupt = interrupted.waitForExit()
        #expect(afterInterrupt.status == 128 + SIGINT)
        #expect(TmuxSession.restored(afterInterrupt.terminalMode))
        let terminated = TmuxSession(arguments: ["--run", run.path])
        #expect(terminated.waitForScreen { $0.contains("5 logged") }.matched)
        kill(try #require(terminated.dashboardPID()), SIGTERM)
        let afterTerm = terminated.waitForExit()
        #expect(afterTerm.status == 128 + SIGTERM)
        #expect(TmuxSession.restored(afterTerm.terminalMode))
    }

    @Test func escapeSequencesInLogsNeverReachTheTerminal() throws {
        // The run's directory name and a metric name carry a "set window title" sequence.
        let run = try RunDirectory(name: "run\u{1B}]2;PWNED\u{07}\u{1B}[2J")
        run.append(episodes: 0..<10, extra: #", "\u001b]2;PWNED\u0007": 1"#)
        let session = TmuxSession(arguments: ["--run", run.path])
        let (matched, screen) = session.waitForScreen { $0.contains("10 logged") }
        #expect(matched)
        #expect(session.display("#{pane_title}") != "PWNED")
        let colored = session.capture(escapes: true)
        #expect(!colored.contains("\u{1B}]"))
        #expect(screen.contains("]2;PWNED"), "the sanitised path is still shown")
        session.send("q")
        #expect(session.waitForExit().status == 0)
    }

    @Test func aPlainCLocaleStillGetsBraille() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<40)
        let session = TmuxSession(arguments: ["--run", run.path], locale: "C")
        let (matched, screen) = session.waitForScreen { $0.contains("40 logged") }
        #expect(matched)
        #expect(screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "\(screen)")
        session.send("q")
        #expect(session.waitForExit().status == 0)
    }

    @Test func theDemoRunsWithNoLogAtAll() throws {
        let session = TmuxSession(arguments: ["--demo", "--refresh", "0.5"], width: 200, height: 50)
        // The first frame may come before the demo's first episodes: wait for charts drawn.
        func drawn(_ screen: String) -> Bool { screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }
        let (matched, screen) = session.waitForScreen { $0.contains("Q-values") && $0.contains(" logged") && $0.contains("following") && drawn($0) }
        #expect(matched, "no braille drawn: \(screen)")
        session.send("q")
        #expect(session.waitForExit().status == 0)
    }
}
