import Foundation
import Testing
@testable import MetricsKit

@Suite struct RunSourceTests {
    @Test func prefersJSONLinesThenSnapshotThenCSV() throws {
        let directory = TemporaryDirectory("layout")
        directory.write("a/metrics.csv", "episode,profit\n0,1\n")
        #expect(try RunLayout.resolve(directory.file("a")).files.map(\.name) == ["metrics.csv", "model_metrics.csv"])
        directory.write("a/metrics.json", #"{"episodes": []}"#)
        #expect(try RunLayout.resolve(directory.file("a")).files.map(\.name) == ["metrics.json"])
        directory.write("a/model_metrics.jsonl", "")
        #expect(try RunLayout.resolve(directory.file("a")).files.map(\.name) == ["episodes.jsonl", "model_metrics.jsonl"])
        #expect(throws: RunLayout.Failure.self) { try RunLayout.resolve(directory.file("missing")) }
        #expect(try RunLayout.resolve(directory.file("missing"), mustExist: false).isDirectory)
        #expect(try RunLayout.resolve(directory.file("later.csv"), mustExist: false).files.map(\.format.name) == [CSVFormat().name])
    }

    @Test func aRunDirectoryThatAppearsLaterIsPickedUpInWhateverFormatItHas() throws {
        let directory = TemporaryDirectory("appear")
        let source = try RunSource(path: directory.file("run"))
        let first = source.poll()
        #expect(first.newEpisodes == 0)
        #expect(first.events.map(\.event) == [.waitingForFile, .waitingForFile])
        directory.write("run/metrics.csv", "episode,profit\n0,1\n1,2\n")
        #expect(source.poll().newEpisodes == 2)
        #expect(source.layout.files.first?.name == "metrics.csv")
    }

    @Test func aSnapshotRewrittenAtomicallyAddsOnlyItsNewRecords() throws {
        let directory = TemporaryDirectory("snapshot")
        func snapshot(_ episodes: Int, _ models: Int) {
            let episodeText = (0..<episodes).map { #"{"episode": \#($0), "profit": \#($0)}"# }.joined(separator: ",")
            let modelText = (0..<models).map { #"{"episode": \#($0 / 2), "loss": \#($0)}"# }.joined(separator: ",")
            directory.write("run/metrics.json.tmp", #"{"experiment_name": "x", "episodes": [\#(episodeText)], "model_metrics": [\#(modelText)]}"#)
            _ = rename(directory.file("run/metrics.json.tmp"), directory.file("run/metrics.json"))
        }
        snapshot(3, 4)
        let source = try RunSource(path: directory.file("run"))
        let first = source.poll()
        #expect(first.newEpisodes == 3 && first.newModelRecords == 4)
        #expect(source.poll().newEpisodes == 0)
        snapshot(5, 7)
        let second = source.poll()
        #expect(second.newEpisodes == 2 && second.newModelRecords == 3)
        #expect(source.store.modelSeries(named: "loss")!.recentY == [0, 1, 2, 3, 4, 5, 6])
        // A half-written snapshot is waited out, not counted as malformed.
        directory.write("run/metrics.json", #"{"episodes": [{"episode": 9"#)
        #expect(source.poll().newEpisodes == 0)
        #expect(source.problems.count == 1)
        #expect(source.skipped.count == 0)
        #expect(source.poll().events.isEmpty, "an unchanged broken snapshot is not read again")
        snapshot(6, 7)
        #expect(source.poll().newEpisodes == 1)
        #expect(source.problems.isEmpty)
    }

    /// A document with a record array's key twice (found by the growth fuzz target): the second
    /// array's checkpoint must not stand for the first when a newer version is read, or the
    /// first array's later records are counted again.
    @Test func aSnapshotWithAKeyTwiceIsReadAgainWithoutCountingARecordTwice() throws {
        let directory = TemporaryDirectory("snapshot")
        let document = #"{"episodes": [{"episode": 1, "profit": 3}], "model_metrics": [{"loss": 1, "q": 2}, {"episode": 1, "loss": 3}], "#
            + #""model_metrics": [{"loss": 1, "q": 2}]}"#
        directory.write("run/metrics.json", document)
        let source = try RunSource(path: directory.file("run"))
        while source.poll().moreRemaining {}
        #expect(source.store.modelRecordCount == 3)
        // The same version grown (a new version to the reader): nothing is new.
        directory.append("run/metrics.json", "\n")
        while source.poll().moreRemaining {}
        #expect(source.store.modelRecordCount == 3)
        #expect(source.store.modelSeries(named: "loss")!.recentY == [1, 3, 1])
        // A newer version with one more record in the second array adds that one.
        directory.write("run/metrics.json", document.replacingOccurrences(of: #"{"loss": 1, "q": 2}]}"#, with: #"{"loss": 1, "q": 2}, {"loss": 9}]}"#))
        while source.poll().moreRemaining {}
        #expect(source.store.modelSeries(named: "loss")!.recentY == [1, 3, 1, 9])
    }

    /// A model record before any episode of its document (found by the growth fuzz target): read
    /// at once or as the file grows it goes to the same place, and a newer version of the file
    /// does not count it again.
    @Test func aModelRecordBeforeAnyEpisodeIsPlacedAlikeAndCountedOnce() throws {
        let head = #"{"model_metrics": [{"loss": 1}], "#
        let tail = #""episode_metrics": [{"episode": 2, "profit": 2}]}"#
        let atOnce = TemporaryDirectory("snapshot")
        atOnce.write("run/metrics.json", head + tail)
        let whole = try RunSource(path: atOnce.file("run"))
        while whole.poll().moreRemaining {}
        let growing = TemporaryDirectory("snapshot")
        growing.write("run/metrics.json", head)
        let source = try RunSource(path: growing.file("run"))
        while source.poll().moreRemaining {}
        growing.append("run/metrics.json", tail)
        while source.poll().moreRemaining {}
        #expect(source.store.modelSeries(named: "loss")?.recentX == whole.store.modelSeries(named: "loss")?.recentX)
        #expect(source.store.modelRecordCount == 1 && whole.store.modelRecordCount == 1)
        growing.append("run/metrics.json", "\n")
        while source.poll().moreRemaining {}
        #expect(source.store.modelRecordCount == 1, "the newer version's record is the same one")
        #expect(source.store.modelSeries(named: "loss")?.recentX == whole.store.modelSeries(named: "loss")?.recentX)
    }

    /// A newer version whose episodes go on where the last version's ended but whose model
    /// metrics do not (found by the growth fuzz target): it is read again whole, and the model
    /// records its first read had taken already (an array before the episodes) are not counted twice.
    @Test func aVersionReadAgainWholeDoesNotCountItsFirstModelRecordsTwice() throws {
        let directory = TemporaryDirectory("snapshot")
        // Every model record on one episode (the episode record has no number), so none is told apart by its episode.
        directory.write("run/metrics.json", #"{"model_metrics": [{"loss": 1}, {"loss": 2}], "episode_metrics": [{"profit": 3}], "model_metrics": [{"loss": 3}]}"#)
        let source = try RunSource(path: directory.file("run"))
        while source.poll().moreRemaining {}
        #expect(source.store.modelRecordCount == 3)
        directory.append("run/metrics.json", "\n")
        while source.poll().moreRemaining {}
        #expect(source.store.modelRecordCount == 3)
        #expect(source.store.modelSeries(named: "loss")?.recentY == [1, 2, 3])
    }

    /// Each newer version of a snapshot is read again (whole, or from where the last one ended):
    /// a malformed element that stays in the file is counted once, not once per version.
    @Test func aMalformedElementIsCountedOnceAcrossVersions() throws {
        let directory = TemporaryDirectory("snapshot")
        let head = #"{"episodes": [{"episode": 1, "profit": 3}, {"profit": "no episode"}, {"episode": 2, "profit": 1}"#
        directory.write("run/metrics.json", head + "]}")
        let source = try RunSource(path: directory.file("run"))
        while source.poll().moreRemaining {}
        #expect(source.skipped.count == 1)
        // Rewritten with an earlier record changed: read whole again.
        directory.write("run/metrics.json", head.replacingOccurrences(of: #""profit": 1}"#, with: #""profit": 5}"#) + "]}")
        while source.poll().moreRemaining {}
        #expect(source.skipped.count == 1)
        // Grown by one good and one malformed element: resumed, one more.
        directory.write("run/metrics.json", head.replacingOccurrences(of: #""profit": 1}"#, with: #""profit": 5}"#)
            + #", {"episode": 3, "profit": 2}, {"episode": "three"}]}"#)
        while source.poll().moreRemaining {}
        #expect(source.skipped.count == 2)
        #expect(source.store.episodeCount == 3)
        #expect(source.skipped.examples.map(\.line) == [1, 4])
    }

    @Test func pollingIsBoundedSoABigFileNeverBlocksTheCaller() throws {
        let directory = TemporaryDirectory("bounded")
        let lines = (0..<50_000).map { #"{"episode": \#($0), "profit": \#($0)}"# + "\n" }.joined()
        directory.write("run/episodes.jsonl", lines)
        let source = try RunSource(path: directory.file("run"), chunkBytes: 16 * 1024)
        let first = source.poll(maxRecords: 2_000, maxDuration: .seconds(10))
        #expect(first.moreRemaining)
        #expect(first.newEpisodes >= 2_000 && first.newEpisodes < 2_000 + 16 * 1024 / 20)
        let timed = source.poll(maxRecords: .max, maxDuration: .zero)
        #expect(timed.moreRemaining)
        var polls = 2
        while source.poll(maxRecords: 5_000).moreRemaining { polls += 1 }
        #expect(source.store.episodeCount == 50_000)
        #expect(polls >= 10)
    }

    @Test func malformedLinesAreCountedWithTheirLineNumbers() throws {
        let directory = TemporaryDirectory("skipped")
        directory.write("run/episodes.jsonl", "{\"episode\": 0, \"profit\": 1}\nnope\n\n{\"episode\": 1}\n[]\n{\"episode\": 2, \"profit\": 3}\n")
        let source = try RunSource(path: directory.file("run"))
        source.readToEnd()
        #expect(source.store.episodeCount == 3)
        #expect(source.skipped.count == 2)
        #expect(source.skipped.examples == [
            .init(file: "episodes.jsonl", line: 2, reason: "not valid JSON: unexpected 'n' where a value should be at byte 0"),
            .init(file: "episodes.jsonl", line: 5, reason: "not a JSON object"),
        ])
    }

    @Test func aTruncatedLastLineWaitsWhileFollowingAndIsExplainedAtTheEnd() throws {
        let directory = TemporaryDirectory("partial")
        directory.write("run/episodes.jsonl", "{\"episode\": 0, \"profit\": 1}\n{\"episode\": 1, \"pro")
        let following = try RunSource(path: directory.file("run"))
        #expect(following.poll().newEpisodes == 1)
        #expect(following.skipped.count == 0)
        directory.append("run/episodes.jsonl", "fit\": 2}\n")
        #expect(following.poll().newEpisodes == 1)

        directory.append("run/episodes.jsonl", "{\"episode\": 2, \"pro")
        let once = try RunSource(path: directory.file("run"))
        once.readToEnd()
        #expect(once.store.episodeCount == 2)
        #expect(once.skipped.examples.last?.reason.contains("incomplete last line") == true)
    }
}

/// A file cut back and written again from its start is counted as what it holds now: its
/// malformed lines once, not once per read of its beginning.
@Suite struct TruncatedRunCountTests {
    @Test func aFileWrittenAgainFromItsStartCountsItsMalformedLinesOnce() throws {
        let directory = TemporaryDirectory("rewritten")
        let path = directory.file("run/episodes.jsonl")
        directory.write("run/episodes.jsonl", "not json\n" + #"{"episode": 0, "profit": 1}"# + "\n" + #"{"episode": 1, "profit": 2}"# + "\n")
        let source = try RunSource(path: directory.file("run"))
        while source.poll().moreRemaining {}
        #expect(source.skipped.count == 1)
        // The trainer starts over: the file is emptied and written again, shorter than before.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        handle.write(Data(("not json\n" + #"{"episode": 0, "profit": 5}"# + "\n").utf8))
        try handle.close()
        while source.poll().moreRemaining {}
        #expect(source.skipped.count == 1, "\(source.skipped)")
        #expect(source.store.episodeCount == 2, "the store keeps each episode once")
    }
}
