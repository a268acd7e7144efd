import Foundation

/// Decodes CSV logs (`metrics.csv`, `model_metrics.csv`, or any CSV with a header row):
/// columns are matched by header name, cells may be quoted, empty cells are missing values,
/// `nan`/`inf` spellings are values, Python list cells such as `"[1.0, 2.0]"` in `q_values`
/// become the q statistics, and lines starting with `#` (Stable-Baselines3's monitor files) are
/// ignored. Without an `episode` column, rows are numbered from 0 in file order.
///
/// ```swift
/// var decoder = CSVRecordDecoder()
/// // "episode,profit" then "1,2.5" → MetricRecord(episode: 1, values: ["profit": 2.5])
/// ```
public struct CSVRecordDecoder: RecordDecoder {
    /// Per column: the metric's id, `MetricCatalog.episodeID` for the episode, or `unread`
    /// (plain numbers: no reference counting per cell); and the column's name.
    private var columnIDs: [MetricID] = []
    private var columnNames: [String] = []
    private var hasHeader = false
    private var episodeColumn: Int?
    private var rowsWithoutEpisodeColumn = 0
    /// The last column that is read (the ones after it are left unread: `MetricCatalog.namesNeeded`).
    private var lastReadColumn = -1
    private var hasUnreadColumns = false
    /// The id of a column of a metric the reading does not need (`MetricCatalog.namesNeeded`): not parsed.
    private static let unread: MetricID = -1
    /// The header read by the decoder this one was made from (`decoderForAnotherCatalog`): its
    /// column names and which are read, given ids in the catalog of the first batch decoded into.
    private var inheritedHeader: (names: [String], read: [Bool])?

    public init() {}

    public mutating func reset() {
        self = CSVRecordDecoder()
    }

    /// Once the header is read, the rows read on their own; rows without an episode column are
    /// numbered from 0 here and renumbered by `adopt`.
    public func decoderForAnotherCatalog() -> CSVRecordDecoder? {
        guard hasHeader else { return nil }
        var other = CSVRecordDecoder()
        other.inheritedHeader = (columnNames, columnIDs.map { $0 != Self.unread })
        return other
    }

    public mutating func adopt(_ other: inout CSVRecordDecoder, rows: Range<Int>, in batch: inout RecordBatch) {
        if episodeColumn == nil {
            for row in rows { batch.setEpisode(batch.episodes[row] + rowsWithoutEpisodeColumn, ofRow: row) }
        }
        rowsWithoutEpisodeColumn += other.rowsWithoutEpisodeColumn
        other.rowsWithoutEpisodeColumn = 0
    }

