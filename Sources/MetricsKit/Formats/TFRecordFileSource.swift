import Foundation

/// Follows a file of TFRecord-framed records (TensorBoard event files) and hands each record's
/// data to a `TensorBoardEventDecoder`.
///
/// Records are split by `TFRecordFramer`, which checks both CRCs: a record whose data or length
/// fails its check is skipped and counted (after a bad length, what was passed over to find the
/// framing again counts as one bad record). A half-written last record waits for the rest (and at the end
/// of a one-shot read is reported as such). A record longer than `maxRecordBytes` (a large graph)
/// is stepped over without being held. A file that shrank or was replaced is read again from
/// its start, its steps not counted twice (the store keeps the first record of each step).
///
/// A step is handed out when a later step begins or when the reading reaches the end of the
/// file. Writers such as `SummaryWriter` flush a few events at a time, so the end of the file is
/// often the middle of a step: the rest of it comes in the next read, and the store adds it to
/// the step it has (`RunStore.ingestEpisodes`), so nothing waits and nothing is counted twice.
public final class TFRecordFileSource: RecordSource {
    public let file: RunLayout.File
    public private(set) var state: TailEvent?
    public private(set) var problem: String?
    /// Whether the file is open, or parked (it existed at the last read).
    public var isOpen: Bool { descriptor >= 0 || parked }
    /// Scalars, histograms, text and other values read so far.
    public var counts: TensorBoardEventDecoder.Counts { decoder?.counts ?? TensorBoardEventDecoder.Counts() }

    private let maxRecordBytes: Int
    private var decoder: TensorBoardEventDecoder?
    private var descriptor: Int32 = -1
    private var identity: FileIdentity?
    /// Closed while idle (read to its end); `identity` is the file as it was then.
    private var parked = false
    /// Whether the last read took all there was to take (the rest of a half-written record may
    /// still be missing): only then may the file be parked, or what is left would go unread.
    private var caughtUp = false
    /// Where the next unread record starts.
    private var offset = 0
    /// Bytes of an oversized record still to step over.
    private var skipping = 0
    private var recordNumber = 0
    /// The search for the framing the last piece began (after a bad length or bad data), when
    /// no piece came after it: a search that ran out of bytes goes on in the next read, and what
    /// it passes over then belongs to the same piece (one skipped record, however the file was read).
    private var searching: FramingSearch?

    private enum FramingSearch {
        case afterBadData
        case afterBadLength(skippedBytes: Int)
    }
    /// The highest step handed out so far.
    private var newestStep: Int?
    private var reportedWaiting = false

    public init(_ file: RunLayout.File, maxRecordBytes: Int = 16 << 20) {
        self.file = file
        self.maxRecordBytes = maxRecordBytes
    }

    deinit {
        if descriptor >= 0 { Foundation.close(descriptor) }
    }

    /// Closes the descriptor of a file read to its end, or to a record still being written (a
    /// quiet run in a view of thousands holds none); the next read opens it again only when
    /// `stat` says it changed.
    public func park() {
        guard descriptor >= 0, caughtUp, let current = FileIdentity.of(descriptor: descriptor) else { return }
        Foundation.close(descriptor)
        descriptor = -1
        identity = current
        parked = true
    }

    public func read(maxBytes: Int, into batch: inout SourceBatch, atEndOfInput: Bool) -> SourceRead {
        var result = SourceRead()
        if decoder == nil { decoder = TensorBoardEventDecoder(catalog: batch.episodes.catalog, tagPrefix: file.metricPrefix) }
        if parked {
            // Unchanged: nothing to do, no descriptor taken. Changed: opened again and checked.
            guard FileIdentity.of(path: file.path) != identity else { return result }
            parked = false
            if case .success(let reopened) = RegularFile.open(file.path) { descriptor = reopened } else { restart(.removed, &result) }
        }
        checkPath(&result)
        if descriptor < 0 { open(&result) }
        guard descriptor >= 0, let current = FileIdentity.of(descriptor: descriptor) else { return result }
        var records = batch.episodes
        let handedOutBefore = records.count
        var skipped = batch.skipped
        defer {
            batch.episodes = records
            batch.skipped = skipped
        }
        var waitingForRest = false
        if current.size > offset {
            let before = offset
            let reachedEnd = readRecords(fileSize: current.size, maxBytes: maxBytes, &records, &skipped)
            result.bytesRead = offset - before
            result.moreAvailable = !reachedEnd
            waitingForRest = reachedEnd && offset < current.size
        }
        caughtUp = !result.moreAvailable
        let endOfInput = atEndOfInput && !result.moreAvailable
        // The step read last is handed out at the end of what there is, so a live run shows it;
        // one that goes back (a step not after the newest handed out) waits to be handed out
        // whole, since the store can only add the rest of the newest step to it.
        noteNewestStep(in: records, from: handedOutBefore)
        if !result.moreAvailable, endOfInputOrNewest(atEndOfInput) {
            decoder?.flush(into: &records)
            noteNewestStep(in: records, from: handedOutBefore)
        }
        if endOfInput && waitingForRest && skipping == 0 {
            skipped.record(file: file.name, line: recordNumber + 1, reason: "incomplete last record (still being written?)")
        }
        return result
    }

