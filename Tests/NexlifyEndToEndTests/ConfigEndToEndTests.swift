import Foundation
import Testing
import TestSupport

/// `nexlify-tui --config neural_config.json` as the guide's users have it: the file says where the
/// runs are and how to show them; flags win over it.
@Suite(.serialized) struct ConfigEndToEndTests {
    @Test func theConfigOpensItsOutputDirAndFlagsWin() throws {
        let parent = NSTemporaryDirectory() + "nexlify-e2e-config-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try RunDirectory(name: "dqn", in: parent + "/training_logs")
        run.append(episodes: 0..<17)
        let other = try RunDirectory(name: "other", in: parent + "/elsewhere")
        other.append(episodes: 0..<4)
        let config = parent + "/neural_config.json"
        try #"{"app": {"x": 1}, "training_dashboard": {"update_interval_ms": 500, "theme": "light", "metrics_logging": {"output_dir": "\#(parent)/training_logs/dqn"}, "alerts": {"enabled": false}}}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let session = TmuxSession(arguments: ["--config", config])
        #expect(session.waitForScreen { $0.contains("17 logged") }.matched, "opened the config's output_dir")
        run.append(episodes: 17..<18)
        let start = Date()
        #expect(session.waitForScreen(timeout: 3) { $0.contains("18 logged") }.matched)
        #expect(Date().timeIntervalSince(start) < 1.5, "the config's 500 ms refresh")
        session.send("q")
        #expect(session.waitForExit().status == 0)

        let flagged = TmuxSession(arguments: ["--config", config, "--run", other.path])
        #expect(flagged.waitForScreen { $0.contains("4 logged") }.matched, "--run wins over the config")
        flagged.send("q")
        #expect(flagged.waitForExit().status == 0)

        try #"{"training_dashboard": {"update_interval_ms": "soon"}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let rejected = try BinaryRunner.run(["--config", config])
        #expect(rejected.status == 2 && rejected.standardError.contains("training_dashboard.update_interval_ms: expected a number from 250 to 60000"), "\(rejected.standardError)")
    }
}
