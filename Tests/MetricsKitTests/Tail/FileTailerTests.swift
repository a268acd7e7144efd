import Foundation
import Testing
@testable import MetricsKit

@Suite struct FileTailerTests {
    /// Reads everything available now and returns the lines and events.
    private func drain(_ tailer: FileTailer, chunk: Int = 7) -> (lines: [String], events: [TailEvent], oversized: [Int]) {
        var lines: [String] = []
        var events: [TailEvent] = []
        var oversized: [Int] = []
        while true {
            let result = tailer.read(maxBytes: chunk) { line, number in lines.append("\(number):" + String(decoding: line, as: UTF8.self)) }
            events += result.events
            oversized += result.oversizedLines
            if !result.moreAvailable { break }
        }
        return (lines, events, oversized)
    }

    @Test func aPartialLastLineWaitsForItsNewline() {
        let directory = TemporaryDirectory()
        directory.write("a.jsonl", "one\ntw")
        let tailer = FileTailer(path: directory.file("a.jsonl"))
        #expect(drain(tailer).lines == ["1:one"])
        #expect(tailer.pendingBytes == 2)
        directory.append("a.jsonl", "o\nthree\n")
        #expect(drain(tailer).lines == ["2:two", "3:three"])
    }

    @Test func waitsForAFileThatDoesNotExistYet() {
        let directory = TemporaryDirectory()
        let tailer = FileTailer(path: directory.file("later.jsonl"))
        #expect(drain(tailer).events == [.waitingForFile])
        #expect(drain(tailer).events == [])
        directory.write("later.jsonl", "x\n")
        let read = drain(tailer)
        #expect(read.events == [.opened])
        #expect(read.lines == ["1:x"])
    }

    @Test func aTruncatedFileIsReadAgainFromItsStart() {
        let directory = TemporaryDirectory()
        directory.write("a.jsonl", "one\ntwo\n")
        let tailer = FileTailer(path: directory.file("a.jsonl"))
        _ = drain(tailer)
        directory.write("a.jsonl", "new\n")
        let read = drain(tailer)
        #expect(read.events == [.truncated])
        #expect(read.lines == ["1:new"])
    }

    @Test func rotationReadsTheRestOfTheOldFileThenTheNewOne() throws {
        let directory = TemporaryDirectory()
        directory.write("a.jsonl", "one\n")
        let tailer = FileTailer(path: directory.file("a.jsonl"))
        _ = drain(tailer)
        directory.append("a.jsonl", "two\n")
        try FileManager.default.moveItem(atPath: directory.file("a.jsonl"), toPath: directory.file("a.jsonl.1"))
        directory.write("a.jsonl", "three\n")
        let first = drain(tailer)
        let second = drain(tailer)
        #expect(first.lines + second.lines == ["2:two", "1:three"])
        #expect(first.events + second.events == [.replaced(continued: false)])
    }

    @Test func anAtomicRewriteThatKeepsTheStartContinuesWhereItWas() throws {
        let directory = TemporaryDirectory()
        directory.write("a.csv", "episode,profit\n1,2\n")
        let tailer = FileTailer(path: directory.file("a.csv"))
        _ = drain(tailer)
        directory.write("a.csv.tmp", "episode,profit\n1,2\n2,3\n")
        _ = rename(directory.file("a.csv.tmp"), directory.file("a.csv"))
        let read = drain(tailer)
        #expect(read.events == [.replaced(continued: true)])
        #expect(read.lines == ["3:2,3"])
    }

    @Test func aRewrittenHeaderIsReadAgain() {
        let directory = TemporaryDirectory()
        directory.write("a.csv", "episode,profit\n1,2\n")
        let tailer = FileTailer(path: directory.file("a.csv"))
        _ = drain(tailer)
        // Rewritten in place (same inode), longer than before, with a wider header.
        let handle = FileHandle(forWritingAtPath: directory.file("a.csv"))!
        handle.write(Data("episode,profit,sharpe\n1,2,0.5\n2,3,0.7\n".utf8))
        try? handle.close()
        let read = drain(tailer)
        #expect(read.events == [.rewritten])
        #expect(read.lines == ["1:episode,profit,sharpe", "2:1,2,0.5", "3:2,3,0.7"])
    }

