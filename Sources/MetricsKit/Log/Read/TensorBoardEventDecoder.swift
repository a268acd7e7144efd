#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes TensorBoard `Event` protocol buffers (the data of each TFRecord of an
/// `events.out.tfevents.*` file) into records of a `RecordBatch`: one record per step, x = the
/// step, a metric per scalar tag and `timestamp` = the step's wall time.
///
/// Scalars come as `simple_value` (`torch.utils.tensorboard`, TF1) or as a one-element `tensor`
/// (TF2: `float_val`, `double_val`, `int_val`, `int64_val`, `bool_val` or `tensor_content`).
/// Histograms, text, images, audio and tensors of more than one element are skipped and
/// counted in `counts`, whatever their tag (a histogram tag may be the prefix of a scalar's).
/// Consecutive events of one step make one record; a step's record is handed out when a later
/// step begins or on `flush`. A tag given twice in one step keeps its last value.
///
/// ```swift
/// var decoder = TensorBoardEventDecoder(catalog: catalog)
/// _ = decoder.decode(event: bytes, into: &batch)   // .ignored until the step is complete
/// decoder.flush(into: &batch)
/// ```
public struct TensorBoardEventDecoder {
    /// What was read besides scalars.
    public struct Counts: Equatable, Sendable {
        public var scalars = 0
        public var histograms = 0
        public var texts = 0
        /// Images, audio, and tensors that are neither scalars, histograms nor text.
        public var otherValues = 0
        public var fileVersions = 0

        public init() {}
    }

    public private(set) var counts = Counts()
    private let catalog: MetricCatalog
    private let timestampID: MetricID
    private var pendingStep: Int?
    private var pendingWallTime = Double.nan
    private var pendingValues: [(id: MetricID, value: Double)] = []
    /// Index in `pendingValues` per metric id (-1: not in the pending step).
    private var pendingSlot: [Int32] = []
    /// Tags seen so far, tried from where the last one matched (a step's tags repeat in order).
    private var tags: [(bytes: [UInt8], id: MetricID)] = []
    private var tagCursor = 0

    /// Put before every tag (a run's `validation/` subfolder: `validation/`).
    private let tagPrefix: String

    public init(catalog: MetricCatalog, tagPrefix: String = "") {
        self.catalog = catalog
        self.tagPrefix = tagPrefix
        timestampID = catalog.id(for: MetricName.timestamp)
    }

    /// Forgets the pending step (the file is read again from its start).
    public mutating func reset() {
        clearPending()
        counts = Counts()
    }

    /// Decodes one event; a completed earlier step goes into `batch`.
    public mutating func decode(event: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch) -> LineOutcome {
        var reader = ProtobufReader(event)
        var wallTime = Double.nan
        var step = 0
        var summary: UnsafeBufferPointer<UInt8>?
        while let field = reader.next() {
            switch (field.number, field.value) {
            case (1, .fixed64(let bits)): wallTime = Double(bitPattern: bits)
            case (2, .varint(let value)): step = Int(truncatingIfNeeded: value)
            case (3, .bytes): counts.fileVersions += 1
            case (5, .bytes(let bytes)): summary = bytes
            default: break
            }
        }
        guard !reader.isMalformed else { return .skipped("not a TensorBoard event (malformed protocol buffer)") }
        guard let summary else { return .ignored }
        if pendingStep != step {
            flush(into: &batch)
            pendingStep = step
            pendingWallTime = wallTime
        }
        var values = ProtobufReader(summary)
        while let field = values.next() {
            if field.number == 1, case .bytes(let value) = field.value { decodeValue(value) }
        }
        guard !values.isMalformed else { return .skipped("malformed summary in a TensorBoard event") }
        return .ignored
    }

    /// Hands out the pending step, if any.
    public mutating func flush(into batch: inout RecordBatch) {
        guard let step = pendingStep, !pendingValues.isEmpty else {
            clearPending()
            return
        }
        batch.beginRecord()
        for (id, value) in pendingValues { batch.appendField(id, value) }
        if pendingWallTime.isFinite && pendingSlot(of: timestampID) < 0 { batch.appendField(timestampID, pendingWallTime) }
        batch.commitRecord(episode: step)
        clearPending()
    }

