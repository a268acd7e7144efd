import Foundation
import Testing
@testable import MetricsKit

@Suite struct RunCollectionTests {
    /// Writes results the way the Python tracker does: a new experiment appears, results are
    /// appended a line at a time, and it is marked completed at the end.
    static let trackerScript = #"""
        import json, os, sys, time
        root, total = sys.argv[1], int(sys.argv[2])
        exp = os.path.join(root, "late_arrival_20261125_120500")
        os.makedirs(exp)
        record = {"id": os.path.basename(exp), "name": "late_arrival", "description": "", "tags": ["ppo"],
                  "hyperparameters": {"learning_rate": 0.0003}, "status": "running",
                  "created_at": "2026-11-25T12:05:00Z", "completed_at": None, "final_metrics": {}}
        def save():
            with open(os.path.join(exp, "experiment.json.tmp"), "w") as f: json.dump(record, f)
            os.replace(os.path.join(exp, "experiment.json.tmp"), os.path.join(exp, "experiment.json"))
        save()
        with open(os.path.join(exp, "results.jsonl"), "a") as f:
            for episode in range(total):
                f.write(json.dumps({"episode": episode, "profit": episode - 20.0, "sharpe": 0.25}) + "\n"); f.flush()
                time.sleep(0.002)
        record["status"] = "completed"
        save()
        """#

    private func makeRuns() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory("collection")
        let tracker = ExperimentTracker(experimentsDir: directory.path)
        let now = Date()
        let baseline = try tracker.createExperiment(name: "dqn_baseline", hyperparameters: ["learning_rate": .number(0.001)], tags: ["dqn"], now: now)
        for (episode, profit) in [3.0, -2, 8, .nan, 5].enumerated() {
            try tracker.logResult(baseline, episode: episode, metrics: ["profit": profit, "sharpe": Double(episode) / 10, "win_rate": 0.6])
        }
        try tracker.completeExperiment(baseline, now: now)
        _ = try tracker.createExperiment(name: "dqn_fresh", hyperparameters: ["learning_rate": .number(0.0005)], tags: ["dqn"], now: now)
        // A MetricsLogger run beside them, closed (metrics.json newer than its lines).
        directory.write("logger_run/episodes.jsonl", #"{"episode": 0, "profit": -4}"# + "\n" + #"{"episode": 1, "profit": 6}"# + "\n")
        usleep(20_000)
        directory.write("logger_run/metrics.json", #"{"episodes": [], "model_metrics": []}"#)
        directory.write("broken/experiment.json", "{not json")
        directory.write("broken/results.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        try FileManager.default.createDirectory(atPath: directory.file("not_a_run_yet"), withIntermediateDirectories: true)
        directory.write(".hidden/episodes.jsonl", "")
        return directory
    }

    @Test func readsEveryKindOfRunWithFiguresComputedIndependently() throws {
        let directory = try makeRuns()
        #expect(RunCollection.isCollection(directory.path))
        #expect(!RunCollection.isCollection(directory.file("logger_run")), "a run is not a directory of runs")
        let collection = RunCollection(path: directory.path)
        while collection.refresh().moreRemaining {}
        let entries = Dictionary(uniqueKeysWithValues: collection.entries.map { ($0.name, $0) })
        #expect(collection.entries.map(\.name).sorted() == ["broken", collection.entries.first { $0.name.hasPrefix("dqn_baseline") }!.name,
                                                             collection.entries.first { $0.name.hasPrefix("dqn_fresh") }!.name, "logger_run"].sorted())
        let baseline = try #require(collection.entries.first { $0.name.hasPrefix("dqn_baseline") })
        let profits = [3.0, -2, 8, .nan, 5]
        #expect(baseline.episodes == 5 && baseline.latestEpisode == 4)
        #expect(baseline.bestProfit == profits.filter(\.isFinite).max())
        #expect(baseline.latestProfit == 5)
        #expect(baseline.sharpe == 0.4)
        #expect(baseline.winRate == 60, "a logged rate of 0.6 is shown as 60 %")
        #expect(baseline.status == .completed)
        #expect(baseline.hyperparameters["learning_rate"] == .number(0.001) && baseline.tags == ["dqn"])

        let fresh = try #require(collection.entries.first { $0.name.hasPrefix("dqn_fresh") })
        #expect(fresh.status == .waiting && fresh.episodes == 0 && fresh.bestProfit == nil)

        let logger = try #require(entries["logger_run"])
        #expect(logger.status == .completed && logger.experiment == nil)
        #expect(logger.winRate == 50, "no logged rate: the share of profitable episodes")

        let broken = try #require(entries["broken"])
        #expect(broken.recordProblem == "broken/experiment.json is unreadable (not valid JSON: expected a quoted member name at byte 1)")
        #expect(broken.episodes == 1 && broken.status == .running)
    }

    @Test(.timeLimit(.minutes(1)))
    func followsRunsWrittenByAnotherProcess() throws {
        let directory = try makeRuns()
        directory.write("tracker.py", Self.trackerScript)
        let collection = RunCollection(path: directory.path)
        while collection.refresh().moreRemaining {}
        #expect(collection.entries.count == 4)

        let total = 300
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = ["python3", directory.file("tracker.py"), directory.path, "\(total)"]
        try writer.run()
        var sawPartial = false
        while writer.isRunning {
            collection.refresh()
            if let late = collection.entries.first(where: { $0.name.hasPrefix("late_arrival") }), late.episodes > 0, late.episodes < total {
                sawPartial = true
                #expect(late.status == .running)
            }
            usleep(5_000)
        }
        #expect(writer.terminationStatus == 0)
        while collection.refresh().moreRemaining {}
        #expect(sawPartial, "the run was seen while it was being written")
        let late = try #require(collection.entries.first { $0.name.hasPrefix("late_arrival") })
        #expect(late.episodes == total && late.bestProfit == Double(total - 1) - 20 && late.status == .completed)
        #expect(late.hyperparameters["learning_rate"] == .number(0.0003))

        // A malformed line adds no episode but is counted.
        let lateName = late.name
        directory.append(lateName + "/results.jsonl", "not json\n")
        #expect(collection.refresh().changed)
        #expect(collection.entries.first { $0.name == lateName }?.skippedLines == 1)

        try FileManager.default.removeItem(atPath: directory.file("logger_run"))
        #expect(collection.refresh().changed)
        #expect(!collection.entries.contains { $0.name == "logger_run" })
    }

    @Test func aSmallBudgetReadsEveryRunInTurns() throws {
        let directory = TemporaryDirectory("collection")
        for run in 0..<3 {
            directory.write("run\(run)/episodes.jsonl", (0..<100).map { #"{"episode": \#($0), "profit": \#(run)}"# + "\n" }.joined())
        }
        let collection = RunCollection(path: directory.path)
        var refreshes = 1
        while collection.refresh(maxRecords: 40).moreRemaining { refreshes += 1 }
        // Files are read a chunk at a time: each run's 100 records spend the budget of 40, so
        // each refresh reads one run and the next one starts where it stopped.
        #expect(refreshes == 4)
        #expect(collection.entries.map(\.episodes) == [100, 100, 100])
        #expect(collection.entries.map(\.bestProfit) == [0, 1, 2])
    }

    @Test func aRunThatStopsWritingIsStalledUnlessItFinished() throws {
        #expect(RunEntry.status(recorded: .running, complete: false, episodes: 10, secondsSinceUpdate: 299) == .running)
        #expect(RunEntry.status(recorded: .running, complete: false, episodes: 10, secondsSinceUpdate: 300) == .stalled)
        #expect(RunEntry.status(recorded: nil, complete: false, episodes: 10, secondsSinceUpdate: 3600) == .stalled)
        // Quiet already when first read: not seen to stop, so not stalled, unless its record says it runs.
        #expect(RunEntry.status(recorded: nil, complete: false, episodes: 10, secondsSinceUpdate: 3600, seenGrowing: false) == .quiet)
        #expect(RunEntry.status(recorded: .running, complete: false, episodes: 10, secondsSinceUpdate: 3600, seenGrowing: false) == .stalled)
        #expect(RunEntry.status(recorded: nil, complete: true, episodes: 10, secondsSinceUpdate: 3600) == .completed)
        #expect(RunEntry.status(recorded: .completed, complete: false, episodes: 0, secondsSinceUpdate: nil) == .completed)
        #expect(RunEntry.status(recorded: .archived, complete: false, episodes: 10, secondsSinceUpdate: 3600) == .archived)
        #expect(RunEntry.status(recorded: nil, complete: false, episodes: 0, secondsSinceUpdate: 5) == .waiting)
        // The config's stall_seconds moves the one threshold.
        #expect(RunEntry.status(recorded: .running, complete: false, episodes: 10, secondsSinceUpdate: 400, stallSeconds: 600) == .running)
        #expect(RunEntry.status(recorded: .running, complete: false, episodes: 10, secondsSinceUpdate: 90, stallSeconds: 60) == .stalled)
        let directory = TemporaryDirectory()
        directory.write("runs/quiet/episodes.jsonl", #"{"episode": 1, "profit": 1}"# + "\n")
        let old = Date(timeIntervalSinceNow: -400)
        try? FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: directory.file("runs/quiet/episodes.jsonl"))
        // Quiet for 400 s when first read: quiet, not stalled (it was not seen to stop).
        for (threshold, status) in [(StallThreshold.seconds, RunEntry.Status.quiet), (600, .running)] {
            let collection = RunCollection(path: directory.file("runs"), stallSeconds: threshold)
            while collection.refresh().moreRemaining {}
            #expect(collection.entries.first?.status == status, "stall_seconds \(threshold)")
        }
        // Seen growing, then quiet past the threshold: stalled.
        directory.write("runs/live/episodes.jsonl", #"{"episode": 1, "profit": 1}"# + "\n")
        let collection = RunCollection(path: directory.file("runs"))
        while collection.refresh().moreRemaining {}
        let handle = try #require(FileHandle(forWritingAtPath: directory.file("runs/live/episodes.jsonl")))
        handle.seekToEndOfFile()
        handle.write(Data((#"{"episode": 2, "profit": 2}"# + "\n").utf8))
        try handle.close()
        let deadline = Date().addingTimeInterval(10)
        while collection.entries.first(where: { $0.name == "live" })?.episodes != 2 && Date() < deadline {
            while collection.refresh().moreRemaining {}
        }
        collection.refresh(now: Date().addingTimeInterval(StallThreshold.seconds + 1))
        #expect(collection.entries.first { $0.name == "live" }?.status == .stalled)
    }
}
