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
    private var columns: [Column] = []
    private var hasHeader = false
    private var episodeColumn: Int?
    private var rowsWithoutEpisodeColumn = 0

    private enum Column {
        case episode
        case metric(MetricID, name: String)
    }

    public init() {}

    public mutating func reset() {
        self = CSVRecordDecoder()
    }

    public mutating func decode(line rawLine: UnsafeBufferPointer<UInt8>, lineNumber: Int, into batch: inout RecordBatch) -> LineOutcome {
        let line = rawLine.trimmedLine()
        if line.isBlank || line.first == UInt8(ascii: "#") { return .ignored }
        guard hasHeader else {
            readHeader(Self.splitCells(line), catalog: batch.catalog)
            return .ignored
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
        while start <= line.count && column < columns.count {
            let comma = memchr(base + start, Int32(UInt8(ascii: ",")), line.count - start)
            let stop = comma.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? line.count
            if stop > start, let outcome = readCell(UnsafeBufferPointer(rebasing: line[start..<stop]), column: column, &episode, &valueCount, &batch) {
                return outcome
            }
            column += 1
            start = stop + 1
        }
        return nil
    }

    /// The cells of a line with quotes, split by `splitCells`.
    private func readQuotedCells(_ line: UnsafeBufferPointer<UInt8>, _ episode: inout Int?, _ valueCount: inout Int, _ batch: inout RecordBatch) -> LineOutcome? {
        for (column, cell) in Self.splitCells(line).enumerated() where column < columns.count && !cell.isEmpty {
            var copy = cell
            if let outcome = copy.withUTF8({ readCell($0, column: column, &episode, &valueCount, &batch) }) { return outcome }
        }
        return nil
    }

    /// One non-empty cell: the episode, a number, or a Python list or dict.
    @inline(__always)
    private func readCell(_ cell: UnsafeBufferPointer<UInt8>, column: Int, _ episode: inout Int?, _ valueCount: inout Int, _ batch: inout RecordBatch) -> LineOutcome? {
        switch columns[column] {
        case .episode:
            guard let number = NumberParser.parseLenient(cell), let whole = NumberParser.exactWhole(cell, parsed: number) else { return .skipped("episode is not a whole number") }
            episode = whole
        case .metric(let id, let name):
            if let number = NumberParser.parseLenient(cell) {
                batch.appendField(id, number)
                valueCount += 1
            } else {
                valueCount += appendStructured(String(decoding: cell, as: UTF8.self), name: name, into: &batch)
            }
        }
        return nil
    }

    private mutating func readHeader(_ cells: [String], catalog: MetricCatalog) {
        hasHeader = true
        columns = cells.enumerated().map { index, cell in
            let name = MetricName.canonical(cell.trimmingCharacters(in: .whitespaces))
            if name == MetricName.episode {
                episodeColumn = index
                return .episode
            }
            return .metric(catalog.id(for: name), name: name)
        }
    }

    /// Reads a cell holding a Python list or dict (as `csv.DictWriter` writes them) through the
    /// same flattening as JSON records; returns how many values it added.
    private func appendStructured(_ cell: String, name: String, into batch: inout RecordBatch) -> Int {
        guard let first = cell.first, first == "[" || first == "{",
              let value = Self.pythonValue(cell),
              let record = try? RecordFlattener.record(from: .object([name: value])) else { return 0 }
        for (key, number) in record.values { batch.appendField(batch.catalog.id(for: key), number) }
        return record.values.count
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
