import Foundation
import Testing
@testable import MetricsKit

/// The seed logger's snapshot series, as SEED-FORMATS.md describes it, read by name.
@Suite struct SnapshotSeriesTests {
    @Test func namesSplitTheirStampOffTheEnd() {
        #expect(SnapshotSeriesFormat.split("dqn_20261201_062048.json")! == ("dqn", "20261201_062048"))
        #expect(SnapshotSeriesFormat.split("dqn_with_monitoring_20251114_101500_20251114_102000.json")! == ("dqn_with_monitoring_20251114_101500", "20251114_102000"))
        for other in ["dqn_a.json", "dqn_2026120_062048.json", "dqn_20261201-062048.json", "_20261201_062048.json", "dqn_20261201_062048.csv", "dqn.json"] {
            #expect(SnapshotSeriesFormat.split(other) == nil, "\(other)")
        }
        let directory = TemporaryDirectory("names")
        for name in ["dqn_20261201_062048.json", "dqn_20261201_062055.json", "dqn_a_20261201_062050.json", "dqn_a.json", "ppo_20261201_070000.json"] {
            directory.write(name, "{}")
        }
        #expect(SnapshotSeriesFormat.runNames(in: directory.path) == ["dqn", "dqn_a", "ppo"])
        #expect(SnapshotSeriesFormat.newest(of: "dqn", in: directory.path) == directory.file("dqn_20261201_062055.json"))
        #expect(SnapshotSeriesFormat.newest(of: "dqn_a", in: directory.path) == directory.file("dqn_a_20261201_062050.json"))
    }

    @Test func aSeriesIsReadByItsNameWithEveryEpisodeOnceAndModelRecordsOnTheirEpisodes() throws {
        let directory = TemporaryDirectory("series")
        try SeedWriter.write("dqn_run_20261201_062000", episodes: 60, every: 25, into: directory.path)
        #expect(SnapshotSeriesFormat.runNames(in: directory.path) == ["dqn_run_20261201_062000"])
        let source = try RunSource(path: directory.file("dqn_run_20261201_062000"), mustExist: true)
        #expect(source.layout.format.name == "MetricsLogger snapshots")
        source.readToEnd()
        let store = source.store
        #expect(store.episodeCount == 60 && store.latestEpisode == 59 && store.duplicateEpisodes == 0)
        let profit = try #require(store.episodeSeries(named: "profit"))
        #expect(profit.statistics.nonFiniteCount == 2, "NaN at 7 and Infinity at 11 are values")
        #expect(store.episodeSeries(named: "custom_score")?.statistics.latest?.value == 5.9)
        // One model record every second episode, placed on that episode by its timestamp
        // (logged one second after it); episode 4's NaN loss was written as null: no point.
        let loss = try #require(store.modelSeries(named: "loss"))
        #expect(loss.statistics.count == 29)
        let qMean = try #require(store.modelSeries(named: "q_mean"))
        #expect(qMean.recentX == Array(stride(from: 0, to: 60, by: 2)))
        #expect(qMean.recentY == stride(from: 0, to: 60, by: 2).map { Double($0) / 2 })
        #expect(store.modelSeries(named: "q_max")?.statistics.latest?.value == 58)
        #expect(store.modelSeries(named: "gradients.mean")?.statistics.count == 30)
        #expect(source.skipped.count == 0)
    }

    /// Another process writes a new snapshot every 10 episodes while a source follows the run:
    /// at the end every episode is there exactly once, and each newer file was read only past
    /// what the one before gave.
    @Test(.timeLimit(.minutes(1)))
    func followingAGrowingSeriesCountsNothingTwice() throws {
        let directory = TemporaryDirectory("growing")
        let writer = try SeedWriter.start("dqn", episodes: 120, every: 10, into: directory.path, pause: 0.05)
        let source = try RunSource(path: directory.file("dqn"), mustExist: false)
        var sawPartial = false
        var replacements = 0
        while writer.isRunning {
            let poll = source.poll()
            replacements += poll.events.filter { $0.event == .replaced(continued: true) }.count
            if source.store.episodeCount > 0 && source.store.episodeCount < 120 { sawPartial = true }
            usleep(10_000)
        }
        #expect(writer.terminationStatus == 0)
        while source.poll().moreRemaining {}
        _ = source.poll()
        #expect(sawPartial)
        #expect(source.store.episodeCount == 120 && source.store.duplicateEpisodes == 0)
        #expect(source.store.modelSeries(named: "q_mean")?.statistics.count == 60, "every model record once")
        // However many versions a busy machine let it see, each newer one went on where the last ended.
        #expect(replacements >= 1, "newer snapshots continued where the last one ended")
    }

