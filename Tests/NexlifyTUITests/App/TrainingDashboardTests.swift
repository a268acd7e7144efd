import Foundation
import MetricsKit
import Testing
import TestSupport

/// The Swift `TrainingDashboard` in a real tmux server: the pane runs the real binary on the
/// logger's run, and `stop()` closes it.
@Suite(.serialized) struct TrainingDashboardTests {
    @discardableResult
    private func tmux(_ socket: String, _ arguments: [String], capture: Bool = true) -> String {
        Spawn.run("/usr/bin/env", ["tmux", "-S", socket] + arguments, captureOutput: capture)
    }

    @Test func insideTmuxItOpensAPaneAndStopClosesIt() throws {
        let scratch = ScratchDirectory()
        let socket = scratch.path + "/tmux.sock"
        tmux(socket, ["new-session", "-d", "-x", "200", "-y", "50", "sleep 120"], capture: false)
        defer { tmux(socket, ["kill-server"], capture: false) }
        let serverPID = tmux(socket, ["display-message", "-p", "#{pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!serverPID.isEmpty)
        let logger = MetricsLogger(experimentName: "dqn", outputDir: scratch.path + "/training_logs")
        for episode in 0..<30 { logger.logEpisode(episode: episode, profit: Double(episode)) }
        logger.close()
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = "\(socket),\(serverPID),0"
        environment["NEXLIFY_TUI"] = BinaryRunner.binary
        let dashboard = TrainingDashboard(metricsLogger: logger, updateInterval: 500, theme: "dark", environment: environment)
        #expect(dashboard.command == [BinaryRunner.binary, "--run", scratch.path + "/training_logs/dqn", "--refresh", "0.5", "--theme", "dark"])
        guard case .pane(let pane) = dashboard.start() else { Issue.record("no pane opened"); return }
        let deadline = Date().addingTimeInterval(10)
        var screen = ""
        while Date() < deadline && !screen.contains("30 logged") {
            usleep(100_000)
            screen = tmux(socket, ["capture-pane", "-p", "-t", pane])
        }
        #expect(screen.contains("30 logged"), "\(screen)")
        #expect(tmux(socket, ["display-message", "-p", "-t", pane, "#{pane_current_command}"]).contains("nexlify-tui"))
        #expect(dashboard.isRunning)
        dashboard.stop()
        #expect(!dashboard.isRunning)
        #expect(!tmux(socket, ["list-panes", "-a", "-F", "#{pane_id}"]).split(separator: "\n").contains(Substring(pane)))
    }

    @Test func outsideTmuxItSaysWhatToRunOrHowToGetTheBinary() {
        let scratch = ScratchDirectory()
        let logger = MetricsLogger(experimentName: "solo", outputDir: scratch.path)
        defer { logger.close() }
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["NEXLIFY_TUI"] = BinaryRunner.binary
        #expect(TrainingDashboard(metricsLogger: logger, environment: environment).start() == .printedCommand)
        environment["NEXLIFY_TUI"] = scratch.path + "/missing"
        let missing = TrainingDashboard(metricsLogger: logger, environment: environment)
        #expect(missing.binary == nil && missing.start() == .binaryMissing && !missing.isRunning)
    }
}
