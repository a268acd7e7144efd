import Foundation
import Testing
import TestSupport

/// Whatever ends the real binary, the terminal is given back: crashes (a Swift trap is SIGILL or
/// SIGTRAP), the signals that end it, and the ones it ignores on purpose.
@Suite(.serialized) struct CrashEndToEndTests {
    private func dashboard(state: String) throws -> (TmuxSession, RunDirectory) {
        let run = try RunDirectory()
        run.append(episodes: 0..<5)
        let session = TmuxSession(arguments: ["--run", run.path], environment: ["XDG_STATE_HOME": state])
        #expect(session.waitForScreen { $0.contains("5 logged") }.matched)
        return (session, run)
    }

    /// A dashboard with its crash reports under `state`, sent `signal`; checks the exit code and
    /// the terminal's mode, and returns the session to look at.
    private func signalled(_ signal: Int32, state: String) throws -> TmuxSession {
        let (session, _) = try dashboard(state: state)
        kill(try #require(session.dashboardPID()), signal)
        let ending = session.waitForExit()
        #expect(ending.status == 128 + signal)
        #expect(TmuxSession.restored(ending.terminalMode), "\(ending.terminalMode)")
        return session
    }

    @Test(arguments: [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE])
    func aCrashRestoresTheTerminalSaysSoAndLeavesABacktrace(signal: Int32) throws {
        let state = NSTemporaryDirectory() + "nexlify-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let session = try signalled(signal, state: state)
        let screen = session.capture()
        #expect(screen.contains("nexlify-tui: crashed ("), "\(screen)")
        #expect(!screen.contains("╭"), "the alternate screen was left: \(screen)")
        let reports = try FileManager.default.contentsOfDirectory(atPath: state + "/nexlify-tui")
        #expect(reports.count == 1 && reports[0].hasPrefix("crash-"))
        let report = try String(contentsOfFile: state + "/nexlify-tui/" + reports[0], encoding: .utf8)
        #expect(report.contains("Backtrace:") && report.split(separator: "\n").count > 3)
    }

    @Test(arguments: [SIGUSR2, SIGALRM])
    func usr2AndAlarmEndItTheSameWayWithoutAReport(signal: Int32) throws {
        let state = NSTemporaryDirectory() + "nexlify-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let session = try signalled(signal, state: state)
        #expect(session.capture().contains("nexlify-tui: stopped by SIG"))
        #expect(!FileManager.default.fileExists(atPath: state + "/nexlify-tui"))
    }

    /// Every signal whose default action ends a process, found by sending each one to a child
    /// with default dispositions (not taken from our own list): 1–31 and the real-time ones.
    static let terminatingSignals: [Int32] = {
        let script = """
            import os, signal, time
            for n in range(1, signal.SIGRTMAX + 1):
                if n in (signal.SIGKILL, signal.SIGSTOP):
                    continue
                pid = os.fork()
                if pid == 0:
                    try:
                        signal.signal(n, signal.SIG_DFL)
                        signal.pthread_sigmask(signal.SIG_UNBLOCK, [n])
                    except (OSError, ValueError):
                        os._exit(0)
                    os.kill(os.getpid(), n)
                    time.sleep(0.3)
                    os._exit(0)
                _, status = os.waitpid(pid, os.WUNTRACED)
                if os.WIFSTOPPED(status):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                elif os.WIFSIGNALED(status):
                    print(n)
            """
        return Spawn.run("/usr/bin/python3", ["-c", script]).split(separator: "\n").compactMap { Int32($0) }
    }()

    /// Each of them, sent to the dashboard, leaves the terminal as it was: the program quits
    /// (128 + the signal) or, for SIGPIPE and SIGUSR1, ignores it and goes on.
    @Test func everySignalThatWouldEndItGivesTheTerminalBack() throws {
        let signals = Self.terminatingSignals
        #expect(signals.count > 40 && [SIGXCPU, SIGSYS, SIGVTALRM, SIGPROF, SIGTERM].allSatisfy(signals.contains), "\(signals)")
        let state = NSTemporaryDirectory() + "nexlify-state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        for signal in signals {
            let (session, _) = try dashboard(state: state)
            let pid = try #require(session.dashboardPID())
            kill(pid, signal)
            if signal == SIGPIPE || signal == SIGUSR1 {
                usleep(200_000)
                #expect(kill(pid, 0) == 0, "signal \(signal) ended it")
                session.send("q")
            }
            let ending = session.waitForExit()
            let expected = signal == SIGPIPE || signal == SIGUSR1 ? 0 : 128 + signal
            #expect(ending.status == expected, "signal \(signal)")
            #expect(TmuxSession.restored(ending.terminalMode), "signal \(signal): \(ending.terminalMode)")
        }
    }

    /// The crash line names the report's path from `$XDG_STATE_HOME`: escaped, never raw.
    @Test func theCrashFilesPathIsEscapedInTheCrashLine() throws {
        let state = NSTemporaryDirectory() + "nexlify-state-\(UUID().uuidString)-\u{1B}]2;owned\u{07}"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let session = try signalled(SIGSEGV, state: state)
        let screen = session.capture().replacingOccurrences(of: "\n", with: "")
        #expect(screen.contains("\\u001b]2;owned\\u0007/nexlify-tui/crash-"), "\(screen)")
        #expect(session.display("#{pane_title}") != "owned")
        #expect(try FileManager.default.contentsOfDirectory(atPath: state + "/nexlify-tui").count == 1)
    }

    @Test func pipeAndUsr1AreIgnoredAndQStillQuits() throws {
        let (session, run) = try dashboard(state: NSTemporaryDirectory())
        let pid = try #require(session.dashboardPID())
        kill(pid, SIGPIPE)
        kill(pid, SIGUSR1)
        run.append(episodes: 5..<6)
        #expect(session.waitForScreen { $0.contains("6 logged") }.matched, "the dashboard stopped following")
        session.send("q")
        let ending = session.waitForExit()
        #expect(ending.status == 0)
        #expect(TmuxSession.restored(ending.terminalMode))
    }

    @Test func aHugeWindowGetsAMessageNotGigabytes() throws {
        let run = try RunDirectory()
        run.append(episodes: 0..<5)
        let session = TmuxSession(arguments: ["--run", run.path], before: "stty rows 4000 cols 9000; ")
        #expect(session.waitForScreen { $0.contains("9000×4000 cells") }.matched)
        let pid = try #require(session.dashboardPID())
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
        #expect((peak ?? .max) < 300_000, "peak RSS \(peak ?? -1) kB")
        let start = Date()
        session.send("q")
        #expect(session.waitForExit().status == 0)
        #expect(Date().timeIntervalSince(start) < 3)
    }
}
