import Foundation
import MetricsKit
import Testing
import TestSupport

@Suite struct ExperimentsCommandTests {
    @Test func listShowLeaderboardCompareExportArchiveDelete() throws {
        let scratch = ScratchDirectory()
        let directory = scratch.path + "/experiments"
        let tracker = ExperimentTracker(experimentsDir: directory)
        let fast = try tracker.createExperiment(name: "fast", hyperparameters: ["lr": .number(0.01)], tags: ["dqn"])
        let slow = try tracker.createExperiment(name: "slow", hyperparameters: ["lr": .number(0.001)], tags: ["dqn"])
        try tracker.logResult(fast, episode: 0, metrics: ["profit": 30])
        try tracker.logResult(slow, episode: 0, metrics: ["profit": 70])
        scratch.write("experiments/broken/experiment.json", "{")

        let list = try BinaryRunner.run(["experiments", "list", "--dir", directory])
        #expect(list.status == 0 && list.standardOutput.contains("broken  UNREADABLE") && list.standardOutput.contains("\(fast)  running  [dqn]"))
        let board = try BinaryRunner.run(["experiments", "leaderboard", "--dir", directory, "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(board.standardOutput.utf8)) as! [[String: Any]]
        #expect(rows.map { $0["id"] as? String } == [slow, fast] && rows.map { $0["rank"] as? Int } == [1, 2])
        let show = try BinaryRunner.run(["experiments", "show", fast, "--dir", directory])
        #expect(show.standardOutput.contains("lr = 0.01") && show.standardOutput.contains("results: 1"))
        let compare = try BinaryRunner.run(["experiments", "compare", fast, slow, "--dir", directory])
        #expect(compare.standardOutput.contains("differs: lr"))
        let export = try BinaryRunner.run(["experiments", "export", fast, slow, "--format", "csv", "--dir", directory])
        let csv = try String(contentsOfFile: export.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
        #expect(csv.hasPrefix("id,name,status,lr,profit_final"))
        #expect(try BinaryRunner.run(["experiments", "archive", fast, "--dir", directory]).status == 0)
        #expect(try BinaryRunner.run(["experiments", "delete", slow, "--dir", directory]).status == 1)
        #expect(try BinaryRunner.run(["experiments", "delete", slow, "--dir", directory, "--yes"]).status == 0)
        let missing = try BinaryRunner.run(["experiments", "show", slow, "--dir", directory])
        #expect(missing.status == 2 && missing.standardError.contains("no experiment \(slow)"))
    }
}
