import Foundation
import Testing

/// The real binary in tmux following a run as the guide's Python MetricsLogger writes it: no run
/// directory, a new whole-history snapshot `<name>_<stamp>.json` every few episodes.
@Suite(.serialized) struct SeedRunEndToEndTests {
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/make-seed-snapshots.py").path

    @Test func aLiveSnapshotSeriesIsFollowedByItsName() throws {
        let logs = NSTemporaryDirectory() + "nexlify-e2e-seed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: logs) }
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let session = TmuxSession(arguments: ["--run", logs + "/dqn_run_20261201_062000", "--refresh", "0.5"], width: 160, height: 45)
        let waiting = session.waitForScreen { $0.contains("waiting: nothing saved yet") }
        #expect(waiting.matched, "\(waiting.screen)")
        #expect(waiting.screen.contains("enable_async"), "the status line says why a seed run may have no file yet")

        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = ["python3", Self.script, logs, "dqn_run_20261201_062000", "300", "--every", "50", "--pause", "0.4"]
        try writer.run()
        let partial = session.waitForScreen(timeout: 20) { screen in
            ["51 logged", "101 logged", "151 logged", "201 logged"].contains { screen.contains($0) }
        }
        #expect(partial.matched, "seen while it was written: \(partial.screen)")
        writer.waitUntilExit()
        let final = session.waitForScreen(timeout: 20) { $0.contains("300 logged") && $0.contains("following") }
        #expect(final.matched, "\(final.screen)")
        #expect(final.screen.contains("8 Q-values") && !final.screen.contains("no q_values in this run"))
        #expect(!final.screen.contains("no loss in this run") && !final.screen.contains("malformed"))
        #expect(final.screen.contains("logger 0.024 ms/log"))
        session.send("q")
        #expect(session.waitForExit().status == 0)
    }
}
