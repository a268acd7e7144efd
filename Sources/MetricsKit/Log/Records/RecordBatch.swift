/// A growable, flat buffer of decoded records: decoders append into it without allocating per
/// line, and the store consumes it row by row.
///
/// ```swift
/// var batch = RecordBatch(catalog: MetricCatalog())
/// batch.beginRecord()
/// batch.appendField(batch.catalog.id(for: "profit"), 1.5)
/// batch.commitRecord(episode: 7)
/// batch.record(at: 0)   // MetricRecord(episode: 7, values: ["profit": 1.5])
/// ```
public struct RecordBatch {
    public let catalog: MetricCatalog
    /// Episode per row; `RecordBatch.noEpisode` where the record carried none.
    public private(set) var episodes: [Int] = []
    /// Start of each row's fields in `fieldIDs`/`fieldValues`, plus one final end index.
    public private(set) var fieldStarts: [Int] = [0]
    public private(set) var fieldIDs: [MetricID] = []
    public private(set) var fieldValues: [Double] = []

    /// The episode placeholder for records without an episode number.
    public static let noEpisode = Int.min

    public init(catalog: MetricCatalog) {
        self.catalog = catalog
    }

    /// Number of committed records.
    public var count: Int { episodes.count }
    public var isEmpty: Bool { episodes.isEmpty }

    /// Starts a record; fields appended after it belong to it until commit or rollback.
    @inline(__always) public mutating func beginRecord() {
        let start = fieldStarts[fieldStarts.count - 1]
        if fieldIDs.count != start {
            fieldIDs.removeSubrange(start...)
            fieldValues.removeSubrange(start...)
        }
    }

    @inline(__always) public mutating func appendField(_ id: MetricID, _ value: Double) {
        fieldIDs.append(id)
        fieldValues.append(value)
    }

    /// Finishes the current record. Each metric must appear at most once in it.
    public mutating func commitRecord(episode: Int?) {
        episodes.append(episode ?? Self.noEpisode)
        fieldStarts.append(fieldIDs.count)
    }

    /// Removes the most recently committed record.
    public mutating func removeLast() {
        episodes.removeLast()
        fieldStarts.removeLast()
        let start = fieldStarts[fieldStarts.count - 1]
        fieldIDs.removeSubrange(start...)
        fieldValues.removeSubrange(start...)
    }

    /// Keeps the first `count` records and drops the rest (with any unfinished record).
    public mutating func removeRecords(after count: Int) {
        guard count < self.count else {
            beginRecord()
            return
        }
        let fieldStart = fieldStarts[count]
        episodes.removeSubrange(count...)
        fieldStarts.removeSubrange((count + 1)...)
        fieldIDs.removeSubrange(fieldStart...)
        fieldValues.removeSubrange(fieldStart...)
    }

    /// Appends the records of a batch of another catalog, its metric ids turned into this
    /// catalog's (names it has not seen are added in the other catalog's order, which is the
    /// order the other batch's lines first named them).
    public mutating func append(contentsOf other: RecordBatch) {
        beginRecord()
        let ids = other.catalog.names.map { catalog.id(for: $0) }
        let offset = fieldIDs.count
        let end = other.fieldStarts[other.fieldStarts.count - 1]
        episodes.append(contentsOf: other.episodes)
        fieldIDs.append(contentsOf: other.fieldIDs[..<end].map { ids[Int($0)] })
        fieldValues.append(contentsOf: other.fieldValues[..<end])
        fieldStarts.append(contentsOf: other.fieldStarts.dropFirst().map { $0 + offset })
    }

    /// Drops the fields of an unfinished record.
    public mutating func rollbackRecord() { beginRecord() }

    /// Appends a whole decoded record.
    public mutating func append(_ record: MetricRecord) {
        beginRecord()
        for (name, value) in record.values.sorted(by: { $0.key < $1.key }) where name != MetricName.episode {
            appendField(catalog.id(for: name), value)
        }
        commitRecord(episode: record.episode)
    }

    /// Gives the record in `row` an episode number (model metrics placed on an episode).
    public mutating func setEpisode(_ episode: Int, ofRow row: Int) {
        episodes[row] = episode
    }

    /// The value of metric `id` in `row`, if the record has one.
    public func value(_ id: MetricID, inRow row: Int) -> Double? {
        for index in fieldRange(of: row) where fieldIDs[index] == id { return fieldValues[index] }
        return nil
    }

    /// The fields of row `row` as index range into `fieldIDs`/`fieldValues`.
    @inline(__always) public func fieldRange(of row: Int) -> Range<Int> {
        fieldStarts[row]..<fieldStarts[row + 1]
    }

    /// How many fields each row has when every row names the same metrics in the same order
    /// (the lines of one logger): field `k` of row `r` is then at `r * width + k`, metric
    /// `fieldIDs[k]`. Nil when the rows differ, or there are none.
    public func uniformWidth() -> Int? {
        guard count > 0 else { return nil }
        let width = fieldStarts[1]
        guard fieldStarts[count] == count * width else { return nil }
        return fieldStarts.withUnsafeBufferPointer { starts in
            fieldIDs.withUnsafeBufferPointer { ids in
                for row in 1..<count where starts[row] != row * width { return nil }
                for index in width..<(count * width) where ids[index] != ids[index - width] { return nil }
                return width
            }
        }
    }

    /// Row `row` materialised as a `MetricRecord` (for tests and slow consumers).
    public func record(at row: Int) -> MetricRecord {
        var values: [String: Double] = [:]
        for index in fieldRange(of: row) { values[catalog.name(of: fieldIDs[index])] = fieldValues[index] }
        let episode = episodes[row]
        return MetricRecord(episode: episode == Self.noEpisode ? nil : episode, values: values)
    }

    /// All rows as records.
    public var records: [MetricRecord] { (0..<count).map(record(at:)) }

    /// Values the batch has room for without growing.
    public var capacity: Int { fieldValues.capacity }

    /// Empties the batch, keeping its capacity unless it has grown large (a big read should not
    /// pin its buffers for the rest of a long follow).
    public mutating func removeAll() {
        let keep = fieldIDs.count <= 65_536
        episodes.removeAll(keepingCapacity: keep)
        fieldStarts.removeAll(keepingCapacity: keep)
        fieldStarts.append(0)
        fieldIDs.removeAll(keepingCapacity: keep)
        fieldValues.removeAll(keepingCapacity: keep)
    }
}
