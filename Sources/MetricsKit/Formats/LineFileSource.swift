import Foundation

/// Reads a file of appended lines (JSON lines, CSV) through a `FileTailer` and a decoder: each
/// complete line becomes a record or a skipped line with its reason; a last line without its
/// newline waits (or, at the end of a one-shot read, is read and explained); a file read again
/// from its start says so, so its model metrics replace what the store had, and the malformed
/// lines it counted before are taken back (they are counted again as the file is read: once).
///
/// ```swift
/// let source = LineFileSource(file, decoder: JSONLinesDecoder(requiresEpisode: true), maxLineBytes: 1 << 20)
/// var batch = SourceBatch(catalog: catalog)
/// let read = source.read(maxBytes: 1 << 20, into: &batch, atEndOfInput: false)
/// ```
public final class LineFileSource<Decoder: RecordDecoder>: RecordSource {
    /// Reads of at least this many bytes of whole lines are decoded in two halves at once, where
    /// the decoder allows (`RecordDecoder.decoderForAnotherCatalog`): a backlog loads on two cores.
    static var halvingBytes: Int { 256 << 10 }
    public let file: RunLayout.File
    private let tailer: FileTailer
    private var decoder: Decoder
    public private(set) var state: TailEvent?
    /// The malformed lines counted from this file since it was last read from its start.
    private var countedSkips = 0
    public var problem: String? { tailer.problem.map { "\(file.name): \($0)" } }
    public var isOpen: Bool { tailer.isOpen }

    /// Where the second halves of large reads are decoded, while a backlog is read.
    private var secondHalves: LineBlock.Half<Decoder>?

    public init(_ file: RunLayout.File, decoder: Decoder, maxLineBytes: Int) {
        self.file = file
        self.decoder = decoder
        tailer = FileTailer(path: file.path, maxLineBytes: maxLineBytes)
    }

    public func park() { tailer.park() }

    public func read(maxBytes: Int, into batch: inout SourceBatch, atEndOfInput: Bool) -> SourceRead {
        let modelMetrics = file.content == .modelMetrics
        var records = modelMetrics ? batch.modelMetrics : batch.episodes
        var skipped = batch.skipped
        let name = file.name
        // The decoder is worked on as a local: a class property would cost an exclusivity check per line.
        var decoder = self.decoder
        var counted = countedSkips
        var halves = secondHalves
        let decodeLine: (UnsafeBufferPointer<UInt8>, Int) -> Void = { line, number in
            // Line 1: the file is being read from its start (first read or after a restart).
            if number == 1 {
                decoder.reset()
                halves = nil
                skipped.withdraw(counted) { $0.file == name }
                counted = 0
            }
            if case .skipped(let reason) = decoder.decode(line: line, lineNumber: number, into: &records) {
                skipped.record(file: name, line: number, reason: reason)
                counted += 1
            }
        }
        // The file's second halves, made once the decoder can read lines apart.
        let currentHalf: () -> LineBlock.Half<Decoder>? = {
            halves = halves ?? decoder.decoderForAnotherCatalog().map { LineBlock.Half($0) }
            return halves
        }
        // A large read of lines that can be decoded apart: its second part on another core. A
        // read from the file's start goes in order (its first lines may be what the rest
        // depend on: a CSV header), as does one the decoder cannot split yet.
        let decodeLines: (UnsafeBufferPointer<UInt8>, Int) -> Int = { block, first in
            guard first > 1, block.count >= Self.halvingBytes, let secondHalf = currentHalf() else {
                return LineBlock.lines(in: block, first: first, decodeLine)
            }
            let firstLines: Int
            if let split = secondHalf.splitDecodedAhead(in: block) {
                // Read ahead: its second part has been decoded since (or is being decoded).
                LineBlock.halvesDecodedAhead.add(1, ordering: .relaxed)
                firstLines = LineBlock.lines(in: UnsafeBufferPointer(rebasing: block[..<split]), first: first, decodeLine)
                secondHalf.waitForPartDecodedAhead()
            } else if let split = LineBlock.split(of: block) {
                firstLines = secondHalf.decode(UnsafeBufferPointer(rebasing: block[..<split]), first: first, decodeLine,
                                               beside: UnsafeBufferPointer(rebasing: block[split...]))
            } else {
                secondHalf.wait()
                return LineBlock.lines(in: block, first: first, decodeLine)
            }
            let firstRow = records.count
            records.append(contentsOf: secondHalf.batch)
            decoder.adopt(&secondHalf.decoder, rows: firstRow..<records.count, in: &records)
            for (offset, reason) in secondHalf.skipped {
                skipped.record(file: name, line: first + firstLines + offset, reason: reason)
                counted += 1
            }
            return firstLines + secondHalf.lines
        }
        // A backlog's next piece is read ahead: its second part is decoded as soon as it is read
        // (asked for after this read's lines: a CSV header read now already counts).
        let aheadWork: () -> ReadAheadWork? = {
            guard let secondHalf = currentHalf() else { return nil }
            secondHalf.expectPiece()
            return secondHalf
        }
        let tail = tailer.read(maxBytes: maxBytes, onLine: decodeLine, onLines: decodeLines, aheadWork: aheadWork)
        // Kept while a backlog is read (its buffers and key cache serve the next read); a file
        // read to its end lets go of it, so thousands of quiet runs hold none.
        secondHalves = tail.moreAvailable ? halves : nil
        if atEndOfInput && !tail.moreAvailable {
            let before = skipped.count
            tailer.flushPartialLine(onLine: decodeLine)
            if skipped.count > before {
                // Say why: a last line without its newline is most likely still being written.
                skipped.amendLast(reason: "incomplete last line (no newline yet; still being written?)")
            }
        }
        self.decoder = decoder
        for line in tail.oversizedLines {
            skipped.record(file: name, line: line, reason: "line longer than \(tailer.maxLineBytes / 1024) KiB")
            counted += 1
        }
        countedSkips = counted
        if let last = tail.events.last { state = last }
        if modelMetrics { batch.modelMetrics = records } else { batch.episodes = records }
        batch.skipped = skipped
        var read = SourceRead()
        read.events = tail.events
        read.bytesRead = tail.bytesRead
        read.moreAvailable = tail.moreAvailable
        read.replaysModelMetrics = modelMetrics && tail.events.contains(where: \.restartsFromBeginning)
        return read
    }
}
