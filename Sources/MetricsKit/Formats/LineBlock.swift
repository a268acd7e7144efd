import Dispatch
import Foundation
import Synchronization

/// Whole lines read together (`FileTailer.read(onLines:)`), decoded in order on this thread, or
/// their second part on another core into a batch and catalog of its own while this thread
/// decodes the first (`LineFileSource` appends it after: the records, their metric ids and the
/// skipped lines come out as decoding line by line gives them). A backlog's next piece, read
/// ahead (`ReadAhead`), has its second part decoded on the thread that read it while this one
/// stores the piece before.
enum LineBlock {
    /// Second parts decoded on another core so far in this process, and how many of them as
    /// their piece was read ahead (tests look).
    static let halvesDecoded = Atomic<Int>(0)
    static let halvesDecodedAhead = Atomic<Int>(0)

    /// Calls `body` with each line of `block` (each ends with its newline, given without it) and
    /// its number from `first`; returns how many there were.
    @discardableResult
    static func lines(in block: UnsafeBufferPointer<UInt8>, first: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) -> Int {
        guard let base = block.baseAddress else { return 0 }
        var start = 0
        var count = 0
        while start < block.count, let found = memchr(base + start, 0x0A, block.count - start) {
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            body(UnsafeBufferPointer(start: base + start, count: newline - start), first + count)
            count += 1
            start = newline + 1
        }
        return count
    }

    /// Where the second part of `block` starts: after the first newline past `share` of it (nil
    /// when that is its end).
    static func split(of block: UnsafeBufferPointer<UInt8>, share: Double = 0.5) -> Int? {
        let from = Int(Double(block.count) * share)
        guard let base = block.baseAddress, let found = memchr(base + from, 0x0A, block.count - from) else { return nil }
        let split = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        return split < block.count ? split : nil
    }

    /// The second parts of a file's blocks, decoded on another thread into a batch of a catalog
    /// of its own; the decoder, catalog and buffers are kept from block to block. One part at a
    /// time: each use waits for the last to be done.
    final class Half<Decoder: RecordDecoder>: ReadAheadWork, @unchecked Sendable {
        /// Reads the parts; its running state is handed over after each (`RecordDecoder.adopt`).
        var decoder: Decoder
        private(set) var batch = RecordBatch(catalog: MetricCatalog())
        /// Lines skipped, by their place in the part (0 for its first line), with the reason.
        private(set) var skipped: [(offset: Int, reason: String)] = []
        private(set) var lines = 0
        private let busy = DispatchGroup()
        /// The last piece read ahead, kept while this is (so no other piece can lie where it
        /// lay), and the part of it decoded here: from the first newline past `firstShare` of it
        /// to its last newline.
        private var aheadPiece: [UInt8] = []
        private var aheadPart: Range<Int>?
        /// The share of a piece read ahead that the reading thread decodes itself. It starts below
        /// half (this thread starts on its part while the reader still stores the piece before)
        /// and follows whichever thread waits, so the two parts take as long (`waitForPartDecodedAhead`).
        private var firstShare = 0.4

        init(_ decoder: Decoder) {
            self.decoder = decoder
        }

        /// Waits until the part being decoded, if any, is done.
        func wait() {
            busy.wait()
        }

        /// Waits for the part decoded ahead, after the reader decoded its own, and moves the next
        /// piece's split toward the thread that finished first.
        func waitForPartDecodedAhead() {
            let readerWaits = busy.wait(timeout: .now()) == .timedOut
            firstShare = min(0.6, max(0.2, firstShare + (readerWaits ? 0.01 : -0.01)))
            busy.wait()
        }

        /// Decodes `firstPart` with `body` on this thread while `secondPart` is decoded on
        /// another; returns the first part's line count once both are done.
        func decode(_ firstPart: UnsafeBufferPointer<UInt8>, first: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void,
                    beside secondPart: UnsafeBufferPointer<UInt8>) -> Int {
            wait()
            busy.enter()
            // The caller's bytes: valid until it returns, after the wait below.
            nonisolated(unsafe) let secondPart = secondPart
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                decode(secondPart)
                busy.leave()
            }
            let count = LineBlock.lines(in: firstPart, first: first, body)
            wait()
            return count
        }

        /// Where `block` (the whole lines of a piece read ahead) was split by `prepare`, when its
        /// second part is decoded here already (or being decoded); nil for another block.
        func splitDecodedAhead(in block: UnsafeBufferPointer<UInt8>) -> Int? {
            guard let part = aheadPart, let blockStart = block.baseAddress else { return nil }
            return aheadPiece.withUnsafeBufferPointer { piece -> Int? in
                guard let base = piece.baseAddress, base + part.upperBound == blockStart + block.count,
                      base + part.lowerBound > blockStart else { return nil }
                return blockStart.distance(to: base + part.lowerBound)
            }
        }

        /// The next piece is to be read ahead and its second part decoded here.
        func expectPiece() {
            wait()
            aheadPiece = []
            aheadPart = nil
            busy.enter()
        }

        func prepare(_ piece: [UInt8]) {
            aheadPiece = piece
            aheadPart = piece.withUnsafeBufferPointer { piece -> Range<Int>? in
                guard let base = piece.baseAddress, let last = FileTailer.lastNewline(base, from: 0, to: piece.count) else { return nil }
                let end = last + 1
                guard let split = LineBlock.split(of: UnsafeBufferPointer(start: base, count: end), share: firstShare) else { return nil }
                return split..<end
            }
        }

        func run() {
            if let part = aheadPart {
                aheadPiece.withUnsafeBufferPointer { decode(UnsafeBufferPointer(rebasing: $0[part])) }
            }
            busy.leave()
        }

        private func decode(_ part: UnsafeBufferPointer<UInt8>) {
            halvesDecoded.add(1, ordering: .relaxed)
            var decoder = self.decoder
            var batch = self.batch
            batch.removeRecords(after: 0)
            var skipped: [(offset: Int, reason: String)] = []
            // Line numbers here count from the part's first line; the caller knows where it is.
            lines = LineBlock.lines(in: part, first: 0) { line, offset in
                if case .skipped(let reason) = decoder.decode(line: line, lineNumber: offset + 2, into: &batch) {
                    skipped.append((offset, reason))
                }
            }
            self.decoder = decoder
            self.batch = batch
            self.skipped = skipped
        }
    }
}
