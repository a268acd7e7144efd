import Foundation
import Testing

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
