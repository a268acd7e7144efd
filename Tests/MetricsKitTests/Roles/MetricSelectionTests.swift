import Foundation
import Testing
import TestSupport
@testable import MetricsKit

/// A reading that leaves out the metrics a summary does not need gives the summary of reading
/// everything: the fixtures of every format, and CSV logs whose rows hold values only in
/// columns left unread, Python lists, quoted cells, a header rewritten with a new column, and
/// names that play a role only loosely (`Train/Loss`).
@Suite struct MetricSelectionTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").path

    private func summaries(_ path: String) throws -> (selected: String, whole: String, readMetrics: Int) {
        let selected = try RunSource(path: path, mustExist: true, selection: RunSummary.selection)
        selected.readToEnd()
        let whole = try RunSource(path: path, mustExist: true)
        whole.readToEnd()
        func summary(_ source: RunSource) -> String {
            RunSummary(store: source.store, skippedLines: source.skipped.count, writerStatistics: source.writerStatistics, xAxis: source.layout.xAxis).json()
        }
        return (summary(selected), summary(whole), selected.store.episodeMetricNames.count)
    }

    @Test(arguments: ["sb3/ppo-cartpole", "sb3/dqn-cartpole", "sb3/ppo-cartpole/progress.csv", "tensorboard/scalars", "tensorboard/two-files"])
    func aFixtureSummarisesAsWhenReadWhole(_ name: String) throws {
        let (selected, whole, _) = try summaries((Self.fixtures as NSString).appendingPathComponent(name))
        #expect(selected == whole)
    }

    @Test func anSB3ProgressFileReadsOnlyTheColumnsASummaryNeeds() throws {
        let (_, _, read) = try summaries((Self.fixtures as NSString).appendingPathComponent("sb3/ppo-cartpole/progress.csv"))
        #expect(read <= 5, "profit, loss, the step, the monitor's length and time: \(read) metrics read")
    }

    @Test func csvLogsSummariseAsWhenReadWhole() throws {
        let directory = TemporaryDirectory("selection")
        let logs = [
            // No episode column: a row with a value only in an unread column is still a row.
            "rows.csv": "time/fps,rollout/ep_rew_mean,train/loss\n100,1.5,0.3\n120,,\n,,\n130,2.5,0.2\n,nan,\n\"140\",\"3.5\",\n",
            // A Python list in an unread column, the only value of its row.
            "lists.csv": "gradients,profit\n\"[1.0, 2.0]\",\n,4\n\"[3.0]\",5\n",
            // Loose names, an episode column, a header rewritten with a new column.
            "metrics.csv": "episode,Train/Loss,custom/sharpe,extra\n0,0.5,1.0,9\n1,0.4,,9\nepisode,Train/Loss,custom/sharpe,extra,Epsilon\n2,0.3,1.2,9,0.9\n",
        ]
        for (name, text) in logs {
            directory.write(name, text)
            let (selected, whole, _) = try summaries(directory.file(name))
            #expect(selected == whole, "\(name)")
        }
    }

    /// `RunSummary.selection` names the roles the summary reads: a log with a column for every
    /// role summarises as when read whole, so a role read by the summary and missing from the
    /// selection fails here (not only where a fixture happens to have that metric).
    @Test func aLogWithEveryRoleSummarisesAsWhenReadWhole() throws {
        let directory = TemporaryDirectory("selection-roles")
        let names = MetricRole.allCases.map(\.guideName)
        let rows = (0..<20).map { row in "\(row)," + names.indices.map { String(Double(row * 7 + $0 * 3 % 11) / 4 - 1) }.joined(separator: ",") }
        directory.write("metrics.csv", (["episode," + names.joined(separator: ",")] + rows).joined(separator: "\n") + "\n")
        let (selected, whole, read) = try summaries(directory.file("metrics.csv"))
        #expect(selected == whole)
        #expect(read < names.count, "\(read) of \(names.count) metrics read")
    }

    @Test func eachFileKeepsItsBestCandidateForEachRole() {
        let selection = MetricSelection(roles: [.profit, .loss]).keeping(["time/total_timesteps"])
        #expect(selection.kept(among: ["rollout/ep_len_mean", "rollout/ep_rew_mean", "train/loss", "time/fps", "time/total_timesteps"])
            == ["rollout/ep_rew_mean", "train/loss", "time/total_timesteps"])
        #expect(selection.kept(among: ["profit", "custom/pnl"]) == ["profit"])
        #expect(selection.kept(among: ["fps"]).isEmpty)
    }
}
