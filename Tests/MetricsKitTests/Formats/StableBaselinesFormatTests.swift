import Foundation
import Testing
@testable import MetricsKit

/// Stable-Baselines3's progress.csv, progress.json and monitor files, written by
/// `StableBaselinesWriter` to the letter of SB3's own writers.
@Suite struct StableBaselinesFormatTests {
    private func read(_ path: String) throws -> RunSource {
        let source = try RunSource(path: path, mustExist: true)
        source.readToEnd()
        return source
    }

    @Test func progressCSVIsKeyedByTotalTimestepsAndMatchedByNameInAnyColumnOrder() throws {
        let directory = TemporaryDirectory("sb3-csv")
        try StableBaselinesWriter.write("csv", count: 30, into: directory.file("a"), hashSeed: 1)
        try StableBaselinesWriter.write("csv", count: 30, into: directory.file("b"), hashSeed: 2)
        let headers = ["a", "b"].map { directory.read("\($0)/progress.csv").split(separator: "\n")[0] }
        #expect(headers[0] != headers[1], "the hash seeds should give two column orders")
        for run in ["a", "b"] {
            let layout = try RunLayout.resolve(directory.file(run))
            #expect(layout.files.map(\.name) == ["progress.csv"] && layout.format.name == StableBaselinesFormat().name)
            let source = try read(directory.file(run))
            #expect(source.store.episodeCount == 30)
            #expect(source.skipped.count == 0)
            let reward = try #require(source.store.episodeSeries(named: "rollout/ep_rew_mean"))
            #expect(reward.recentX.first == 2048 && reward.recentX.last == 2048 * 30)
            #expect(reward.statistics.latest?.value == -50 + 30 * 1.25)
            // train/* begins at the second dump: the first row's cells are empty, not zero.
            let loss = try #require(source.store.episodeSeries(named: "train/loss"))
            #expect(loss.count == 29 && loss.recentX.first == 4096)
            #expect(source.store.episodeSeries(named: "rollout/exploration_rate")?.statistics.latest?.value == 0.05)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func progressCSVIsFollowedWhileItsHeaderIsRewrittenInPlace() throws {
        let directory = TemporaryDirectory("sb3-follow")
        let writer = try StableBaselinesWriter.start("csv", count: 12, into: directory.path, pause: 0.1)
        let source = try RunSource(path: directory.path)
        var sawHeaderRewrite = false
        while writer.isRunning || source.store.episodeCount < 12 {
            let poll = source.poll()
            if poll.events.contains(where: { $0.event == .rewritten || $0.event == .truncated }) { sawHeaderRewrite = true }
            Thread.sleep(forTimeInterval: 0.03)
            if !writer.isRunning && source.store.episodeCount >= 12 { break }
        }
        _ = source.poll()
        #expect(writer.terminationStatus == 0)
        #expect(sawHeaderRewrite)
        #expect(source.store.episodeCount == 12)
        #expect(source.store.episodeSeries(named: "train/loss")?.count == 11)
        #expect(source.store.episodeSeries(named: "rollout/ep_rew_mean")?.count == 12)
        #expect(source.skipped.count == 0)
    }

    @Test func progressJSONIsJSONLinesKeyedByTotalTimestepsWithSparseKeys() throws {
        let directory = TemporaryDirectory("sb3-json")
        try StableBaselinesWriter.write("json", count: 10, into: directory.path)
        #expect(try RunLayout.resolve(directory.path).files.map(\.name) == ["progress.json"])
        #expect(try RunLayout.resolve(directory.file("progress.json")).format.name == StableBaselinesFormat().name)
        let source = try read(directory.path)
        #expect(source.store.episodeCount == 10)
        #expect(source.store.episodeSeries(named: "train/loss")?.recentX == (2...10).map { $0 * 2048 })
    }

    @Test func aJSONFileIsToldJSONLinesOrADocumentByItsContent() throws {
        let directory = TemporaryDirectory("sniff")
        directory.write("log.json", #"{"episode": 1, "profit": 2}"# + "\n" + #"{"episode": 2, "profit": 3}"# + "\n")
        directory.write("snapshot.json", #"{"episodes": [{"episode": 1, "profit": 2}]}"# + "\n")
        directory.write("indented.json", "{\n  \"episode_metrics\": []\n}\n")
        #expect(try RunLayout.resolve(directory.file("log.json")).format.name == JSONLinesFormat().name)
        #expect(try RunLayout.resolve(directory.file("snapshot.json")).format.name == MetricsSnapshotFormat().name)
        #expect(try RunLayout.resolve(directory.file("indented.json")).format.name == MetricsSnapshotFormat().name)
        #expect(try read(directory.file("log.json")).store.episodeCount == 2)
    }

    @Test func severalMonitorFilesAreTheEnvironmentsOfOneRunInTheOrderTheirEpisodesFinished() throws {
        let directory = TemporaryDirectory("sb3-monitor")
        try StableBaselinesWriter.write("monitor", count: 25, into: directory.path)
        let layout = try RunLayout.resolve(directory.path)
        #expect(layout.format.name == StableBaselinesFormat().name)
        let source = try read(directory.path)
        #expect(source.store.episodeCount == 50)
        #expect(source.skipped.count == 0)
        let reward = try #require(source.store.episodeSeries(named: "r"))
        #expect(Array(reward.recentY.prefix(4)) == [0, 1, 0.5, 1.5])
        #expect(source.store.episodeSeries(named: "total_profit")?.statistics.latest?.value == 1.24)
        #expect(source.store.episodeSeries(named: "timestamp")?.statistics.latest?.value == 1_764_000_000.5 + 240.25)
        // One monitor file given on its own is read alone.
        #expect(try read(directory.file("1.monitor.csv")).store.episodeCount == 25)
    }

    @Test func aMonitorFileReadAgainFromItsStartIsNotCountedTwice() throws {
        let directory = TemporaryDirectory("sb3-monitor-again")
        try StableBaselinesWriter.write("monitor", count: 5, into: directory.path)
        let source = try RunSource(path: directory.path)
        _ = source.poll()
        #expect(source.store.episodeCount == 10)
        // Copied over with one more episode: read from the start, only the new row counts.
        let text = directory.read("0.monitor.csv")
        directory.write("0.monitor.csv.tmp", text + "9.5,250,60.0,1.5\r\n")
        _ = rename(directory.file("0.monitor.csv.tmp"), directory.file("0.monitor.csv"))
        _ = source.poll()
        #expect(source.store.episodeCount == 11)
        #expect(source.store.episodeSeries(named: "r")?.statistics.latest?.value == 9.5)
    }

    @Test func aDirectoryWithEverySB3OutputIsOneRunReadFromProgressCSVAndTheEvents() throws {
        let directory = TemporaryDirectory("sb3-all")
        try StableBaselinesWriter.write("csv", count: 5, into: directory.path)
        try StableBaselinesWriter.write("json", count: 5, into: directory.path)
        try StableBaselinesWriter.write("monitor", count: 5, into: directory.path)
        directory.write("events.out.tfevents.1.host.1.0", "")
        #expect(try RunLayout.resolve(directory.path).files.map(\.name) == ["progress.csv", "events.out.tfevents.1.host.1.0", "0.monitor.csv"])
        let all = try read(directory.path)
        #expect(all.store.episodeSeries(named: "rollout/ep_rew_mean")?.count == 5)
        // The monitor files' episodes (2 environments × 5, 250 steps each) at the timestep they ended.
        #expect(all.store.episodeSeries(named: "r")?.recentX == (1...10).map { $0 * 250 })
        #expect(all.store.episodeSeries(named: "total_profit")?.count == 10)
        #expect(all.store.episodeCount == 15 && all.store.duplicateEpisodes == 0)
        try FileManager.default.removeItem(atPath: directory.file("progress.csv"))
        try FileManager.default.removeItem(atPath: directory.file("progress.json"))
        // Monitor files beside TensorBoard events: the events (x = step, every logged key).
        #expect(try RunLayout.resolve(directory.path).files.map(\.name) == ["events.out.tfevents.1.host.1.0"])
    }

    /// SB3's `configure(folder, ["csv", "tensorboard"])`: progress.csv and event files side by
    /// side at the same steps; the events add the tags the CSV lacks, and nothing counts twice.
    @Test func eventFilesBesideProgressCSVAddTheirOwnTagsAndNothingTwice() throws {
        let directory = TemporaryDirectory("sb3-csv-events")
        try StableBaselinesWriter.write("csv", count: 10, into: directory.path)
        try StableBaselinesWriter.write("events", count: 10, into: directory.path)
        let source = try read(directory.path)
        #expect(source.store.episodeCount == 10)
        #expect(source.skipped.count == 0)
        // In both: one value per step, the CSV's.
        let reward = try #require(source.store.episodeSeries(named: "rollout/ep_rew_mean"))
        #expect(reward.count == 10 && reward.statistics.latest?.value == -50 + 10 * 1.25)
        // Only in the events: every step of it.
        #expect(source.store.episodeSeries(named: "custom/tensorboard_only")?.recentX == (1...10).map { $0 * 2048 })
        #expect(source.store.duplicateEpisodes == 0)
    }

    /// Episode lengths that sum past `Int.max` (a corrupt or hostile monitor file): the episode
    /// that would overflow is skipped and said, the others keep their steps.
    @Test func monitorLengthsSummingPastIntMaxSkipTheEpisodeThatOverflows() throws {
        let directory = TemporaryDirectory("sb3-monitor-overflow")
        try StableBaselinesWriter.write("csv", count: 3, into: directory.path)
        directory.write("0.monitor.csv", "#{\"t_start\": 1764000000.0, \"env_id\": \"X\"}\nr,l,t\n1.0,9000000000000000000,1.0\n2.0,9000000000000000000,2.0\n3.0,100,3.0\n")
        let source = try read(directory.path)
        let rewards = try #require(source.store.episodeSeries(named: "r"))
        #expect(rewards.recentX == [9_000_000_000_000_000_000, 9_000_000_000_000_000_100])
        #expect(source.skipped.examples.map(\.reason) == ["episode lengths sum past \(Int.max) timesteps; episode skipped"])
        #expect(source.skipped.examples.first?.line == 4 && source.skipped.examples.first?.file == "0.monitor.csv")
    }
}
