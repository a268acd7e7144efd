import Foundation
import Testing

/// 5,000 runs at the usual limit of 1,024 open files: every run is read with the right figures,
/// because a run read to its end holds no descriptor.
@Suite(.serialized) struct RunsScaleEndToEndTests {
    @Test func fiveThousandRunsAtUlimit1024AreAllRead() throws {
        let parent = NSTemporaryDirectory() + "nexlify-e2e-scale-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: parent) }
        for run in 0..<5_000 {
            let directory = parent + String(format: "/run%05d", run)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let lines = (0..<3).map { #"{"episode": \#($0), "profit": \#(run + $0)}"# + "\n" }.joined()
            try Data(lines.utf8).write(to: URL(fileURLWithPath: directory + "/episodes.jsonl"))
        }
        let session = TmuxSession(arguments: ["--run", parent], width: 160, height: 40, before: "ulimit -n 1024; ")
        #expect(session.waitForScreen(timeout: 30) { $0.contains("5000 runs") }.matched)
        // s s: sort by episodes, S: fewest first. A run that could not be read would show 0 first.
        session.send("s", "s", "S")
        // The table fills in as runs are read; once all are, the fewest episodes shown is 3.
        let sorted = session.waitForScreen(timeout: 30) { screen in
            screen.contains("episodes▲") && screen.split(separator: "\n").first { $0.contains("  run0") }?.contains("         3 ") == true
        }
        #expect(sorted.matched, "\(sorted.screen)")
        let rows = sorted.screen.split(separator: "\n").filter { $0.contains("  run0") }
        #expect(rows.count > 20)
        #expect(rows.allSatisfy { $0.contains(" running ") && $0.contains("         3 ") }, "\(rows.prefix(3))")
        #expect(!sorted.screen.contains("waiting") && !sorted.screen.contains("Too many open files"))
        session.send("q")
        #expect(session.waitForExit().status == 0)
    }
}