    private func noteNewestStep(in records: RecordBatch, from start: Int) {
        if let newest = records.episodes[start...].max() { newestStep = max(newestStep ?? newest, newest) }
    }

    /// Whether the pending step may be handed out now: at the end of a one-shot read, or when it
    /// is after every step handed out so far.
    private func endOfInputOrNewest(_ atEndOfInput: Bool) -> Bool {
        guard !atEndOfInput, let pending = decoder?.pendingStepNumber, let newestStep else { return true }
        return pending > newestStep
    }

    /// Reads the complete records in the next `maxBytes` of the file (a record longer than that
    /// is read whole); returns whether the bytes read reached the end of the file.
    private func readRecords(fileSize: Int, maxBytes: Int, _ records: inout RecordBatch, _ skipped: inout SkippedLines) -> Bool {
        if skipping > 0 {
            let step = min(skipping, fileSize - offset)
            skipping -= step
            offset += step
            if skipping > 0 || offset == fileSize { return true }
        }
        let remaining = fileSize - offset
        var chunk = readChunk(min(remaining, max(maxBytes, TFRecordFramer.headerBytes)))
        if let needed = chunk.withUnsafeBufferPointer(TFRecordFramer.wholeLength(ofFirstRecordIn:)), needed > chunk.count, needed <= remaining,
           needed <= maxRecordBytes + TFRecordFramer.headerBytes + TFRecordFramer.footerBytes {
            chunk = readChunk(needed)
        }
        let used = chunk.withUnsafeBufferPointer { frames(in: $0, &records, &skipped) }
        offset += used
        if used == 0, let needed = chunk.withUnsafeBufferPointer(TFRecordFramer.wholeLength(ofFirstRecordIn:)), needed > remaining {
            // The next record is not all written yet (a writer killed or still writing a large
            // event): it waits for the rest, however much of it the file already holds.
            return true
        }
        return offset + (chunk.count - used) >= fileSize
    }

    private func readChunk(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = max(0, pread(descriptor, buffer.baseAddress, count, off_t(offset)))
        }
    }

    /// Decodes the complete records at the start of `bytes`; returns the bytes they take (and
    /// any bad bytes passed over).
    private func frames(in bytes: UnsafeBufferPointer<UInt8>, _ records: inout RecordBatch, _ skipped: inout SkippedLines) -> Int {
        let name = file.name
        let limit = maxRecordBytes
        var decoder = self.decoder!
        var number = recordNumber
        var search = searching
        let split = TFRecordFramer.split(bytes, maxRecordBytes: limit) { piece in
            // Only the first piece of a read can go on with the last read's search.
            if case .badLength(let skippedBytes) = piece, let earlier = search {
                if case .afterBadLength(let passed) = earlier {
                    search = .afterBadLength(skippedBytes: passed + skippedBytes)
                    skipped.amendLast(reason: "bad record length checksum; \(passed + skippedBytes) bytes skipped", file: name, line: number)
                }
                return
            }
            search = nil
            number += 1
            switch piece {
            case .record(let data):
                if case .skipped(let reason) = decoder.decode(event: data, into: &records) { skipped.record(file: name, line: number, reason: reason) }
            case .badData:
                search = .afterBadData
                skipped.record(file: name, line: number, reason: "bad record data checksum")
            case .badLength(let skippedBytes):
                search = .afterBadLength(skippedBytes: skippedBytes)
                skipped.record(file: name, line: number, reason: "bad record length checksum; \(skippedBytes) bytes skipped")
            case .oversized(let length):
                skipped.record(file: name, line: number, reason: "record of \(length) bytes is larger than \(limit >> 20) MiB; skipped")
            }
        }
        self.decoder = decoder
        recordNumber = number
        searching = search
        skipping = split.skipAfter
        return split.used
    }

    // MARK: The file

    private func open(_ result: inout SourceRead) {
        switch RegularFile.open(file.path) {
        case .success(let opened):
            descriptor = opened
            identity = FileIdentity.of(descriptor: opened)
            reportedWaiting = false
            problem = nil
            note(.opened, &result)
        case .failure(.missing):
            if !reportedWaiting {
                reportedWaiting = true
                note(.waitingForFile, &result)
            }
        case .failure(let failure):
            if problem != failure.description { note(.unreadable(failure.description), &result) }
            problem = failure.description
        }
    }

    /// A file that shrank or another file at the path: read from the start.
    private func checkPath(_ result: inout SourceRead) {
        guard descriptor >= 0, let known = identity else { return }
        let current = FileIdentity.of(path: file.path)
        let replaced = current.map { !$0.isSameFile(as: known) } ?? true
        let truncated = !replaced && (current?.size ?? 0) < offset
        guard replaced || truncated else {
            identity = current
            return
        }
        restart(replaced ? (current == nil ? .removed : .replaced(continued: false)) : .truncated, &result)
    }

    /// Forgets the file read so far: the next one at the path is read from its start.
    private func restart(_ event: TailEvent, _ result: inout SourceRead) {
        if descriptor >= 0 { Foundation.close(descriptor) }
        descriptor = -1
        identity = nil
        offset = 0
        skipping = 0
        recordNumber = 0
        searching = nil
        decoder?.reset()
        note(event, &result)
    }

    private func note(_ event: TailEvent, _ result: inout SourceRead) {
        state = event
        result.events.append(event)
    }
}
