/// A CSV log kept append-only: rows are appended under a header of the columns seen so far;
/// when a row brings a column the header lacks, the whole file is rewritten atomically with the
/// wider header (readers notice the new header and read it again).
///
/// ```swift
/// var csv = CSVLog(path: "run/metrics.csv", leadingColumns: ["episode", "profit"])
/// try csv.append([["episode": "1", "profit": "2.5"]], allRows: { [] })
/// ```
struct CSVLog {
    let path: String
    let leadingColumns: [String]
    private(set) var columns: [String] = []
    private var file: LogFile

    init(path: String, leadingColumns: [String]) {
        self.path = path
        self.leadingColumns = leadingColumns
        file = LogFile(path: path)
    }

    /// Appends `rows`; `allRows` gives every row so far (including these) for a rewrite.
    mutating func append(_ rows: [[String: String]], allRows: () -> [[String: String]]) throws {
        guard !rows.isEmpty else { return }
        let seen = Set(rows.flatMap(\.keys))
        let fileMissing = FileIdentity.of(path: path) == nil
        if columns.isEmpty || fileMissing || !seen.isSubset(of: Set(columns)) {
            let everything = allRows()
            columns = Self.order(Set(everything.flatMap(\.keys)).union(columns), leading: leadingColumns)
            try LogFile.replaceAtomically(path: path, with: Array(text(everything, header: true).utf8))
            file.closeFile()
            return
        }
        try file.append(Array(text(rows, header: false).utf8))
    }

    private func text(_ rows: [[String: String]], header: Bool) -> String {
        var text = header ? columns.map(LogLineFormatter.csvCell).joined(separator: ",") + "\n" : ""
        for row in rows {
            text += columns.map { row[$0].map(LogLineFormatter.csvCell) ?? "" }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// Leading columns first, then the others by name, `timestamp` last.
    private static func order(_ names: Set<String>, leading: [String]) -> [String] {
        let rest = names.subtracting(leading).subtracting([MetricName.timestamp]).sorted()
        return leading.filter(names.contains) + rest + (names.contains(MetricName.timestamp) ? [MetricName.timestamp] : [])
    }
}

extension EpisodeEntry {
    /// The entry as a CSV row keyed by column name.
    var csvRow: [String: String] {
        var row = ["episode": "\(episode)", MetricName.numTrades: "\(numTrades)", MetricName.timestamp: LogLineFormatter.csvNumber(timestamp)]
        for (name, value) in standardValues where name != MetricName.numTrades { row[name] = LogLineFormatter.csvNumber(value) }
        for (key, value) in custom { row[key] = LogLineFormatter.csvText(value) }
        return row
    }
}

extension ModelEntry {
    /// The entry as a CSV row: q-values as a quoted list, gradients as `gradients.<name>` columns.
    var csvRow: [String: String] {
        var row = ["episode": "\(episode)", MetricName.loss: LogLineFormatter.csvNumber(loss), MetricName.timestamp: LogLineFormatter.csvNumber(timestamp)]
        if let qValues { row[MetricName.qValues] = "[" + qValues.map(JSONText.number).joined(separator: ", ") + "]" }
        for (key, value) in gradients ?? [:] { row[MetricName.gradients + "." + key] = LogLineFormatter.csvNumber(value) }
        for (key, value) in custom { row[key] = LogLineFormatter.csvNumber(value) }
        return row
    }
}
