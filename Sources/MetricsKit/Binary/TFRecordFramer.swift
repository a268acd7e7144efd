/// Splits bytes into TFRecord records: `uint64 length`, `uint32 masked CRC-32C of length`,
/// `data`, `uint32 masked CRC-32C of data`, all little-endian. Both CRCs are checked; a length
/// whose CRC fails cannot be trusted, so the framer looks byte by byte for the next place where a
/// length and its CRC agree and reports what it passed over. A record whose data fails its CRC
/// may have been cut short, so the search starts again right after its header (never trusting its
/// length to skip its neighbours). Pure: no file, no state.
///
/// ```swift
/// let split = TFRecordFramer.split(buffer, maxRecordBytes: 16 << 20) { piece in
///     if case .record(let data) = piece { /* decode the event */ }
/// }
/// split.used        // bytes of whole records (a partial last record is left for later)
/// ```
public enum TFRecordFramer {
    /// One thing found in the bytes.
    public enum Piece {
        case record(UnsafeBufferPointer<UInt8>)
        /// A record whose data does not match its CRC.
        case badData
        /// Bytes passed over to find the framing again after a length whose CRC failed.
        case badLength(skippedBytes: Int)
        /// A record longer than the limit, stepped over without being held.
        case oversized(length: Int)
    }

    public static let headerBytes = 12
    public static let footerBytes = 4

    /// Hands out the pieces at the start of `bytes`; returns the bytes they take and, for an
    /// oversized last record, how many of its bytes lie beyond `bytes` (to step over later).
    public static func split(_ bytes: UnsafeBufferPointer<UInt8>, maxRecordBytes: Int, onPiece: (Piece) -> Void) -> (used: Int, skipAfter: Int) {
        var index = 0
        while bytes.count - index >= headerBytes {
            guard let length = checkedLength(bytes, at: index) else {
                let next = nextHeader(bytes, from: index + 1)
                onPiece(.badLength(skippedBytes: next - index))
                index = next
                continue
            }
            if length > maxRecordBytes {
                onPiece(.oversized(length: length))
                let whole = headerBytes + length + footerBytes
                let here = min(whole, bytes.count - index)
                return (index + here, whole - here)
            }
            guard bytes.count - index - headerBytes - footerBytes >= length else { break }
            let data = UnsafeBufferPointer(rebasing: bytes[index + headerBytes..<index + headerBytes + length])
            guard CRC32C.masked(data) == word32(bytes, index + headerBytes + length) else {
                // The length checked out but the data did not: bytes of it may be missing (a
                // record cut short), so its length would step over good records. The framing
                // is looked for again from the byte after its header.
                onPiece(.badData)
                index = nextHeader(bytes, from: index + headerBytes)
                continue
            }
            onPiece(.record(data))
            index += headerBytes + length + footerBytes
        }
        return (index, 0)
    }

    /// The first place at or after `start` where a length and its CRC agree, or, when there is
    /// none, the first place too close to the end to hold a header (looked at again with more bytes).
    private static func nextHeader(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var next = start
        while next <= bytes.count - headerBytes && checkedLength(bytes, at: next) == nil { next += 1 }
        return next
    }

    /// The whole size (header, data, footer) of the first record of `bytes`, when its length
    /// field checks out.
    public static func wholeLength(ofFirstRecordIn bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        checkedLength(bytes, at: 0).map { headerBytes + $0 + footerBytes }
    }

    /// The data length of the record at `index` when its length CRC matches.
    private static func checkedLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index >= 0, bytes.count - index >= headerBytes, let base = bytes.baseAddress else { return nil }
        guard CRC32C.masked(UnsafeBufferPointer(start: base + index, count: 8)) == word32(bytes, index + 8) else { return nil }
        let length = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
        return length <= UInt64(Int32.max) ? Int(length) : nil
    }

    private static func word32(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt32.self))
    }
}
