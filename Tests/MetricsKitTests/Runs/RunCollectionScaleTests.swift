import Foundation
import Testing
@testable import MetricsKit

/// Thousands of runs: a quiet run holds no descriptor and costs no read; writes are still seen
/// at once, whatever happens to the files while they are closed.
@Suite struct RunCollectionScaleTests {
    private func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    @Test func aThousandQuietRunsHoldNoDescriptorAndNewWritesAreStillSeen() throws {
        let directory = TemporaryDirectory("scale")
        for run in 0..<1_000 {
            directory.write(String(format: "run%04d/episodes.jsonl", run), #"{"episode": 0, "profit": \#(run)}"# + "\n" + #"{"episode": 1, "profit": 1}"# + "\n")
        }
        let before = openDescriptors()
        let collection = RunCollection(path: directory.path)
        while collection.refresh(maxDuration: .seconds(5)).moreRemaining {}
        #expect(collection.entries.count == 1_000 && collection.entries.allSatisfy { $0.episodes == 2 })
        #expect(collection.unwatchedRuns == 0)
        // Other tests open files in parallel: allow a few, never one per run.
        #expect(openDescriptors() - before < 50, "\(openDescriptors() - before) descriptors held for 1,000 read runs")

        directory.append("run0500/episodes.jsonl", #"{"episode": 2, "profit": 9}"# + "\n")
        #expect(collection.refresh().changed)
        #expect(collection.entries[500].episodes == 3 && collection.entries[500].latestProfit == 9)
        #expect(collection.entries.filter { $0.episodes == 3 }.count == 1)
    }

    @Test func aDirectoryThatGetsItsFilesLaterBecomesARun() throws {
        let directory = TemporaryDirectory("later")
        directory.write("first/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        let collection = RunCollection(path: directory.path)
        while collection.refresh().moreRemaining {}
        try FileManager.default.createDirectory(atPath: directory.file("second"), withIntermediateDirectories: false)
        collection.refresh()
        #expect(collection.entries.map(\.name) == ["first"], "an empty directory is not a run yet")
        directory.write("second/episodes.jsonl", #"{"episode": 0, "profit": 2}"# + "\n")
        #expect(collection.refresh().changed)
        #expect(collection.entries.map(\.name) == ["first", "second"] && collection.entries[1].episodes == 1)
    }

    @Test func aParkedFileFollowsAppendsRotationTruncationAndRemoval() throws {
        let directory = TemporaryDirectory("park")
        directory.write("a.jsonl", "one\ntwo\n")
        let tailer = FileTailer(path: directory.file("a.jsonl"))
        func lines() -> (lines: [String], events: [TailEvent]) {
            var lines: [String] = []
            var events: [TailEvent] = []
            while true {
                let result = tailer.read(maxBytes: 1 << 16) { line, _ in lines.append(String(decoding: line, as: UTF8.self)) }
                events += result.events
                if !result.moreAvailable { return (lines, events) }
            }
        }
        #expect(lines().lines == ["one", "two"])
        #expect(tailer.park() && tailer.isOpen)
        #expect(lines().lines.isEmpty, "unchanged: stays parked")
        directory.append("a.jsonl", "three\npart")
        #expect(lines().lines == ["three"])
        #expect(tailer.park(), "a partial last line waits in memory, not in a descriptor")
        directory.append("a.jsonl", "ial\n")
        #expect(lines().lines == ["partial"])
        #expect(tailer.park())
        // Rotation while parked: the new file starts with the old one's bytes, so reading goes on.
        try FileManager.default.moveItem(atPath: directory.file("a.jsonl"), toPath: directory.file("a.jsonl.1"))
        directory.write("a.jsonl", "one\ntwo\nthree\npartial\nfour\n")
        let rotated = lines()
        #expect(rotated.lines == ["four"] && rotated.events == [.replaced(continued: true)])
        #expect(tailer.park())
        // Lines written, then the file rotated, while parked: the old file's last lines come first.
        directory.append("a.jsonl", "five\nsix\n")
        try FileManager.default.moveItem(atPath: directory.file("a.jsonl"), toPath: directory.file("a.jsonl.2"))
        directory.write("a.jsonl", "seven\n")
        let renamed = lines()
        #expect(renamed.lines == ["five", "six", "seven"] && renamed.events == [.replaced(continued: false)], "\(renamed)")
        #expect(tailer.park())
        // The same, caught before the new file exists.
        directory.append("a.jsonl", "eight\n")
        try FileManager.default.moveItem(atPath: directory.file("a.jsonl"), toPath: directory.file("a.jsonl.3"))
        let gone = lines()
        #expect(gone.lines == ["eight"] && gone.events == [.removed])
        directory.write("a.jsonl", "nine\n")
        #expect(lines().lines == ["nine"])
        #expect(tailer.park())
        directory.write("a.jsonl", "new\n")
        let truncated = lines()
        #expect(truncated.lines == ["new"] && truncated.events == [.truncated])
        #expect(tailer.park())
        try FileManager.default.removeItem(atPath: directory.file("a.jsonl"))
        #expect(lines().events == [.removed])
    }
}
