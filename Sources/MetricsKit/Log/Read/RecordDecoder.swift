/// Decodes the lines of one line-oriented log file (JSONL or CSV) into a `RecordBatch`.
///
/// Decoders keep whatever per-file state they need (a CSV header, key caches); `reset()` is
/// called when the file is re-read from its start. A decoder may be used on another thread than
/// the one that made it (`decoderForAnotherCatalog`: a backlog's second halves), hence
/// `SendableMetatype`.
public protocol RecordDecoder: SendableMetatype {
    /// Decodes one complete line (without its newline) into `batch`.
    mutating func decode(line: UnsafeBufferPointer<UInt8>, lineNumber: Int, into batch: inout RecordBatch) -> LineOutcome
    /// Forgets per-file state before the file is read again from the start.
    mutating func reset()
    /// A decoder that reads lines further on in the file as this one would, into a batch of
    /// another catalog (another thread's), or nil when it cannot (a CSV before its header; a
    /// format whose lines depend on the ones before them): then the file is decoded line by line
    /// in order. What those lines owe to the ones before them (a running count, the last step)
    /// is put right afterwards by `adopt`.
    func decoderForAnotherCatalog() -> Self?
    /// Takes over after `other` (from `decoderForAnotherCatalog`) read the lines that follow
    /// this decoder's, now `batch`'s `rows`: puts right what depends on the lines before them
    /// (episodes numbered in file order), carries on from where `other` stopped, and leaves
    /// `other` ready for the lines after this decoder's next ones.
    mutating func adopt(_ other: inout Self, rows: Range<Int>, in batch: inout RecordBatch)
}

extension RecordDecoder {
    public func decoderForAnotherCatalog() -> Self? { nil }
    public mutating func adopt(_ other: inout Self, rows: Range<Int>, in batch: inout RecordBatch) {}
}

/// What became of one line.
public enum LineOutcome: Equatable {
    /// A record was appended to the batch.
    case record
    /// Nothing to read: a blank line, a comment or a header.
    case ignored
    /// The line was not a record; the reason says why.
    case skipped(String)
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The line without a trailing carriage return and without a leading UTF-8 byte-order mark.
    func trimmedLine() -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = count
        if end >= 3, self[0] == 0xEF, self[1] == 0xBB, self[2] == 0xBF { start = 3 }
        if end > start, self[end - 1] == 0x0D { end -= 1 }
        return UnsafeBufferPointer(rebasing: self[start..<end])
    }

    /// Whether the line holds only spaces and tabs.
    var isBlank: Bool {
        for byte in self where byte != 0x20 && byte != 0x09 { return false }
        return true
    }
}