    public mutating func decode(line rawLine: UnsafeBufferPointer<UInt8>, lineNumber: Int, into batch: inout RecordBatch) -> LineOutcome {
        let line = rawLine.trimmedLine()
        if line.isBlank || line.first == UInt8(ascii: "#") { return .ignored }
        if !hasHeader {
            guard let inherited = inheritedHeader else {
                readHeader(Self.splitCells(line), catalog: batch.catalog)
                return .ignored
            }
            setColumns(inherited.names, catalog: batch.catalog) { column, _ in inherited.read[column] }
        }
        batch.beginRecord()
        var episode: Int?
        var valueCount = 0
        // The common line, without quotes, is read in place: no string per cell.
        let quoted = line.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\"")), line.count) != nil } ?? false
        let cellOutcome = quoted ? readQuotedCells(line, &episode, &valueCount, &batch) : readPlainCells(line, &episode, &valueCount, &batch)
        if let cellOutcome {
            batch.rollbackRecord()
            return cellOutcome
        }
        if episodeColumn == nil && valueCount == 0 && hasUnreadColumns {
            // Only whether the row has a value at all matters (a row without one is skipped).
            valueCount = unreadValues(line, quoted: quoted)
        }
        if episodeColumn == nil {
            guard valueCount > 0 else {
                batch.rollbackRecord()
                return .skipped("no numeric values")
            }
            episode = rowsWithoutEpisodeColumn
            rowsWithoutEpisodeColumn += 1
        }
        guard let episode else {
            batch.rollbackRecord()
            return .skipped("no episode number")
        }
        batch.commitRecord(episode: episode)
        return .record
    }

    /// The cells of a line without quotes, split at commas in place; a failure's outcome, or nil.
    private func readPlainCells(_ line: UnsafeBufferPointer<UInt8>, _ episode: inout Int?, _ valueCount: inout Int, _ batch: inout RecordBatch) -> LineOutcome? {
        guard let base = line.baseAddress else { return nil }
        var column = 0
        var start = 0
        // Columns after the last one read are not looked at.
        while start <= line.count && column <= lastReadColumn {
            let stop = Self.comma(base, from: start, end: line.count)
            if stop > start, let outcome = readCell(UnsafeBufferPointer(rebasing: line[start..<stop]), readableAfter: line.count - stop, column: column,
                                                    &episode, &valueCount, &batch) {
                return outcome
            }
            column += 1
            start = stop + 1
        }
        return nil
    }

    /// The cells of a line with quotes, split by `splitCells`.
    private func readQuotedCells(_ line: UnsafeBufferPointer<UInt8>, _ episode: inout Int?, _ valueCount: inout Int, _ batch: inout RecordBatch) -> LineOutcome? {
        for (column, cell) in Self.splitCells(line).enumerated() where column < columnIDs.count && !cell.isEmpty {
            var copy = cell
            if let outcome = copy.withUTF8({ readCell($0, column: column, &episode, &valueCount, &batch) }) { return outcome }
        }
        return nil
    }

    /// One non-empty cell: the episode, a number, or a Python list or dict. `readableAfter`: bytes
    /// of the line after the cell (the number parser may load them; the first is the comma).
    @inline(__always)
    private func readCell(_ cell: UnsafeBufferPointer<UInt8>, readableAfter: Int = 0, column: Int, _ episode: inout Int?, _ valueCount: inout Int,
                          _ batch: inout RecordBatch) -> LineOutcome? {
        let id = columnIDs[column]
        if id == MetricCatalog.episodeID {
            guard let number = NumberParser.parseLenient(cell), let whole = NumberParser.exactWhole(cell, parsed: number) else { return .skipped("episode is not a whole number") }
            episode = whole
        } else if id != Self.unread {
            if let number = NumberParser.parseLenient(cell, readableAfter: readableAfter) {
                batch.appendField(id, number)
                valueCount += 1
            } else {
                valueCount += appendStructured(String(decoding: cell, as: UTF8.self), name: columnNames[column], into: &batch)
            }
        }
        return nil
    }

    /// The index of the next comma at or after `from`, or `end`: eight bytes at a time (SWAR; cells
    /// are short, shorter than a call to memchr pays for).
    @inline(__always)
    private static func comma(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var index = from
        while end - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) ^ 0x2C2C_2C2C_2C2C_2C2C
            // A zero byte (a comma) sets its high bit here; bytes after the first may be wrong, not before.
            let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < end && base[index] != UInt8(ascii: ",") { index += 1 }
        return index
    }

    /// How many values the columns left unread hold (for a row whose read columns hold none).
    private func unreadValues(_ line: UnsafeBufferPointer<UInt8>, quoted: Bool) -> Int {
        let cells = quoted ? Self.splitCells(line) : line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var count = 0
        for (column, cell) in cells.enumerated() where column < columnIDs.count && !cell.isEmpty && columnIDs[column] == Self.unread {
            var copy = cell
            count += copy.withUTF8 { NumberParser.parseLenient($0) != nil ? 1 : 0 }
            if count == 0 { count += Self.structuredValues(cell, name: columnNames[column]).count }
            if count > 0 { return count }
        }
        return count
    }

    private mutating func readHeader(_ cells: [String], catalog: MetricCatalog) {
        let names = cells.map { MetricName.canonical($0.trimmingCharacters(in: .whitespaces)) }
        let kept = catalog.namesNeeded?(names)
        setColumns(names, catalog: catalog) { _, name in kept?.contains(name) ?? true }
    }

    /// Takes `names` as the columns, giving ids in `catalog` to those `isRead` keeps.
    private mutating func setColumns(_ names: [String], catalog: MetricCatalog, isRead: (Int, String) -> Bool) {
        hasHeader = true
        columnNames = names
        columnIDs = names.enumerated().map { index, name in
            if name == MetricName.episode {
                episodeColumn = index
                return MetricCatalog.episodeID
            }
            return isRead(index, name) ? catalog.id(for: name) : Self.unread
        }
        lastReadColumn = columnIDs.lastIndex { $0 != Self.unread } ?? -1
        hasUnreadColumns = columnIDs.contains(Self.unread)
    }

    /// Reads a cell holding a Python list or dict (as `csv.DictWriter` writes them) through the
    /// same flattening as JSON records; returns how many values it added.
    private func appendStructured(_ cell: String, name: String, into batch: inout RecordBatch) -> Int {
        let values = Self.structuredValues(cell, name: name)
        for (key, number) in values { batch.appendField(batch.catalog.id(for: key), number) }
        return values.count
    }

    /// The values of a cell holding a Python list or dict, flattened as a JSON record's.
    private static func structuredValues(_ cell: String, name: String) -> [(key: String, value: Double)] {
        guard let first = cell.first, first == "[" || first == "{",
              let value = pythonValue(cell),
              let record = try? RecordFlattener.record(from: .object([name: value])) else { return [] }
        return record.values.map { ($0.key, $0.value) }
    }

    private static func pythonValue(_ cell: String) -> JSONValue? {
        var reader = JSONReader(pythonLiterals: true)
        return try? reader.read(Array(cell.utf8))
    }

    /// Splits one CSV line into cells, honouring double quotes and doubled quotes inside them.
    static func splitCells(_ line: UnsafeBufferPointer<UInt8>) -> [String] {
        var cells: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var index = 0
        while index < line.count {
            let byte = line[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < line.count && line[index + 1] == UInt8(ascii: "\"") {
                        current.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                cells.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
            index += 1
        }
        cells.append(String(decoding: current, as: UTF8.self))
        return cells
    }
}
