import Foundation
import Testing
import TestSupport

@Suite struct SummaryCommandTests {
    private func summary(_ path: String) throws -> [String: Any] {
        let output = try BinaryRunner.run(["summary", "--run", path, "--json"])
        #expect(output.status == 0, "\(output.standardError)")
        return try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as! [String: Any]
    }

    @Test func jsonHasExactlyTheDocumentedKeysAndValues() throws {
        let scratch = ScratchDirectory()
        // 120 episodes written out of order, one duplicate, one NaN profit, garbage lines,
        // a non-finite latest Sharpe, and model metrics whose last loss is the latest loss.
        var lines: [String] = []
        var profits: [Int: Double] = [:]
        for episode in (0..<120).reversed() {
            let profit = episode == 50 ? Double.nan : Double((episode * 37) % 101) - 40
            profits[episode] = profit
            let profitText = profit.isNaN ? "NaN" : "\(profit)"
            let sharpe = episode == 119 ? "Infinity" : "\(Double(episode) / 100)"
            lines.append(#"{"episode": \#(episode), "profit": \#(profitText), "sharpe": \#(sharpe), "epsilon": \#(1.0 / Double(episode + 1)), "loss": 9}"#)
        }
        lines.append(#"{"episode": 7, "profit": 99999}"#)
        lines.append("{broken")
        lines.append("\u{1B}[31mnot json")
        scratch.write("run/episodes.jsonl", lines.joined(separator: "\n") + "\n")
        scratch.write("run/model_metrics.jsonl", #"{"episode": 1, "loss": 0.5}"# + "\n" + #"{"episode": 2, "loss": 0.25, "q_values": [1, 2]}"# + "\n")

        let json = try summary(scratch.path + "/run")
        #expect(Set(json.keys) == ["episodes", "latest_episode", "best_profit", "best_episode", "average_profit", "recent_average_profit", "latest_sharpe", "latest_epsilon", "latest_loss", "skipped_lines", "x_axis"])
        #expect(json["x_axis"] as? String == "episode")
        let finite = profits.filter { $0.value.isFinite }
        let best = finite.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
        let recent = (70..<120).compactMap { profits[$0] }.filter(\.isFinite)
        #expect(json["episodes"] as? Int == 120)
        #expect(json["latest_episode"] as? Int == 119)
        #expect(json["best_profit"] as? Double == best.value)
        #expect(json["best_episode"] as? Int == best.key)
        #expect(abs((json["average_profit"] as! Double) - finite.values.reduce(0, +) / Double(finite.count)) < 1e-9)
        #expect(abs((json["recent_average_profit"] as! Double) - recent.reduce(0, +) / Double(recent.count)) < 1e-9)
        #expect(json["latest_sharpe"] is NSNull)
        #expect(json["latest_epsilon"] as? Double == 1.0 / 120)
        #expect(json["latest_loss"] as? Double == 0.25)
        #expect(json["skipped_lines"] as? Int == 2)
    }

    @Test func readsSnapshotsAndCSVRunsAndSingleFiles() throws {
        let scratch = ScratchDirectory()
        scratch.write("json/metrics.json", #"{"experiment_name": "x", "episodes": [{"episode": 0, "profit": 1}, {"episode": 1, "profit": 3, "loss": 0.5}], "model_metrics": []}"#)
        scratch.write("csv/metrics.csv", "episode,profit,sharpe\n0,1,0.5\n1,-1,nan\n")
        let single = scratch.write("one.jsonl", #"{"ep": 5, "pnl": 2.5}"# + "\n")

        let fromJSON = try summary(scratch.path + "/json")
        #expect(fromJSON["episodes"] as? Int == 2)
        #expect(fromJSON["best_profit"] as? Double == 3)
        #expect(fromJSON["latest_loss"] as? Double == 0.5)
        let fromCSV = try summary(scratch.path + "/csv")
        #expect(fromCSV["average_profit"] as? Double == 0)
        #expect(fromCSV["latest_sharpe"] is NSNull)
        let fromFile = try summary(single)
        #expect(fromFile["latest_episode"] as? Int == 5)
        #expect(fromFile["latest_epsilon"] is NSNull)
    }

    /// A guide snapshot cut short (being written, or a disk that filled) gives what it holds,
    /// and says on stderr that it was cut short.
    @Test func aSnapshotCutShortIsReadAndSaysSo() throws {
        let scratch = ScratchDirectory()
        let episodes = (0..<5).map { #"{"timestamp": "2026-12-01T06:20:4\#($0).5", "episode": \#($0), "profit": \#($0).5}"# }
        scratch.write("dqn_20261201_062048.json", #"{"experiment_name": "dqn", "timestamp": "20261201_062048", "episode_metrics": ["# + "\n"
                      + episodes.joined(separator: ",\n") + ",\n" + #"{"timestamp": "2026-12-01T06:20:49.5", "epis"#)
        let output = try BinaryRunner.run(["summary", "--run", scratch.path + "/dqn_20261201_062048.json"])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("episodes                  5"), "\(output.standardOutput)")
        #expect(output.standardError.contains("dqn_20261201_062048.json: cut short"), "\(output.standardError)")
    }

    @Test func aLastLineWithoutANewlineIsStillRead() throws {
        let scratch = ScratchDirectory()
        scratch.write("run/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n" + #"{"episode": 1, "profit": 2}"#)
        #expect(try summary(scratch.path + "/run")["episodes"] as? Int == 2)
    }

    @Test func problemsExitNonZeroWithOneClearLine() throws {
        let scratch = ScratchDirectory()
        let missing = try BinaryRunner.run(["summary", "--run", scratch.path + "/nope", "--json"])
        #expect(missing.status != 0)
        #expect(missing.standardOutput.isEmpty)
        #expect(missing.standardError.split(separator: "\n").count == 1)
        #expect(missing.standardError.contains("no such file or directory"))
        #expect(missing.standardError.contains("expected"))

        scratch.write("empty/.keep", "")
        let empty = try BinaryRunner.run(["summary", "--run", scratch.path + "/empty"])
        #expect(empty.status != 0)
        #expect(empty.standardError.contains("no readable log records"))

        let garbage = scratch.write("garbage.jsonl", "hello\nworld\n")
        let unreadable = try BinaryRunner.run(["summary", "--run", garbage, "--json"])
        #expect(unreadable.status != 0)
        #expect(unreadable.standardError.contains("2 malformed lines skipped"))

        let wrongKind = scratch.write("notes.txt", "hi")
        let wrong = try BinaryRunner.run(["summary", "--run", wrongKind])
        #expect(wrong.status != 0)
        #expect(wrong.standardError.contains("not a log this tool reads"))
    }

    @Test func helpAndVersionWork() throws {
        let help = try BinaryRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("summary"))
        #expect(help.standardOutput.contains("nexlify-tui --demo"))
        #expect(help.standardOutput.contains("dashboard (default)"))
        let dashboardHelp = try BinaryRunner.run(["dashboard", "--help"])
        for option in ["--run", "--experiments", "--demo", "--refresh", "--theme", "--ascii", "Dashboard keys:", "compare the marked runs"] {
            #expect(dashboardHelp.standardOutput.contains(option), "\(option)")
        }
        #expect(help.standardOutput.contains("nexlify-tui --experiments experiments/"))
        let missing = try BinaryRunner.run(["--experiments", "/nonexistent/experiments"])
        #expect(missing.status == 2 && missing.standardError.contains("/nonexistent/experiments: no such directory"), "\(missing.standardError)")
        let snapshotHelp = try BinaryRunner.run(["snapshot", "--help"])
        #expect(snapshotHelp.standardOutput.contains("--compare"))
        let version = try BinaryRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let summaryHelp = try BinaryRunner.run(["summary", "--help"])
        #expect(summaryHelp.standardOutput.contains("--run"))
        #expect(summaryHelp.standardOutput.contains("recent_average_profit"))
    }
}
