import Foundation
import Testing
import TestSupport

/// Inputs that once killed the process (Foundation's JSON5 decoder trapped on them), through
/// every surface that reads a file: each command answers, says what it skipped, and exits
/// with its usual status.
@Suite struct PoisonInputTests {
    /// An exponent without digits behind a comment holding a quote; `1e-`; invalid UTF-8 in a
    /// key (valid JSON once the bytes are replaced: an object with an unknown key).
    static let poisons: [[UInt8]] = [Array(#"/*"*/2E+"#.utf8), Array(#"{"a": 1e-}"#.utf8), [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]]

    private func write(_ path: String, _ parts: [[UInt8]]) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(parts.joined()))
    }

    private func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    @Test(arguments: 0..<3)
    func everySurfaceSurvives(poison: Int) throws {
        let bytes = Self.poisons[poison]
        let scratch = ScratchDirectory()
        let run = scratch.path + "/run"
        write(run + "/episodes.jsonl", [line(#"{"episode": 0, "profit": 1}"#), bytes, [0x0A], line(#"{"episode": 1, "profit": 2}"#)])
        write(run + "/model_metrics.jsonl", [bytes, [0x0A], line(#"{"loss": 0.5}"#)])
        write(scratch.path + "/snap/metrics.json", [Array(#"{"episodes": [{"episode": 0, "profit": 1}, "#.utf8), bytes, Array("]}".utf8)])
        write(scratch.path + "/csv/metrics.csv", [line("episode,profit,q_values"), Array("0,1,\"".utf8), bytes, line("\""), line("1,2,\"[1, 2]\"")])
        write(scratch.path + "/config.json", [bytes])
        write(scratch.path + "/experiments/exp/experiment.json", [bytes])
        write(scratch.path + "/experiments/exp/results.jsonl", [line(#"{"episode": 0, "profit": 1}"#)])

        let summary = try BinaryRunner.run(["summary", "--run", run, "--json"])
        #expect(summary.status == 0 && summary.standardOutput.contains("\"episodes\": 2"), "\(summary.standardOutput)\(summary.standardError)")
        let snapshot = try BinaryRunner.run(["snapshot", "--run", run])
        #expect(snapshot.status == 0 && snapshot.standardOutput.contains("2 logged"))
        // The snapshot keeps its good records; the poisoned element is skipped and said so.
        let document = try BinaryRunner.run(["summary", "--run", scratch.path + "/snap"])
        let validJSON = poison == 2
        #expect(document.status == 0 && document.standardOutput.contains("episodes                  1"), "\(document.standardOutput)")
        #expect(validJSON ? document.standardError.contains("no episode number") : document.standardError.contains("episodes[1]: not valid JSON"), "\(document.standardError)")
        let csv = try BinaryRunner.run(["summary", "--run", scratch.path + "/csv", "--json"])
        #expect(csv.status == 0 && csv.standardOutput.contains("\"episodes\": 2"), "\(csv.standardOutput)\(csv.standardError)")
        let watch = try BinaryRunner.run(["watch", "--run", run, "--once", "--config", scratch.path + "/config.json"])
        #expect(validJSON || watch.status == 2 && watch.standardError.contains("invalid alert configuration"), "\(watch.standardError)")
        let list = try BinaryRunner.run(["experiments", "list", "--dir", scratch.path + "/experiments"])
        #expect(list.status == 0 && list.standardOutput.contains("exp  UNREADABLE"))
        let table = try BinaryRunner.run(["snapshot", "--run", scratch.path + "/experiments"])
        #expect(table.status == 0 && table.standardOutput.contains("1 runs") || table.standardOutput.contains("1 run"), "\(table.standardOutput)")
        for result in [summary, snapshot, document, csv, watch, list, table] {
            #expect(result.status < 128, "killed by signal \(result.status - 128)")
        }
    }
}