    @Test func aNewestSnapshotCutShortIsWaitedForAndThePreviousKeepsShowing() throws {
        let directory = TemporaryDirectory("cut")
        try SeedWriter.write("dqn", episodes: 20, every: 100, into: directory.path)
        let complete = try #require(SnapshotSeriesFormat.newest(of: "dqn", in: directory.path))
        let source = try RunSource(path: directory.file("dqn"))
        source.readToEnd()
        #expect(source.store.episodeCount == 20)
        // The next save is being written: a newer file holding half of a longer history.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: complete))
        let newer = directory.file("dqn_20991231_235959.json")
        FileManager.default.createFile(atPath: newer, contents: bytes.prefix(bytes.count / 3))
        _ = source.poll()
        #expect(source.store.episodeCount == 20, "nothing lost while the newest file is cut short")
        #expect(source.problems.first?.contains("cut short") == true, "\(source.problems)")
        // An older file appearing never replaces the newer one.
        directory.write("dqn_20000101_000000.json", #"{"episode_metrics": [], "model_metrics": []}"#)
        FileManager.default.createFile(atPath: newer, contents: bytes)
        _ = source.poll()
        #expect(source.store.episodeCount == 20 && source.problems.isEmpty)
        #expect(source.skipped.count == 0)
    }

    /// The trainer was killed mid-save: the newest file is cut short. A reader started afterwards
    /// shows the save before it (never fewer episodes than a complete save held), says so, and
    /// takes the newest once it is whole.
    @Test(arguments: [10, 3])
    func aNewestSnapshotCutShortBeforeAnythingWasReadShowsTheSaveBeforeIt(fraction: Int) throws {
        let directory = TemporaryDirectory("cut-at-start")
        try SeedWriter.write("dqn", episodes: 1000, every: 500, into: directory.path)
        let newest = try #require(SnapshotSeriesFormat.newest(of: "dqn", in: directory.path))
        let older = try #require(SnapshotSeriesFormat.version(before: newest, of: "dqn", in: directory.path))
        #expect(SnapshotSeriesFormat.version(before: older, of: "dqn", in: directory.path) == nil)
        let olderAlone = try RunSource(path: older)
        olderAlone.readToEnd()
        let whole = try Data(contentsOf: URL(fileURLWithPath: newest))
        FileManager.default.createFile(atPath: newest, contents: whole.prefix(whole.count / fraction))
        let cutAlone = try RunSource(path: newest)
        cutAlone.readToEnd()
        let source = try RunSource(path: directory.file("dqn"))
        source.readToEnd()
        // Both are read: every episode either holds, and the older save's model records.
        #expect(olderAlone.store.episodeCount == 501 && source.store.episodeCount == max(501, cutAlone.store.episodeCount),
                "\(source.store.episodeCount) \(cutAlone.store.episodeCount)")
        #expect(source.store.modelRecordCount == max(olderAlone.store.modelRecordCount, cutAlone.store.modelRecordCount))
        #expect(source.problems.count == 1 && source.problems[0].contains("cut short") && source.problems[0].contains("showing " + (older as NSString).lastPathComponent),
                "\(source.problems)")
        // The save finishes: the newest is read on from where the older one ended.
        FileManager.default.createFile(atPath: newest, contents: whole)
        while source.poll().moreRemaining {}
        let fresh = try RunSource(path: directory.file("dqn"))
        fresh.readToEnd()
        #expect(fresh.store.episodeCount == 1000 && fresh.problems.isEmpty)
        #expect(source.store.episodeCount == 1000 && source.store.modelRecordCount == fresh.store.modelRecordCount, "every model record once")
        #expect(source.problems.isEmpty && source.skipped.count == 0, "\(source.problems) \(source.skipped.examples)")
    }

    @Test func aDirectoryWithOneNamesSnapshotsIsThatRun() throws {
        let directory = TemporaryDirectory("one")
        try SeedWriter.write("only", episodes: 5, every: 100, into: directory.path)
        let layout = try RunLayout.resolve(directory.path)
        #expect(layout.format.name == "MetricsLogger snapshots" && layout.files.first?.path == directory.file("only"))
        #expect(throws: RunLayout.Failure.self) { try RunLayout.resolve(directory.file("other")) }
    }
}

/// `training_logs/` as the seed's users have it: several runs' snapshot series side by side,
/// perhaps beside run directories, shown as one row per run.
@Suite struct SnapshotSeriesCollectionTests {
    @Test(.timeLimit(.minutes(1)))
    func severalSeriesAreOneRowEachAndFollowedLive() throws {
        let directory = TemporaryDirectory("logs")
        try SeedWriter.write("dqn_20261201_062000", episodes: 30, every: 10, into: directory.path)
        try SeedWriter.write("ppo", episodes: 12, every: 100, into: directory.path)
        directory.write("streamed/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        #expect(RunCollection.isCollection(directory.path))
        let collection = RunCollection(path: directory.path)
        while collection.refresh().moreRemaining {}
        #expect(collection.entries.map(\.name) == ["dqn_20261201_062000", "ppo", "streamed"])
        #expect(collection.entries.map(\.episodes) == [30, 12, 1])
        // The same run streamed (a directory of its name) and saved: one row, its directory.
        directory.write("ppo/episodes.jsonl", (0..<40).map { #"{"episode": \#($0), "profit": 1}"# + "\n" }.joined())
        #expect(collection.refresh().changed)
        #expect(collection.entries.map(\.name) == ["dqn_20261201_062000", "ppo", "streamed"])
        #expect(collection.entries.first { $0.name == "ppo" }?.episodes == 40)
        try FileManager.default.removeItem(atPath: directory.file("ppo"))
        collection.refresh()
        // ppo goes on: a newer, longer snapshot appears.
        try SeedWriter.write("ppo", episodes: 20, every: 100, into: directory.path + "/next")
        let newer = try #require(SnapshotSeriesFormat.newest(of: "ppo", in: directory.path + "/next"))
        let data = try Data(contentsOf: URL(fileURLWithPath: newer))
        FileManager.default.createFile(atPath: directory.file("ppo_20991231_000000.json"), contents: data)
        #expect(collection.refresh().changed)
        #expect(collection.entries.first { $0.name == "ppo" }?.episodes == 20)
    }

    @Test func oneRunsSeriesAloneIsThatRunsDashboardNotARunsView() throws {
        let directory = TemporaryDirectory("single")
        try SeedWriter.write("dqn", episodes: 5, every: 100, into: directory.path)
        #expect(!RunCollection.isCollection(directory.path))
        #expect(try RunLayout.resolve(directory.path).format.name == "MetricsLogger snapshots")
    }
}
