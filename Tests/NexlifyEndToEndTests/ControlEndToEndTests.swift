import Foundation
import Testing

/// `S` in the real binary, in tmux, on a run that a real Python loop (the `python/` package's
/// `MetricsLogger`) is writing: after `y` the loop's `should_stop()` turns true within a second,
/// the loop ends, and the dashboard says the trainer saw the request.
@Suite(.serialized) struct ControlEndToEndTests {
    private static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("python").path

    /// Logs an episode every 50 ms until the dashboard asks it to stop; then writes when it saw
    /// the request and how many episodes it logged.
    private static let trainer = #"""
        import json, sys, time
        sys.path.insert(0, sys.argv[1])
        from nexlify_tui import MetricsLogger
        logger = MetricsLogger("dqn", output_dir=sys.argv[2], flush_latency=0.1)
        episode = 0
        while not logger.should_stop():
            logger.log_episode(episode, profit=float(episode % 17), epsilon=max(0.05, 1 - episode / 200))
            episode += 1
            time.sleep(0.05)
            if episode > 6000:
                sys.exit("never asked to stop")
        seen = time.time()
        logger.close()
        with open(sys.argv[2] + "/stopped.json", "w") as handle:
            json.dump({"seen": seen, "episodes": episode}, handle)
        """#

    @Test func stopConfirmedWithYStopsARealPythonLoopWithinASecond() throws {
        let logs = NSTemporaryDirectory() + "nexlify-e2e-control-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: logs) }
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let loop = Process()
        loop.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        loop.arguments = ["python3", "-c", Self.trainer, Self.package, logs]
        try loop.run()
        defer { if loop.isRunning { loop.terminate() } }
        let run = logs + "/dqn"
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: run + "/episodes.jsonl") && Date() < deadline { usleep(50_000) }

        let session = TmuxSession(arguments: ["--run", run, "--refresh", "0.5"], width: 140, height: 40)
        #expect(session.waitForScreen { $0.contains("following") }.matched)
        session.send("S")
        let asked = session.waitForScreen { $0.contains("stop the run? y: yes, any other key: no") }
        #expect(asked.matched, "\(asked.screen)")
        // Any other key cancels: nothing is written.
        session.send("n")
        #expect(session.waitForScreen { !$0.contains("stop the run?") }.matched)
        #expect(!FileManager.default.fileExists(atPath: run + "/control.json"))
        #expect(loop.isRunning)

        session.send("S")
        #expect(session.waitForScreen { $0.contains("stop the run?") }.matched)
        session.send("y")
        let stopped = Date().addingTimeInterval(10)
        while loop.isRunning && Date() < stopped { usleep(20_000) }
        #expect(!loop.isRunning && loop.terminationStatus == 0, "the loop ended on its own")

        let control = try #require(ControlFile.read(run + "/control.json"))
        #expect(control.request == "stop" && control.acknowledged != nil)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: logs + "/stopped.json"))) as? [String: Double]
        let seen = try #require(report?["seen"])
        #expect(seen - control.at <= 1.0 + 0.2, "should_stop() saw it \(seen - control.at) s after it was written")
        let acknowledged = session.waitForScreen { $0.contains("stop seen by the trainer") }
        #expect(acknowledged.matched, "\(acknowledged.screen)")
        // The run finished (the logger closed) and the request is in the audit trail.
        #expect(session.waitForScreen { $0.contains("finished") }.matched)
        let audit = try String(contentsOfFile: run + "/alerts.jsonl", encoding: .utf8)
        #expect(audit.contains("\"type\":\"control\",\"request\":\"stop\""))
        session.send("q")
        let exit = session.waitForExit()
        #expect(exit.status == 0 && TmuxSession.restored(exit.terminalMode))
    }
}

/// The fields of `control.json` the test checks, read with the test's own JSON reader.
private enum ControlFile {
    static func read(_ path: String) -> (request: String, at: Double, acknowledged: Double?)? {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let request = object["request"] as? String, let at = (object["at"] as? String).flatMap(time) else { return nil }
        return (request, at, (object["acknowledged_at"] as? String).flatMap(time))
    }

    private static func time(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
