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
}