    /// A backlog's next piece is read while this one is decoded (`ReadAhead`): once the file is
    /// truncated, rewritten, rotated or parked in between, what was read ahead is not handed out
    /// as the file's.
    @Test func aPieceReadAheadIsNotUsedOnceTheFileChangedUnderIt() throws {
        let old = (0..<20).map { String(format: "old%04d\n", $0) }.joined()
        func firstPiece(_ directory: TemporaryDirectory) -> FileTailer {
            directory.write("a.jsonl", old)
            let tailer = FileTailer(path: directory.file("a.jsonl"))
            let first = tailer.read(maxBytes: 16) { _, _ in }
            #expect(first.bytesRead == 16 && first.moreAvailable)
            return tailer
        }
        let truncated = TemporaryDirectory()
        var tailer = firstPiece(truncated)
        truncated.write("a.jsonl", "new\n")
        var read = drain(tailer, chunk: 16)
        #expect(read.events == [.truncated])
        #expect(read.lines == ["1:new"])

        let rewritten = TemporaryDirectory()
        tailer = firstPiece(rewritten)
        let handle = try #require(FileHandle(forWritingAtPath: rewritten.file("a.jsonl")))
        handle.write(Data(old.replacingOccurrences(of: "old", with: "NEW").utf8))
        try handle.close()
        read = drain(tailer, chunk: 16)
        #expect(read.events == [.rewritten])
        #expect(read.lines.count == 20 && read.lines.allSatisfy { $0.contains(":NEW") }, "\(read.lines) \(read.events)")

        let rotated = TemporaryDirectory()
        tailer = firstPiece(rotated)
        try FileManager.default.moveItem(atPath: rotated.file("a.jsonl"), toPath: rotated.file("a.jsonl.1"))
        rotated.write("a.jsonl", "fresh\n")
        read = drain(tailer, chunk: 16)
        #expect(read.lines == (2..<20).map { String(format: "%d:old%04d", $0 + 1, $0) } + ["1:fresh"])

        let parked = TemporaryDirectory()
        tailer = firstPiece(parked)
        parked.write("a.jsonl", "")
        #expect(tailer.park())
        parked.write("a.jsonl", "after\n")
        read = drain(tailer, chunk: 16)
        #expect(read.lines == ["1:after"])
    }

    @Test func deleteAndRecreate() throws {
        let directory = TemporaryDirectory()
        directory.write("a.jsonl", "one\n")
        let tailer = FileTailer(path: directory.file("a.jsonl"))
        _ = drain(tailer)
        try FileManager.default.removeItem(atPath: directory.file("a.jsonl"))
        #expect(drain(tailer).events == [.removed])
        #expect(drain(tailer).events == [])
        directory.write("a.jsonl", "fresh\n")
        let read = drain(tailer)
        #expect(read.events == [.replaced(continued: false)])
        #expect(read.lines == ["1:fresh"])
    }

    @Test func aHugeLineIsDroppedWithoutBeingHeld() {
        let directory = TemporaryDirectory()
        directory.write("a.jsonl", "ok\n" + String(repeating: "x", count: 10_000_000) + "\nafter\n")
        let tailer = FileTailer(path: directory.file("a.jsonl"), maxLineBytes: 1 << 20)
        let read = drain(tailer, chunk: 1 << 16)
        #expect(read.lines == ["1:ok", "3:after"])
        #expect(read.oversized == [2])
        #expect(tailer.pendingBytes == 0)
    }

    @Test func crlfBomAndEmptyLinesArriveAsTheyAre() {
        let directory = TemporaryDirectory()
        directory.write("a.jsonl", "\u{FEFF}a\r\n\nb\r\n")
        let tailer = FileTailer(path: directory.file("a.jsonl"))
        #expect(drain(tailer).lines == ["1:\u{FEFF}a\r", "2:", "3:b\r"])
    }
}
