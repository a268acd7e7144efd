import Foundation
import Testing
import TestSupport

/// The dashboard with alerts whose receiver never answers: quitting takes the short grace, not
/// the receiver's timeouts and retries, and the undelivered alert is kept for the next start.
@Suite(.serialized) struct AlertsEndToEndTests {
    @Test(arguments: ["q", "C-c"])
    func quittingWithAHangingReceiverTakesAtMostTheGrace(key: String) throws {
        let hanging = try HTTPReceiver(answers: ["hang", "hang"])
        let run = try RunDirectory()
        run.append(episodes: 0..<5, extra: #", "loss": NaN"#)
        let config = run.path + "/../neural_config.json"
        try #"{"alerts": {"enabled": true, "webhook": {"enabled": true, "url": "\#(hanging.url)"}}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let session = TmuxSession(arguments: ["--run", run.path, "--config", config])
        #expect(session.waitForScreen { $0.contains("(2 alerts") }.matched, "the NaN alert and the best profit")
        #expect(hanging.waitForRequests(1))
        let start = Date()
        session.send(key)
        let ending = session.waitForExit(timeout: 10)
        let took = Date().timeIntervalSince(start)
        #expect(took < 3.5, "took \(took) s")
        #expect(ending.status == (key == "q" ? 0 : 128 + SIGINT))
        #expect(TmuxSession.restored(ending.terminalMode))
        #expect(session.capture().contains("not delivered yet; kept in alert_state.json"))
        #expect(try String(contentsOfFile: run.path + "/alert_state.json", encoding: .utf8).contains("\"pending\""))
    }

    /// An alert `watch` sent earlier is marked on the panel of its metric, at the episode it
    /// fired, when the dashboard opens the run; the rules' thresholds are drawn in their panels.
    @Test func alertsOfAnEarlierWatchAreMarkedOnTheirPanel() throws {
        let run = try RunDirectory()
        var episodes: [String] = []
        var models: [String] = []
        for episode in 0..<300 {
            episodes.append(#"{"episode": \#(episode), "profit": \#(10 + Double((episode * 37) % 11) - 5)}"#)
            models.append(#"{"episode": \#(episode), "loss": 0.5, "q_values": {"mean": \#(1 + 0.05 * Double(episode)), "std": 0.1}}"#)
        }
        try (episodes.joined(separator: "\n") + "\n").write(toFile: run.path + "/episodes.jsonl", atomically: true, encoding: .utf8)
        try (models.joined(separator: "\n") + "\n").write(toFile: run.path + "/model_metrics.jsonl", atomically: true, encoding: .utf8)
        let config = run.path + "/../neural_config.json"
        try #"{"alerts": {"enabled": true, "stall_seconds": 31536000, "thresholds": {"no_improvement_episodes": 100000, "critical_loss_threshold": 0.5, "min_profit_warning": -1e9}}}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let watched = try BinaryRunner.run(["watch", "--run", run.path, "--config", config, "--once"])
        #expect(watched.standardOutput.contains("Q-values overestimating"), "\(watched.standardOutput)")
        let session = TmuxSession(arguments: ["--run", run.path, "--config", config], width: 120, height: 40)
        let shown = session.waitForScreen { $0.contains("8 Q-values") && $0.contains("▲") }
        #expect(shown.matched, "\(shown.screen)")
        // The mark is on the Q-values panel's axis row (the panel is the right half of its row of panels).
        let rows = shown.screen.components(separatedBy: "\n").map { String($0.dropFirst(60)) }
        let qTitle = try #require(rows.firstIndex { $0.contains("8 Q-values") })
        let qAxis = try #require(rows[qTitle...].firstIndex { $0.contains("ep 0") })
        #expect(rows[qAxis].contains("▲"), "\(rows[qAxis])")
        session.send("q")
        #expect(session.waitForExit().status == 0)
    }
}