    /// Whether a step is waiting for its end.
    public var hasPendingStep: Bool { pendingStep != nil && !pendingValues.isEmpty }

    /// The step waiting for its end, if one has values.
    public var pendingStepNumber: Int? { hasPendingStep ? pendingStep : nil }

    private mutating func clearPending() {
        for (id, _) in pendingValues { pendingSlot[Int(id)] = -1 }
        pendingValues.removeAll(keepingCapacity: true)
        pendingStep = nil
        pendingWallTime = .nan
    }

    private func pendingSlot(of id: MetricID) -> Int32 {
        Int(id) < pendingSlot.count ? pendingSlot[Int(id)] : -1
    }

    // MARK: Summary values

    private enum Kind { case scalar(Double), histogram, text, other }

    private mutating func decodeValue(_ bytes: UnsafeBufferPointer<UInt8>) {
        var reader = ProtobufReader(bytes)
        var tag: UnsafeBufferPointer<UInt8>?
        var kind = Kind.other
        var plugin: UnsafeBufferPointer<UInt8>?
        var tensor: UnsafeBufferPointer<UInt8>?
        while let field = reader.next() {
            switch (field.number, field.value) {
            case (1, .bytes(let value)): tag = value
            case (2, .fixed32(let bits)): kind = .scalar(Double(Float(bitPattern: bits)))
            case (3, _), (5, _): kind = .histogram
            case (8, .bytes(let value)): tensor = value
            case (9, .bytes(let value)): plugin = Self.pluginName(value)
            default: break
            }
        }
        if let tensor { kind = Self.tensorKind(tensor, plugin: plugin) }
        guard !reader.isMalformed, let tag, !tag.isEmpty else {
            counts.otherValues += 1
            return
        }
        switch kind {
        case .scalar(let value):
            counts.scalars += 1
            add(id(ofTag: tag), value)
        case .histogram: counts.histograms += 1
        case .text: counts.texts += 1
        case .other: counts.otherValues += 1
        }
    }

    private mutating func add(_ id: MetricID, _ value: Double) {
        let slot = Int(id)
        if slot >= pendingSlot.count { pendingSlot.append(contentsOf: repeatElement(-1, count: slot + 1 - pendingSlot.count)) }
        if pendingSlot[slot] >= 0 {
            pendingValues[Int(pendingSlot[slot])].value = value
        } else {
            pendingSlot[slot] = Int32(pendingValues.count)
            pendingValues.append((id, value))
        }
    }

    /// The metric of a tag: the tag after the last matched one is tried first.
    private mutating func id(ofTag tag: UnsafeBufferPointer<UInt8>) -> MetricID {
        for offset in 0..<tags.count {
            let index = (tagCursor + offset) % tags.count
            if Self.equal(tags[index].bytes, tag) {
                tagCursor = index + 1
                return tags[index].id
            }
        }
        let id = tagPrefix.isEmpty ? catalog.id(forRawBytes: tag) : catalog.id(for: tagPrefix + String(decoding: tag, as: UTF8.self))
        if tags.count < 1024 { tags.append((Array(tag), id)) }
        return id
    }

    private static func equal(_ known: [UInt8], _ tag: UnsafeBufferPointer<UInt8>) -> Bool {
        guard known.count == tag.count else { return false }
        return known.withUnsafeBufferPointer { memcmp($0.baseAddress!, tag.baseAddress!, tag.count) == 0 }
    }

    /// `SummaryMetadata.plugin_data.plugin_name`.
    private static func pluginName(_ metadata: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var reader = ProtobufReader(metadata)
        while let field = reader.next() {
            guard field.number == 1, case .bytes(let pluginData) = field.value else { continue }
            var data = ProtobufReader(pluginData)
            while let inner = data.next() {
                if inner.number == 1, case .bytes(let name) = inner.value { return name }
            }
        }
        return nil
    }

