import Foundation
import Testing
@testable import MetricsKit

/// Paths that are not readable regular files: each is refused by name, never blocked on, and a
/// file that becomes readable again is read.
@Suite struct UnreadableFileTests {
    private func events(_ tailer: FileTailer) -> [TailEvent] {
        var events: [TailEvent] = []
        while true {
            let result = tailer.read(maxBytes: 1 << 16) { _, _ in }
            events += result.events
            if !result.moreAvailable { return events }
        }
    }

    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedWithoutBlocking() throws {
        let directory = TemporaryDirectory()
        #expect(mkfifo(directory.file("episodes.jsonl"), 0o644) == 0)
        let tailer = FileTailer(path: directory.file("episodes.jsonl"))
        #expect(events(tailer) == [.unreadable("is a FIFO (named pipe), not a regular file")])
        #expect(events(tailer) == [], "reported once")
        #expect(throws: RegularFile.Problem.notRegular(kind: "a FIFO (named pipe)")) { try RegularFile.contents(of: directory.file("episodes.jsonl")) }
        #expect(throws: RunLayout.Failure.self) { try RunLayout.resolve(directory.file("episodes.jsonl")) }
        // A run directory whose log is a FIFO: a source reads it to the end at once.
        let source = try RunSource(path: directory.path)
        source.readToEnd()
        #expect(source.fileStates.contains { $0.state == .unreadable("is a FIFO (named pipe), not a regular file") })
    }

    @Test func aDirectoryWhereTheLogWasIsSaidToBeOneAndTheLogIsReadWhenItReturns() throws {
        let directory = TemporaryDirectory()
        directory.write("episodes.jsonl", "a\nb\n")
        let tailer = FileTailer(path: directory.file("episodes.jsonl"))
        #expect(events(tailer) == [.opened])
        try FileManager.default.removeItem(atPath: directory.file("episodes.jsonl"))
        try FileManager.default.createDirectory(atPath: directory.file("episodes.jsonl"), withIntermediateDirectories: false)
        #expect(events(tailer) == [.unreadable("is a directory, not a regular file")])
        try FileManager.default.removeItem(atPath: directory.file("episodes.jsonl"))
        directory.write("episodes.jsonl", "a\nb\nc\n")
        var lines: [String] = []
        let result = tailer.read(maxBytes: 1 << 16) { line, _ in lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(result.events == [.replaced(continued: true)])
        #expect(lines == ["c"])
    }

    @Test func aLineOverTheLimitIsReportedAsSoonAsItPassesIt() {
        let directory = TemporaryDirectory()
        directory.write("episodes.jsonl", "ok\n" + String(repeating: "x", count: 5_000))
        let tailer = FileTailer(path: directory.file("episodes.jsonl"), maxLineBytes: 1_000)
        let seen = events(tailer)
        #expect(seen == [.opened, .skippingLongLine(line: 2, limit: 1_000)])
        #expect(seen.last?.description == "line 2 is longer than 1000 bytes with no newline: skipping to its end")
        #expect(tailer.pendingBytes == 0, "the long line is not held in memory")
        directory.append("episodes.jsonl", "xx\n{\"next\": 1}\n")
        var lines: [String] = []
        var oversized: [Int] = []
        let result = tailer.read(maxBytes: 1 << 16) { line, _ in lines.append(String(decoding: line, as: UTF8.self)) }
        oversized = result.oversizedLines
        #expect(oversized == [2] && lines == [#"{"next": 1}"#])
    }

    @Test func problemsAreWorded() {
        #expect(RegularFile.Problem.permissionDenied.description == "permission denied (check the file's permissions and owner)")
        #expect(RegularFile.Problem.missing.description == "no such file")
        #expect(RegularFile.kindOfPath("/dev/null") == "a character device")
        #expect(throws: RegularFile.Problem.notRegular(kind: "a character device")) { try RegularFile.contents(of: "/dev/zero") }
    }
}
