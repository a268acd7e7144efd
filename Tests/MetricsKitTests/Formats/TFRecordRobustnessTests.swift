import Foundation
import Testing
import TestSupport
@testable import MetricsKit

/// Event files as a killed or faulty writer leaves them: a large record half-written at the
/// end, a record whose data lost bytes in the middle. Every read makes progress or waits, and no
/// good record is lost to a bad neighbour.
@Suite struct TFRecordRobustnessTests {
    private static let scalars = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tensorboard/scalars/events.out.tfevents.1764000000.fixture.1.0").path

    /// Where each record of `bytes` starts (the fixture is well formed).
    static func recordStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var index = 0
        while index + 12 <= bytes.count {
            starts.append(index)
            let length = bytes[index..<index + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
            index += 16 + length
        }
        return starts
    }

    /// Reads `bytes` as an event file in reads of `chunk` bytes, failing (instead of spinning)
    /// when the reads stop making progress.
    private func read(_ bytes: [UInt8], chunk: Int = 1 << 20) -> (store: RunStore, counts: TensorBoardEventDecoder.Counts, skipped: SkippedLines, reads: Int) {
        let directory = TemporaryDirectory("tfrecord-robust")
        let path = directory.file("events.out.tfevents.1.host.1.0")
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let catalog = MetricCatalog()
        let source = TFRecordFileSource(RunLayout.File(path: path, format: TensorBoardFormat(), content: .episodes))
        var batch = SourceBatch(catalog: catalog)
        var reads = 1
        while source.read(maxBytes: chunk, into: &batch, atEndOfInput: true).moreAvailable {
            reads += 1
            if reads > bytes.count / max(1, chunk) + 1000 {
                Issue.record("no progress after \(reads) reads")
                break
            }
        }
        var store = RunStore(catalog: catalog)
        store.ingestEpisodes(batch.episodes)
        return (store, source.counts, batch.skipped, reads)
    }

    @Test(arguments: [1 << 20, 4096])
    func aHalfWrittenRecordLargerThanTheChunkWaitsAndIsReported(chunk: Int) throws {
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.scalars)))
        let large = TensorBoardEventFile.frame([UInt8](repeating: 0x2A, count: 4 << 20))
        let result = read(good + large.prefix(2 << 20), chunk: chunk)
        #expect(result.store.episodeCount == 50 && result.counts.scalars == 250)
        #expect(result.skipped.examples.map(\.reason) == ["incomplete last record (still being written?)"])
    }

    @Test func theRestOfALargeRecordIsReadWhenItArrives() throws {
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.scalars)))
        let starts = Self.recordStarts(good)
        // A scalar event of 3 MiB: the fixture's last record with padding in an unknown field (15, bytes).
        let last = Array(good[starts.last! + 12..<good.count - 4])
        let padding = [UInt8](repeating: 0, count: 3 << 20)
        var field: [UInt8] = [0x7A]
        var size = padding.count
        while size >= 0x80 { field.append(UInt8(size & 0x7F | 0x80)); size >>= 7 }
        field.append(UInt8(size))
        let big = TensorBoardEventFile.frame(last + field + padding)
        let directory = TemporaryDirectory("tfrecord-grow")
        let path = directory.file("events.out.tfevents.1.host.1.0")
        FileManager.default.createFile(atPath: path, contents: Data(good + big.prefix(big.count / 2)))
        let catalog = MetricCatalog()
        let source = TFRecordFileSource(RunLayout.File(path: path, format: TensorBoardFormat(), content: .episodes))
        var batch = SourceBatch(catalog: catalog)
        var reads = 0
        while source.read(maxBytes: 1 << 20, into: &batch, atEndOfInput: false).moreAvailable { reads += 1; if reads > 100 { break } }
        #expect(reads < 100 && source.counts.scalars == 250)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(big.suffix(from: big.count / 2)))
        try handle.close()
        reads = 0
        while source.read(maxBytes: 1 << 20, into: &batch, atEndOfInput: true).moreAvailable { reads += 1; if reads > 100 { break } }
        #expect(reads < 100 && source.counts.scalars == 251 && batch.skipped.count == 0, "\(batch.skipped.examples)")
    }

    @Test(arguments: [1, 6, 9])
    func aRecordWithDataBytesRemovedLosesOnlyItself(removed: Int) throws {
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.scalars)))
        let whole = read(good)
        let starts = Self.recordStarts(good)
        for record in [1, starts.count / 2, starts.count - 2] {
            var bytes = good
            bytes.removeSubrange(starts[record] + 12..<starts[record] + 12 + removed)
            let result = read(bytes)
            let total = { (counts: TensorBoardEventDecoder.Counts) in counts.scalars + counts.histograms + counts.texts + counts.otherValues + counts.fileVersions }
            #expect(total(result.counts) == total(whole.counts) - 1, "record \(record): \(result.skipped.examples)")
            #expect(result.skipped.examples.map(\.reason) == ["bad record data checksum"], "record \(record)")
        }
    }

    /// A stretch of garbage (a length whose checksum fails, then bytes until the framing is
    /// found again) is one skipped record whether it is read at once or in reads that end inside
    /// it, and so is a record with bad data whose search for the next record spans two reads.
    @Test(arguments: [13, 29, 64])
    func aBadStretchIsOneSkippedRecordHoweverItIsRead(chunk: Int) throws {
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.scalars)))
        let starts = Self.recordStarts(good)
        var bytes = good
        bytes.insert(contentsOf: [UInt8](repeating: 0xA5, count: 150), at: starts[3])
        bytes.removeSubrange(starts[10] + 150 + 12..<starts[10] + 150 + 15)
        let atOnce = read(bytes)
        let inPieces = read(bytes, chunk: chunk)
        #expect(atOnce.skipped.examples.map(\.reason) == ["bad record length checksum; 150 bytes skipped", "bad record data checksum"])
        #expect(inPieces.skipped.count == atOnce.skipped.count, "\(inPieces.skipped.examples)")
        #expect(inPieces.skipped.examples.map(\.reason) == atOnce.skipped.examples.map(\.reason))
        #expect(inPieces.counts.scalars == atOnce.counts.scalars)
    }
}