    /// What a `TensorProto` holds: a scalar when it has one element of a numeric type.
    private static func tensorKind(_ bytes: UnsafeBufferPointer<UInt8>, plugin: UnsafeBufferPointer<UInt8>?) -> Kind {
        if let plugin, plugin.elementsEqual("histograms".utf8) { return .histogram }
        if let plugin, plugin.elementsEqual("text".utf8) { return .text }
        var reader = ProtobufReader(bytes)
        var dtype: UInt64 = 0
        var elements = 1
        var value: Double?
        var content: UnsafeBufferPointer<UInt8>?
        while let field = reader.next() {
            switch (field.number, field.value) {
            case (1, .varint(let type)): dtype = type
            case (2, .bytes(let shape)): elements = shapeElements(shape) ?? 0
            case (4, .bytes(let raw)): content = raw
            case (5, .bytes(let packed)): value = ProtobufReader.onlyFixed(packed, width: 4).map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
            case (5, .fixed32(let bits)): value = Double(Float(bitPattern: bits))
            case (6, .bytes(let packed)): value = ProtobufReader.onlyFixed(packed, width: 8).map { Double(bitPattern: $0) }
            case (6, .fixed64(let bits)): value = Double(bitPattern: bits)
            case (7, .bytes(let packed)): value = ProtobufReader.onlyVarint(packed).map { Double(Int32(truncatingIfNeeded: $0)) }
            case (7, .varint(let raw)): value = Double(Int32(truncatingIfNeeded: raw))
            case (10, .bytes(let packed)): value = ProtobufReader.onlyVarint(packed).map { Double(Int64(bitPattern: $0)) }
            case (10, .varint(let raw)): value = Double(Int64(bitPattern: raw))
            case (11, .bytes(let packed)): value = ProtobufReader.onlyVarint(packed).map { $0 == 0 ? 0 : 1 }
            case (11, .varint(let raw)): value = raw == 0 ? 0 : 1
            case (8, _): return .text
            default: break
            }
        }
        guard !reader.isMalformed else { return .other }
        if dtype == 7 { return .text }
        guard elements == 1 else { return .other }
        if let content { value = contentValue(content, dtype: dtype) }
        return value.map(Kind.scalar) ?? .other
    }

    /// The number of elements a `TensorShapeProto` describes (nil: unknown rank or malformed).
    private static func shapeElements(_ shape: UnsafeBufferPointer<UInt8>) -> Int? {
        var reader = ProtobufReader(shape)
        var elements = 1
        while let field = reader.next() {
            switch (field.number, field.value) {
            case (2, .bytes(let dim)):
                var dimension = ProtobufReader(dim)
                var size: Int64 = 0
                while let inner = dimension.next() {
                    if inner.number == 1, case .varint(let raw) = inner.value { size = Int64(bitPattern: raw) }
                }
                guard size >= 0 else { return nil }
                elements = size > 1 ? Int.max : elements * Int(size)
            case (3, .varint(let unknown)) where unknown != 0: return nil
            default: break
            }
        }
        return reader.isMalformed ? nil : elements
    }

    /// The single element of `tensor_content` (little-endian) for the numeric dtypes.
    private static func contentValue(_ raw: UnsafeBufferPointer<UInt8>, dtype: UInt64) -> Double? {
        switch dtype {
        case 1: return ProtobufReader.onlyFixed(raw, width: 4).map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case 2: return ProtobufReader.onlyFixed(raw, width: 8).map { Double(bitPattern: $0) }
        case 3: return ProtobufReader.onlyFixed(raw, width: 4).map { Double(Int32(truncatingIfNeeded: $0)) }
        case 9: return ProtobufReader.onlyFixed(raw, width: 8).map { Double(Int64(bitPattern: $0)) }
        case 10: return raw.count == 1 ? (raw[0] == 0 ? 0 : 1) : nil
        default: return nil
        }
    }
}
