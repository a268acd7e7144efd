#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast path for the common log line: one JSON object whose values are numbers,
/// `NaN`/`Infinity`, `null`, booleans, strings without escapes (ISO timestamps, numeric strings;
/// others are left out), arrays of numbers (`q_values`) or objects of such values (`gradients`,
/// the seed's `q_values` summary). It decodes straight into a `RecordBatch` without allocating
/// per line, giving exactly what `RecordFlattener` gives: `q_values` become
/// `q_mean`/`q_std`/`q_min`/`q_max`, other arrays `<key>.mean`, nested numbers `<key>.<name>`.
///
/// Anything else (deeper nesting, escapes, two keys naming one metric, syntax it does not
/// expect) makes it answer `.needsFallback`, and the caller hands the line to
/// `JSONReader`/`RecordFlattener`.
/// ```swift
/// let catalog = MetricCatalog()
/// var scanner = FlatLineScanner(catalog: catalog)
/// var batch = RecordBatch(catalog: catalog)
/// let line = Array(#"{"episode": 1, "profit": NaN, "q_values": [1, 2]}"#.utf8)
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

    /// The keys seen at each position of the previous line.
    private var cachedKeys: [CachedKey] = []
    private var arrayValues: [Double] = []
    private var cachedNested: [(parent: MetricID, child: [UInt8], id: MetricID)] = []
    private let qValuesID: MetricID
    private let timestampID: MetricID
    private let derivedQ: [MetricID]

    /// Per-line state: which metrics the line has set so far.
    private struct LineState {
        var position = 0
        var nestedPosition = 0
        var episode: Int?
        var episodeSeen = false
        var seenLowIDs: UInt64 = 0
        let recordStart: Int
    }

    public init(catalog: MetricCatalog) {
        qValuesID = catalog.id(for: MetricName.qValues)
        timestampID = catalog.id(for: MetricName.timestamp)
        derivedQ = [MetricName.qMean, MetricName.qStd, MetricName.qMin, MetricName.qMax].map { catalog.id(for: $0) }
    }

    public mutating func scan(_ line: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch) -> Outcome {
        var stop = 0
        return scan(line, into: &batch, objectEnd: &stop, wholeLine: true)
    }

    /// Scans the object at the start of `bytes` and sets `objectEnd` to the index just past its
    /// closing brace; whatever follows it is left alone (an element of a snapshot's array, read
    /// in place).
    public mutating func scanObject(_ bytes: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch, objectEnd: inout Int) -> Outcome {
        scan(bytes, into: &batch, objectEnd: &objectEnd, wholeLine: false)
    }

    private mutating func scan(_ line: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch, objectEnd: inout Int, wholeLine: Bool) -> Outcome {
        guard let bytes = line.baseAddress else { return .needsFallback }
        let end = line.count
        var index = Self.skipSpace(bytes, 0, end)
        guard index < end, bytes[index] == UInt8(ascii: "{") else { return .needsFallback }
        batch.beginRecord()
        var state = LineState(recordStart: batch.fieldIDs.count)
        index = Self.skipSpace(bytes, index + 1, end)
        var closed = index < end && bytes[index] == UInt8(ascii: "}")
        if closed { index += 1 }
        // The top level is walked inline (not through `scanSequence`): it is the hot loop.
        while !closed {
            guard let id = topLevelKey(bytes, &index, end, state.position, batch.catalog), index < end else { return fail(&batch) }
            state.position += 1
            switch bytes[index] {
            case UInt8(ascii: "["):
                guard id != MetricCatalog.episodeID, scanArray(bytes, &index, end), addArraySummary(of: id, &state, &batch) else { return fail(&batch) }
            case UInt8(ascii: "{"):
                guard id != MetricCatalog.episodeID, scanNestedObject(parent: id, bytes, &index, end, &state, &batch) else { return fail(&batch) }
            case UInt8(ascii: "\""), UInt8(ascii: "t"), UInt8(ascii: "f"):
                guard id != MetricCatalog.episodeID, scanTextOrFlag(id, bytes, &index, end, &state, &batch) else { return fail(&batch) }
            default:
                let literalStart = index
                guard let value = Self.scanScalar(bytes, &index, end) else { return fail(&batch) }
                if id == MetricCatalog.episodeID {
                    guard !state.episodeSeen else { return fail(&batch) }
                    state.episodeSeen = true
                    if let number = value {
                        guard let whole = NumberParser.exactWhole(bytes, from: literalStart, to: index, parsed: number) else {
                            batch.rollbackRecord()
                            return .badEpisode
                        }
                        state.episode = whole
                    }
                } else if let number = value {
                    guard add(id, number, &state, &batch) else { return fail(&batch) }
                } else {
                    guard markSeen(id, &state, batch) else { return fail(&batch) }
                }
            }
            index = Self.skipSpace(bytes, index, end)
            guard index < end else { return fail(&batch) }
            if bytes[index] == UInt8(ascii: ",") {
                index = Self.skipSpace(bytes, index + 1, end)
            } else {
                guard bytes[index] == UInt8(ascii: "}") else { return fail(&batch) }
                index += 1
                closed = true
            }
        }
        guard !wholeLine || Self.skipSpace(bytes, index, end) == end else { return fail(&batch) }
        objectEnd = index
        batch.commitRecord(episode: state.episode)
        return .decoded
    }

    @inline(__always)
    private func fail(_ batch: inout RecordBatch) -> Outcome {
        batch.rollbackRecord()
        return .needsFallback
    }

    // MARK: Values

    /// A number, or `.some(nil)` for `null`; `nil` when the value is something else.
    @inline(__always)
    private static func scanScalar(_ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int) -> Double?? {
        if bytes[index] == UInt8(ascii: "n") {
            guard end - index >= 4, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "l"),
                  bytes[index + 3] == UInt8(ascii: "l") else { return nil }
            index += 4
            return .some(nil)
        }
        guard let (value, next) = NumberParser.parse(bytes, index, end) else { return nil }
        index = next
        return .some(value)
    }

    /// A string or a boolean: a numeric string is its number, an ISO timestamp (for the timestamp
    /// key) its seconds, anything else is left out, as `RecordFlattener` does. A string with an
    /// escape goes the general way.
    @inline(__always)
    private func scanTextOrFlag(
        _ id: MetricID, _ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int, _ state: inout LineState, _ batch: inout RecordBatch
    ) -> Bool {
        switch bytes[index] {
        case UInt8(ascii: "t"):
            guard end - index >= 4, memcmp(bytes + index, "true", 4) == 0 else { return false }
            index += 4
            return markSeen(id, &state, batch)
        case UInt8(ascii: "f"):
            guard end - index >= 5, memcmp(bytes + index, "false", 5) == 0 else { return false }
            index += 5
            return markSeen(id, &state, batch)
        default:
            let start = index + 1
            var stop = start
            while stop < end {
                let byte = bytes[stop]
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return false }
                stop += 1
            }
            guard stop < end else { return false }
            index = stop + 1
            let text = UnsafeBufferPointer(start: bytes + start, count: stop - start)
            if let number = NumberParser.parseLenient(text) { return add(id, number, &state, &batch) }
            if id == timestampID, let date = ISODate.parse(text) { return add(id, date.timeIntervalSince1970, &state, &batch) }
            return markSeen(id, &state, batch)
        }
    }

    /// An array of numbers into `arrayValues`.
    private mutating func scanArray(_ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int) -> Bool {
        arrayValues.removeAll(keepingCapacity: true)
        return Self.scanSequence(bytes, &index, end, closing: UInt8(ascii: "]")) { position in
            guard let (value, next) = NumberParser.parse(bytes, position, end) else { return false }
            arrayValues.append(value)
            position = next
            return true
        }
    }

    private mutating func addArraySummary(of id: MetricID, _ state: inout LineState, _ batch: inout RecordBatch) -> Bool {
        guard !arrayValues.isEmpty else { return true }
        let summary = ValueSummary(arrayValues)
        if id == qValuesID {
            return add(derivedQ[0], summary.mean, &state, &batch) && add(derivedQ[1], summary.standardDeviation, &state, &batch)
                && add(derivedQ[2], summary.min, &state, &batch) && add(derivedQ[3], summary.max, &state, &batch)
        }
        let meanID = batch.catalog.id(for: batch.catalog.name(of: id) + ".mean")
        return add(meanID, summary.mean, &state, &batch)
    }

    /// One level of `{"name": number, ...}`, stored as `<parent>.<name>`.
    private mutating func scanNestedObject(
        parent: MetricID, _ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int, _ state: inout LineState, _ batch: inout RecordBatch
    ) -> Bool {
        Self.scanSequence(bytes, &index, end, closing: UInt8(ascii: "}")) { position in
            guard let key = Self.scanKey(bytes, &position, end), position < end else { return false }
            let child = UnsafeBufferPointer(start: bytes + key.lowerBound, count: key.count)
            let id = nestedID(parent: parent, child: child, state.nestedPosition, batch.catalog)
            state.nestedPosition += 1
            switch bytes[position] {
            case UInt8(ascii: "\""), UInt8(ascii: "t"), UInt8(ascii: "f"):
                return scanTextOrFlag(id, bytes, &position, end, &state, &batch)
            default:
                guard let value = Self.scanScalar(bytes, &position, end) else { return false }
                guard let number = value else { return markSeen(id, &state, batch) }
                return add(id, number, &state, &batch)
            }
        }
    }

    /// Walks `[a, b]` or `{…, …}` from its opening bracket at `index`: `element` reads one item
    /// starting at the index it is given and leaves it after the item. True when well formed.
    @inline(__always)
    private static func scanSequence(
        _ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int, closing: UInt8, _ element: (inout Int) -> Bool
    ) -> Bool {
        index = skipSpace(bytes, index + 1, end)
        if index < end && bytes[index] == closing {
            index += 1
            return true
        }
        while index < end {
            guard element(&index) else { return false }
            index = skipSpace(bytes, index, end)
            guard index < end else { return false }
            if bytes[index] == closing {
                index += 1
                return true
            }
            guard bytes[index] == UInt8(ascii: ",") else { return false }
            index = skipSpace(bytes, index + 1, end)
        }
        return false
    }

    // MARK: Keys

    /// A plain (escape-free) quoted key and the colon after it; leaves `index` at the value.
    @inline(__always)
    private static func scanKey(_ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int) -> Range<Int>? {
        guard index < end, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var stop = start
        while stop < end {
            let byte = bytes[stop]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            stop += 1
        }
        guard stop < end else { return nil }
        index = Self.skipSpace(bytes, stop + 1, end)
        guard index < end, bytes[index] == UInt8(ascii: ":") else { return nil }
        index = Self.skipSpace(bytes, index + 1, end)
        return start..<stop
    }

    /// The id of the key at `index` and the index of its value: the previous line's key at this
    /// position is tried first (no scan, no lookup), then the key is scanned and cached.
    @inline(__always)
    private mutating func topLevelKey(_ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int, _ position: Int, _ catalog: MetricCatalog) -> MetricID? {
        guard index < end, bytes[index] == UInt8(ascii: "\"") else { return nil }
        if position < cachedKeys.count, cachedKeys[position].matches(bytes, index + 1, end) {
            index = Self.skipSpace(bytes, index + 1 + cachedKeys[position].bytes.count, end)
            return cachedKeys[position].id
        }
        guard let range = Self.scanKey(bytes, &index, end) else { return nil }
        let key = UnsafeBufferPointer(start: bytes + range.lowerBound, count: range.count)
        let id = catalog.id(forRawBytes: key)
        // Cached with its closing quote, colon and spaces: up to the value.
        let written = UnsafeBufferPointer(start: bytes + range.lowerBound, count: index - range.lowerBound)
        if position < cachedKeys.count {
            cachedKeys[position] = CachedKey(written, id: id)
        } else if position == cachedKeys.count && position < 64 {
            cachedKeys.append(CachedKey(written, id: id))
        }
        return id
    }

    /// The id of `<parent>.<child>`, cached by the nested key's position in the line.
    private mutating func nestedID(parent: MetricID, child: UnsafeBufferPointer<UInt8>, _ position: Int, _ catalog: MetricCatalog) -> MetricID {
        if position < cachedNested.count, cachedNested[position].parent == parent, Self.equal(cachedNested[position].child, child) {
            return cachedNested[position].id
        }
        let id = catalog.id(for: RecordFlattener.nestedName(parent: catalog.name(of: parent), child: String(decoding: child, as: UTF8.self)))
        if position < cachedNested.count {
            cachedNested[position] = (parent, Array(child), id)
        } else if position == cachedNested.count && position < 64 {
            cachedNested.append((parent, Array(child), id))
        }
        return id
    }

    @inline(__always)
    private static func equal(_ cached: [UInt8], _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cached.count == key.count else { return false }
        return cached.withUnsafeBufferPointer { stored in
            guard let left = stored.baseAddress, let right = key.baseAddress else { return true }
            return memcmp(left, right, key.count) == 0
        }
    }

    // MARK: Fields

    /// Adds a value unless the line already set that metric (then the general path decides).
    @inline(__always)
    private func add(_ id: MetricID, _ value: Double, _ state: inout LineState, _ batch: inout RecordBatch) -> Bool {
        guard markSeen(id, &state, batch) else { return false }
        batch.appendField(id, value)
        return true
    }

    @inline(__always)
    private func markSeen(_ id: MetricID, _ state: inout LineState, _ batch: RecordBatch) -> Bool {
        if id < 64 {
            let bit: UInt64 = 1 << UInt64(id)
            if state.seenLowIDs & bit != 0 { return false }
            state.seenLowIDs |= bit
            return true
        }
        return !batch.fieldIDs[state.recordStart...].contains(id)
    }


    @inline(__always)
    private static func skipSpace(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { break }
            index += 1
        }
        return index
    }
}
