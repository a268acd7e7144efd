import AlertKit
import Foundation
import MetricsKit
import NexlifyTUI

/// Every parser that reads bytes from a file or a user, as a fuzz target: raw bytes in, nothing
/// may trap, hang or grow without bound. One row per parser: `scripts/fuzz` runs each under
/// libFuzzer (with `Tests/Fuzz/corpus/<name>/` as the seed corpus), and the unit tests run each
/// over mutated seeds.
///
/// ```swift
/// let target = FuzzTargets.named("json-line")!
/// [UInt8]("{\"episode\": 1}".utf8).withUnsafeBytes(target.run)
/// ```
public enum FuzzTargets {
    /// One parser under test.
    public struct Target: Sendable {
        public let name: String
        public let run: @Sendable (UnsafeRawBufferPointer) -> Void
    }

    /// Every target: the parsers below, then the growing-file targets (`GrowthTargets`).
    public static let all: [Target] = parsers + GrowthTargets.all

    private static let parsers: [Target] = [
        Target(name: "json-line") { bytes in
            var json = JSONLinesDecoder(requiresEpisode: false)
            var batch = RecordBatch(catalog: MetricCatalog())
            _ = json.decode(line: bytes.bindMemory(to: UInt8.self), lineNumber: 1, into: &batch)
        },
        Target(name: "json-document") { bytes in
            var reader = JSONReader(maxDepth: 64)
            _ = try? reader.read(bytes.bindMemory(to: UInt8.self))
            _ = SnapshotStream.read(Array(bytes), catalog: MetricCatalog())
        },
        Target(name: "csv") { bytes in
            // Read whole, and reading only what `summary` needs: each line has the same outcome.
            var csv = CSVRecordDecoder()
            var batch = RecordBatch(catalog: MetricCatalog())
            var selective = CSVRecordDecoder()
            let selectiveCatalog = MetricCatalog()
            selectiveCatalog.namesNeeded = RunSummary.selection.kept(among:)
            var selectiveBatch = RecordBatch(catalog: selectiveCatalog)
            let lines = bytes.bindMemory(to: UInt8.self).split(separator: 0x0A, omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                Array(line).withUnsafeBufferPointer {
                    let whole = csv.decode(line: $0, lineNumber: number + 1, into: &batch)
                    let selected = selective.decode(line: $0, lineNumber: number + 1, into: &selectiveBatch)
                    precondition(whole == selected, "line \(number + 1): \(whole) read whole, \(selected) read selectively")
                }
            }
            // And as a block is read on two cores: its second half by a decoder for another
            // catalog, handed back with `adopt` (as Stable-Baselines3's progress.csv is read).
            var halves = StepKeyedDecoder(CSVRecordDecoder(), step: "time/total_timesteps")
            var inOrder = StepKeyedDecoder(CSVRecordDecoder(), step: "time/total_timesteps")
            var halvesBatch = RecordBatch(catalog: MetricCatalog()), inOrderBatch = RecordBatch(catalog: MetricCatalog())
            var otherBatch = RecordBatch(catalog: MetricCatalog())
            var other: StepKeyedDecoder<CSVRecordDecoder>?
            for (number, line) in lines.enumerated() {
                if number == lines.count / 2 { other = halves.decoderForAnotherCatalog() }
                Array(line).withUnsafeBufferPointer {
                    let expected = inOrder.decode(line: $0, lineNumber: number + 1, into: &inOrderBatch)
                    let read = other == nil ? halves.decode(line: $0, lineNumber: number + 1, into: &halvesBatch)
                        : other!.decode(line: $0, lineNumber: number + 1, into: &otherBatch)
                    precondition(expected == read, "line \(number + 1): \(expected) in order, \(read) in a second half")
                }
            }
            if var reader = other {
                let firstRow = halvesBatch.count
                halvesBatch.append(contentsOf: otherBatch)
                halves.adopt(&reader, rows: firstRow..<halvesBatch.count, in: &halvesBatch)
            }
            precondition(halvesBatch.episodes == inOrderBatch.episodes && halvesBatch.fieldStarts == inOrderBatch.fieldStarts,
                         "the records of a block read in halves differ from those read in order")
        },
        Target(name: "numbers") { bytes in
            let buffer = bytes.bindMemory(to: UInt8.self)
            if let base = buffer.baseAddress { _ = NumberParser.parse(base, 0, buffer.count) }
            _ = NumberParser.parseLenient(buffer)
        },
        Target(name: "tfrecord") { bytes in
            // The bytes as a TensorBoard event file (framing, CRCs, events) and as one event.
            let buffer = bytes.bindMemory(to: UInt8.self)
            var decoder = TensorBoardEventDecoder(catalog: MetricCatalog())
            var batch = RecordBatch(catalog: MetricCatalog())
            _ = TFRecordFramer.split(buffer, maxRecordBytes: 1 << 16) { piece in
                if case .record(let data) = piece { _ = decoder.decode(event: data, into: &batch) }
            }
            _ = decoder.decode(event: buffer, into: &batch)
            decoder.flush(into: &batch)
        },
        Target(name: "iso-date") { bytes in
            _ = ISODate.parse(bytes.bindMemory(to: UInt8.self))
        },
        Target(name: "filter") { bytes in
            _ = try? RunFilter.parse(String(decoding: bytes, as: UTF8.self))
        },
        Target(name: "theme") { bytes in
            _ = ThemeFile.read(Array(bytes))
        },
        Target(name: "config") { bytes in
            _ = try? DashboardConfig.parse(Data(bytes))
        },
        Target(name: "alert-state") { bytes in
            _ = try? JSONValueDecoder.decode(AlertState.self, from: Data(bytes))
        },
        Target(name: "experiment") { bytes in
            _ = try? JSONValueDecoder.decode(Experiment.self, from: Data(bytes))
        },
        Target(name: "control") { bytes in
            // control.json as the dashboard and the trainer leave it.
            _ = ControlRequest.parse(Data(bytes))
        },
        Target(name: "remote-reply") { bytes in
            // What the remote reader sends, in two pieces, applied to a copy: nothing may trap,
            // and nothing may be written outside the copy's directory.
            let copy = remoteCopy
            var parser = RemoteReplyParser()
            let all = Array(bytes)
            let split = all.count / 3
            for piece in [Array(all[0..<split]), Array(all[split...])] {
                parser.append(piece)
                while let record = try? parser.next() { copy.apply(record) }
            }
            precondition(((try? FileManager.default.contentsOfDirectory(atPath: remoteCopyParent)) ?? []) == ["copy"], "written outside the copy")
        },
    ]

    /// Where the remote-reply target's copy lives (one per process: a directory per execution
    /// would cost more than the parse).
    private static let remoteCopyParent = NSTemporaryDirectory() + "nexlify-fuzz-remote-\(getpid())"
    nonisolated(unsafe) private static let remoteCopy: RemoteMirror = {
        let mirror = try! RemoteMirror(directory: remoteCopyParent + "/copy", roots: ["runs", "runs/episodes.jsonl"])
        mirror.apply(.root(0, .directory))
        mirror.apply(.root(1, .file))
        return mirror
    }()

    public static func named(_ name: String) -> Target? {
        all.first { $0.name == name }
    }
}
