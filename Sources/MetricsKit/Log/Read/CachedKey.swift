/// A key seen at one position of the previous log line, recognised again without scanning it:
/// consecutive lines nearly always repeat the same keys in the same order, written the same way.
///
/// It holds the key (no quote, backslash or control byte: it was scanned once), its closing
/// quote and what follows up to the value (`profit": `), so matching those bytes is exactly what
/// scanning the key and the colon would have found; more space after them is skipped as usual.
struct CachedKey {
    let bytes: [UInt8]
    let id: MetricID

    /// `text`: from just after the key's opening quote to its value's first byte.
    init(_ text: UnsafeBufferPointer<UInt8>, id: MetricID) {
        bytes = Array(text)
        self.id = id
    }

    /// Whether the key whose text starts at `start` (just after its opening quote) is this one,
    /// written as it was (then its value starts at `start + bytes.count`, or after more space).
    @inline(__always)
    func matches(_ line: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let count = bytes.count
        guard end - start > count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            guard let cached = stored.baseAddress else { return true }
            let found = line + start
            // Eight bytes at a time, the last word overlapping the one before it.
            guard count >= 8 else {
                for offset in 0..<count where found[offset] != cached[offset] { return false }
                return true
            }
            var offset = 0
            while offset + 8 < count {
                if Self.word(found + offset) != Self.word(cached + offset) { return false }
                offset += 8
            }
            return Self.word(found + count - 8) == Self.word(cached + count - 8)
        }
    }

    @inline(__always)
    private static func word(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }
}
