import Dispatch
import Foundation
import Synchronization

/// Whole lines read together (`FileTailer.read(onLines:)`), decoded in order on this thread, or
/// their second half on another core into a batch and catalog of its own while this thread
/// decodes the first (`LineFileSource` appends it after: the records, their metric ids and the
/// skipped lines come out as decoding line by line gives them).
enum LineBlock {
    /// Blocks decoded in two halves so far in this process (tests look).
    static let halvesDecoded = Atomic<Int>(0)

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

    /// Where the second half of `block` starts: after the first newline past its middle (nil
    /// when that is its end).
    static func middle(of block: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = block.baseAddress, let found = memchr(base + block.count / 2, 0x0A, block.count - block.count / 2) else { return nil }
        let split = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        return split < block.count ? split : nil
    }

    /// Decodes `firstHalf` with `body` on this thread while `half` is decoded on another; returns
    /// the first half's line count once both are done.
    static func decode<Decoder: RecordDecoder>(_ firstHalf: UnsafeBufferPointer<UInt8>, first: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void,
                                               beside half: Half<Decoder>) -> Int {
        halvesDecoded.add(1, ordering: .relaxed)
        let group = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: group) { half.run() }
        let count = lines(in: firstHalf, first: first, body)
        group.wait()
        return count
    }

    /// The second halves of a file's blocks, decoded on another thread into a batch of a catalog
    /// of its own; the decoder, catalog and buffers are kept from block to block.
    final class Half<Decoder: RecordDecoder>: @unchecked Sendable {
        /// Reads the halves; its running state is handed over after each (`RecordDecoder.adopt`).
        var decoder: Decoder
        /// The half to decode: the reader's bytes, valid until the caller has waited for it.
        var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        private(set) var batch = RecordBatch(catalog: MetricCatalog())
        /// Lines skipped, by their place in the half (0 for its first line), with the reason.
        private(set) var skipped: [(offset: Int, reason: String)] = []
        private(set) var lines = 0

        init(_ decoder: Decoder) {
            self.decoder = decoder
        }

        func run() {
            var decoder = self.decoder
            var batch = self.batch
            batch.removeRecords(after: 0)
            var skipped: [(offset: Int, reason: String)] = []
            // Line numbers here count from the half's first line; the caller knows where it is.
            lines = LineBlock.lines(in: bytes, first: 0) { line, offset in
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
