import Foundation
import AlertKit
import MetricsKit
import Testing
import TestSupport
@testable import NexlifyTUI

/// The word for a quiet run: stalled only when it was seen growing and stopped; one already quiet
/// when opened says when its data ends, neutrally; a finished one says finished.
@Suite struct SourceStatusReaderTests {
    private func age(_ path: String, by seconds: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: path)
    }

    @Test func aRunQuietWhenOpenedSaysWhenItsDataEnds() throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("quiet/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        try age(file, by: 2 * 3600 + 30)
        let source = try RunSource(path: scratch.path + "/quiet")
        while source.poll().moreRemaining {}
        let status = SourceStatusReader.status(of: source, now: Date())
        #expect(status.state == "last data 2h ago" && status.freshness == .neutral)
        // Read again later, still nothing new: still not "stalled".
        _ = source.poll()
        #expect(SourceStatusReader.status(of: source, now: Date().addingTimeInterval(600)).state == "last data 2h ago")
    }

    @Test func aRunSeenGrowingThatStopsIsStalledInRed() throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("live/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        let source = try RunSource(path: scratch.path + "/live")
        while source.poll().moreRemaining {}
        #expect(SourceStatusReader.status(of: source, now: Date()).state == "following")
        #expect(SourceStatusReader.status(of: source, now: Date()).freshness == .good)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        handle.seekToEndOfFile()
        handle.write(Data((#"{"episode": 1, "profit": 2}"# + "\n").utf8))
        try handle.close()
        while source.poll().moreRemaining {}
        #expect(source.seenGrowing)
        try age(file, by: 600)
        let status = SourceStatusReader.status(of: source, now: Date())
        #expect(status.state == "stalled: nothing new for 10 min" && status.freshness == .critical)
        // A threshold under a minute (the config's `stall_seconds`) counts seconds, not "0 min".
        try age(file, by: 12)
        #expect(SourceStatusReader.status(of: source, now: Date(), stallSeconds: 5).state.hasPrefix("stalled: nothing new for 10 s"))
    }

    @Test func aFinishedRunSaysFinishedWhateverItsAge() throws {
        let scratch = ScratchDirectory()
        let file = scratch.write("done/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        let snapshot = scratch.write("done/metrics.json", #"{"episodes": [{"episode": 0, "profit": 1}]}"#)
        try age(file, by: 4000)
        try age(snapshot, by: 3990)
        let source = try RunSource(path: scratch.path + "/done")
        while source.poll().moreRemaining {}
        let status = SourceStatusReader.status(of: source, now: Date())
        #expect(status.state == "finished" && status.freshness == .neutral)
    }
}

/// The guide's snapshot series cannot say it finished; the trainer's "Training Complete" in
/// `alerts.log` does, on the dashboard's status line.
@Suite struct TrainerCompletionStatusTests {
    @Test func aSnapshotSeriesWhoseTrainerSaidCompleteIsFinished() throws {
        let scratch = ScratchDirectory()
        let episodes = (0..<3).map { #"{"timestamp": "2026-12-01T06:20:4\#($0).5", "episode": \#($0), "profit": \#($0).5}"# }
        let snapshot = scratch.write("dqn_20261201_062048.json", #"{"experiment_name": "dqn", "timestamp": "20261201_062048", "episode_metrics": ["#
                                     + episodes.joined(separator: ",") + #"], "model_metrics": []}"#)
        let written = Date().addingTimeInterval(-7230)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: snapshot)
        let source = try RunSource(path: scratch.path + "/dqn")
        while source.poll().moreRemaining {}
        #expect(SourceStatusReader.status(of: source, now: Date()).state == "last data 2h ago")

        // The trainer's clock: local wall-clock time without a zone, 3 s after the save.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"
        let stamp = formatter.string(from: written.addingTimeInterval(3))
        let log = scratch.write("alerts.log", #"{"timestamp": "\#(stamp)", "level": "info", "title": "Training Complete", "#
                                + #""message": "Training finished", "data": {"total_episodes": 3, "best_profit": 2.5}}"# + "\n")
        let entries = TrainerAlertLog(path: log).readToEnd()
        #expect(SourceStatusReader.status(of: source, now: Date(), trainerAlerts: entries).state == "finished")
        let other = TrainerAlertLog.Entry(time: entries[0].time, level: .info, title: "Training Complete", message: "", numbers: ["total_episodes": 50])
        #expect(SourceStatusReader.status(of: source, now: Date(), trainerAlerts: [other]).state == "last data 2h ago", "another run's")
    }
}
