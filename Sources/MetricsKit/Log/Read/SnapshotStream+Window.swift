import Foundation

/// The read window: bytes fetched from the file, kept from one fill to the next, and the
/// scan that finds where a value ends.
extension SnapshotStream {
    mutating func fill(_ fetch: (UnsafeMutableRawPointer, Int, Int) -> Int) -> Int {
        if position > 0 {
            // Keep the unconsumed bytes, at the front.
            let kept = windowEnd - position
            if kept > 0 { window.withUnsafeMutableBytes { _ = memmove($0.baseAddress!, $0.baseAddress! + position, kept) } }
            windowEnd = kept
            windowOffset += position
            scannedTo = scannedTo.map { $0 - position }
            position = 0
        }
        if window.count < windowEnd + chunk {
            // Grown without filling: only the kept bytes are copied, the rest is written by
            // `fetch` before it is read (a zero-filled megabyte per version read cost 0.1 s in debug builds).
            let kept = windowEnd
            window = [UInt8](unsafeUninitializedCapacity: kept + chunk) { buffer, count in
                window.withUnsafeBufferPointer { old in
                    if kept > 0, let from = old.baseAddress { buffer.baseAddress!.update(from: from, count: kept) }
                }
                count = kept + chunk
            }
        }
        let offset = windowOffset + windowEnd
        let end = windowEnd
        let count = window.withUnsafeMutableBytes { fetch($0.baseAddress! + end, chunk, offset) }
        if count > 0 { windowEnd += count }
        if count == chunk && chunk < Self.fileChunk { chunk *= 2 }
        return count
    }

    mutating func skipSpace() -> Bool {
        while position < windowEnd {
            let byte = window[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return true }
            position += 1
        }
        return false
    }

    /// The end of the value at `position` if the window holds all of it. An incomplete value is
    /// scanned on from where the last look stopped when more bytes come, never again from its start.
    mutating func completeValue() -> Int? {
        let from = scannedTo ?? position
        if scannedTo == nil { scanner = JSONValueScanner() }
        let filled = windowEnd
        let end = window.withUnsafeBufferPointer { scanner.scan(UnsafeBufferPointer(rebasing: $0[0..<filled]), from: from) }
        scannedTo = end == nil ? windowEnd : nil
        return end
    }

    func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        window.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[start..<end]) }
    }
}
