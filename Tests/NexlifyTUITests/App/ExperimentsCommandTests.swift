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
        let board = try BinaryRunner.run(["experiments", "leaderboard", "--dir", directory, "--running", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(board.standardOutput.utf8)) as! [[String: Any]]
        #expect(rows.map { $0["id"] as? String } == [slow, fast] && rows.map { $0["rank"] as? Int } == [1, 2])
        let show = try BinaryRunner.run(["experiments", "show", fast, "--dir", directory])
        #expect(show.standardOutput.contains("lr = 0.01") && show.standardOutput.contains("results: 1"))
        let compare = try BinaryRunner.run(["experiments", "compare", fast, slow, "--dir", directory])
        #expect(compare.standardOutput.contains("differs: lr"))
        let export = try BinaryRunner.run(["experiments", "export", fast, slow, "--format", "csv", "--dir", directory])
        let csv = try String(contentsOfFile: export.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines), encoding: .utf8)
        // The metrics some result has (profit here), as the guide's comparison.
        #expect(csv.hasPrefix("id,name,status,total_episodes,lr,profit_mean,profit_std,profit_max,profit_min,profit_final\n"), "\(csv)")
        let completedOnly = try BinaryRunner.run(["experiments", "leaderboard", "--dir", directory, "--json"])
        let completedRows = try JSONSerialization.jsonObject(with: Data(completedOnly.standardOutput.utf8)) as? [Any]
        #expect(completedOnly.status == 0 && completedRows?.isEmpty == true, "\(completedOnly.standardOutput)")
        #expect(try BinaryRunner.run(["experiments", "archive", fast, "--dir", directory]).status == 0)
        #expect(try BinaryRunner.run(["experiments", "delete", slow, "--dir", directory]).status == 1)
        #expect(try BinaryRunner.run(["experiments", "delete", slow, "--dir", directory, "--yes"]).status == 0)
        let missing = try BinaryRunner.run(["experiments", "show", slow, "--dir", directory])
        #expect(missing.status == 2 && missing.standardError.contains("no experiment \(slow)"))
    }
}

/// Every `experiments` command on the guide's tracker layout (SEED-FORMATS.md): saved,
/// completed, created-and-unsaved and archived experiments.
@Suite struct SeedExperimentsCommandTests {
    private func record(_ id: String, profits: [Double], status: String) -> String {
        let results = profits.enumerated().map { #"{"episode": \#($0.offset), "timestamp": "2026-12-01T06:2\#($0.offset):00", "profit": \#($0.element), "sharpe": 1.0}"# }
        return """
            {
              "id": "\(id)", "name": "\(id.split(separator: "_")[0])", "created": "2026-12-01T06:20:47.123456",
              "hyperparameters": {"learning_rate": \(profits.count == 2 ? "0.01" : "0.001"), "layers": [64, 64]}, "description": "", "tags": ["dqn"],
              "results": [\(results.joined(separator: ", "))],
              "status": "\(status)", "best_episode": null, "final_metrics": {}\(status == "completed" ? #", "completed": "2026-12-01T07:00:00""# : "")
            }
            """
    }

    @Test func everyCommandReadsTheGuidesLayout() throws {
        let scratch = ScratchDirectory()
        let directory = scratch.path + "/experiments"
        scratch.write("experiments/fast_20261201_062047/experiment.json", record("fast_20261201_062047", profits: [10, 30], status: "completed"))
        scratch.write("experiments/slow_20261201_062048/experiment.json", record("slow_20261201_062048", profits: [5, 7, 9], status: "running"))
        try FileManager.default.createDirectory(atPath: directory + "/new_20261201_070000", withIntermediateDirectories: true)
        scratch.write("experiments/leaderboard.json", "[]")
        let list = try BinaryRunner.run(["experiments", "list", "--dir", directory])
        #expect(list.status == 0 && list.standardOutput.contains("fast_20261201_062047  completed  [dqn]") && list.standardOutput.contains("new_20261201_070000  created, not saved yet"),
                "\(list.standardOutput)")
        let show = try BinaryRunner.run(["experiments", "show", "fast_20261201_062047", "--dir", directory])
        #expect(show.standardOutput.contains("layers = [64, 64]") && show.standardOutput.contains("results: 2 (latest episode 1)"), "\(show.standardOutput)")
        let board = try BinaryRunner.run(["experiments", "leaderboard", "--dir", directory, "--running", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(board.standardOutput.utf8)) as! [[String: Any]]
        #expect(rows.map { $0["id"] as? String } == ["fast_20261201_062047", "slow_20261201_062048"])
        let compare = try BinaryRunner.run(["experiments", "compare", "fast_20261201_062047", "slow_20261201_062048", "--dir", directory])
        #expect(compare.standardOutput.contains("differs: learning_rate"), "\(compare.standardOutput)")
        let export = try BinaryRunner.run(["experiments", "export", "fast_20261201_062047", "slow_20261201_062048", "--format", "csv", "--dir", directory])
        #expect(export.status == 0)
        // Archived as the guide does: moved to archived/<id>, its embedded results kept.
        #expect(try BinaryRunner.run(["experiments", "archive", "slow_20261201_062048", "--dir", directory]).status == 0)
        let moved = try String(contentsOfFile: directory + "/archived/slow_20261201_062048/experiment.json", encoding: .utf8)
        #expect(moved.contains(#""results": ["#) && moved.contains(#""status": "running""#))
        let afterArchive = try BinaryRunner.run(["experiments", "list", "--dir", directory])
        #expect(afterArchive.standardOutput.contains("slow_20261201_062048  archived"))
        #expect(try BinaryRunner.run(["experiments", "show", "slow_20261201_062048", "--dir", directory]).standardOutput.contains("results: 3"))
        #expect(try BinaryRunner.run(["experiments", "delete", "slow_20261201_062048", "--dir", directory, "--yes"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: directory + "/archived/slow_20261201_062048"))
        let unsaved = try BinaryRunner.run(["experiments", "delete", "new_20261201_070000", "--dir", directory, "--yes"])
        #expect(unsaved.status == 2 && unsaved.standardError.contains("not saved yet"), "\(unsaved.standardError)")
    }

    /// The guide's times are local wall-clock times without a zone: read and written back in the
    /// user's zone they stay the same text, whatever the zone (UTC, −5, +5:30).
    @Test(arguments: ["UTC", "America/New_York", "Asia/Kolkata"])
    func localTimesRoundTripInAnyZone(zone: String) throws {
        let scratch = ScratchDirectory()
        let directory = scratch.path + "/experiments"
        scratch.write("experiments/fast_20261201_062047/experiment.json", record("fast_20261201_062047", profits: [10, 30], status: "completed"))
        let show = try BinaryRunner.run(["experiments", "show", "fast_20261201_062047", "--dir", directory, "--json"], environment: ["TZ": zone])
        #expect(show.status == 0, "\(show.standardError)")
        #expect(show.standardOutput.contains(#""created": "2026-12-01T06:20:47.123456""#), "\(show.standardOutput)")
        #expect(show.standardOutput.contains(#""completed": "2026-12-01T07:00:00""#))
        #expect(show.standardOutput.contains(#""timestamp": "2026-12-01T06:21:00""#))
    }
}
