/// The fast path for the common log line: one flat JSON object whose values are all numbers,
/// `NaN`/`Infinity` or `null`. It decodes straight into a `RecordBatch` without allocating.
///
/// Anything else (strings, arrays, nested objects, escapes, two keys naming one metric, syntax it
/// does not expect) makes it
/// answer `.needsFallback`, and the caller hands the line to `JSONValue`/`RecordFlattener`,
/// which give the same result for the lines both accept.
/// ```swift
/// var scanner = FlatLineScanner()
/// var batch = RecordBatch(catalog: MetricCatalog())
/// let line = Array(#"{"episode": 1, "profit": NaN}"#.utf8)
/// line.withUnsafeBufferPointer { scanner.scan($0, into: &batch) }   // .decoded
/// ```
public struct FlatLineScanner {
    /// What happened to one line.
    public enum Outcome: Equatable {
        case decoded
        case needsFallback
        /// The object has an episode key whose value is not a whole number.
        case badEpisode
    }

    /// Key bytes seen at each position of the previous line, with their ids: consecutive lines
    /// nearly always repeat the same keys in the same order.
    private var cachedKeys: [(bytes: [UInt8], id: MetricID)] = []

    public init() {}

    public mutating func scan(_ line: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch) -> Outcome {
        guard let bytes = line.baseAddress else { return .needsFallback }
        let end = line.count
        var index = skipSpace(bytes, 0, end)
        guard index < end, bytes[index] == UInt8(ascii: "{") else { return .needsFallback }
        index += 1
        batch.beginRecord()
        var episode: Int?
        var episodeSeen = false
        var position = 0
        var seenLowIDs: UInt64 = 0
        let recordStart = batch.fieldIDs.count
        index = skipSpace(bytes, index, end)
        if index < end && bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard index < end, bytes[index] == UInt8(ascii: "\"") else { return fail(&batch) }
                let keyStart = index + 1
                var keyEnd = keyStart
                while keyEnd < end {
                    let byte = bytes[keyEnd]
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") || byte < 0x20 { return fail(&batch) }
                    keyEnd += 1
                }
                guard keyEnd < end else { return fail(&batch) }
                let id = keyID(UnsafeBufferPointer(start: bytes + keyStart, count: keyEnd - keyStart), position, batch.catalog)
                position += 1
                // Two keys for one metric (a repeated key, or an alias beside its canonical name):
                // the general path settles which one wins.
                if id == MetricCatalog.episodeID {
                    if episodeSeen { return fail(&batch) }
                    episodeSeen = true
                } else if id < 64 {
                    let bit: UInt64 = 1 << UInt64(id)
                    if seenLowIDs & bit != 0 { return fail(&batch) }
                    seenLowIDs |= bit
                } else if batch.fieldIDs[recordStart...].contains(id) {
                    return fail(&batch)
                }
                index = skipSpace(bytes, keyEnd + 1, end)
                guard index < end, bytes[index] == UInt8(ascii: ":") else { return fail(&batch) }
                index = skipSpace(bytes, index + 1, end)
                guard index < end else { return fail(&batch) }
                if bytes[index] == UInt8(ascii: "n") {
                    guard end - index >= 4, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "l"),
                          bytes[index + 3] == UInt8(ascii: "l") else { return fail(&batch) }
                    index += 4
                } else {
                    guard let (value, next) = NumberParser.parse(bytes, index, end) else { return fail(&batch) }
                    index = next
                    if id == MetricCatalog.episodeID {
                        guard let whole = Int(exactly: value) else {
                            batch.rollbackRecord()
                            return .badEpisode
                        }
                        episode = whole
                    } else {
                        batch.appendField(id, value)
                    }
                }
                index = skipSpace(bytes, index, end)
                guard index < end else { return fail(&batch) }
                if bytes[index] == UInt8(ascii: ",") {
                    index = skipSpace(bytes, index + 1, end)
                    continue
                }
                guard bytes[index] == UInt8(ascii: "}") else { return fail(&batch) }
                index += 1
                break
            }
        }
        guard skipSpace(bytes, index, end) == end else { return fail(&batch) }
        batch.commitRecord(episode: episode)
        return .decoded
    }

    @inline(__always)
    private func fail(_ batch: inout RecordBatch) -> Outcome {
        batch.rollbackRecord()
        return .needsFallback
    }

    @inline(__always)
    private mutating func keyID(_ key: UnsafeBufferPointer<UInt8>, _ position: Int, _ catalog: MetricCatalog) -> MetricID {
        if position < cachedKeys.count {
            let cached = cachedKeys[position]
            if cached.bytes.count == key.count && cached.bytes.withUnsafeBufferPointer({ equalBytes($0, key) }) {
                return cached.id
            }
            let id = catalog.id(forRawBytes: key)
            cachedKeys[position] = (Array(key), id)
            return id
        }
        let id = catalog.id(forRawBytes: key)
        if position == cachedKeys.count && position < 64 { cachedKeys.append((Array(key), id)) }
        return id
    }

    @inline(__always)
    private func equalBytes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let left = lhs.baseAddress, let right = rhs.baseAddress else { return lhs.count == rhs.count }
        return memcmp(left, right, lhs.count) == 0
    }

    @inline(__always)
    private func skipSpace(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { break }
            index += 1
        }
        return index
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
