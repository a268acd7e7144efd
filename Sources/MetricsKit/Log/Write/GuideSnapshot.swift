import Foundation

/// The guide's `save_metrics` files: `<outputDir>/<experimentName>_<YYYYmmdd_HHMMSS>.json` with
/// the whole history (keys and order as SEED-FORMATS.md gives them: `experiment_name`,
/// `timestamp`, `episode_metrics`, `model_metrics`, `diagnostics`, `statistics`), or `.csv` with
/// the episode metrics, as its Python package writes them, so that scripts and notebooks written
/// for that package read ours unchanged.
///
/// ```swift
/// let snapshot = GuideSnapshot(experimentName: "dqn", episodes: episodes, models: models, diagnostics: [:], statistics: stats)
/// let file = try snapshot.write(format: .json, outputDir: "training_logs", now: Date())
/// ```
struct GuideSnapshot {
    let experimentName: String
    let episodes: [EpisodeEntry]
    let models: [ModelEntry]
    let diagnostics: [String: [DiagnosticEntry]]
    let statistics: LoggerStatistics

    /// Where a save at `now` goes: two saves in one second write the same file, as the guide's do.
    static func path(outputDir: String, experimentName: String, format: MetricsLogger.SnapshotFormat, now: Date) -> String {
        (outputDir as NSString).appendingPathComponent("\(experimentName)_\(LocalTime.stamp(now)).\(format.rawValue)")
    }

    /// Writes the file (atomically: a dashboard never finds it half written) and returns its path.
    /// Writes the snapshot and returns its path; a CSV of no episode is not written (the path
    /// does not exist), as the guide's.
    func write(format: MetricsLogger.SnapshotFormat, outputDir: String, now: Date) throws -> String {
        let path = Self.path(outputDir: outputDir, experimentName: experimentName, format: format, now: now)
        if format == .csv && episodes.isEmpty { return path }
        let text = format == .json ? json(now: now).text() : csv()
        try LogFile.replaceAtomically(path: path, with: Array(text.utf8))
        return path
    }

    func json(now: Date) -> OrderedJSON {
        .object([
            ("experiment_name", .string(experimentName)),
            ("timestamp", .string(LocalTime.stamp(now))),
            ("episode_metrics", .array(episodes.map(Self.episodeObject))),
            ("model_metrics", .array(models.map(Self.modelObject))),
            ("diagnostics", .object(diagnostics.sorted { $0.key < $1.key }.map { key, entries in
                (key, .array(entries.map { .object([("timestamp", .string(LocalTime.isoformat(Date(timeIntervalSince1970: $0.timestamp)))),
                                                    ("value", OrderedJSON($0.value))]) }))
            })),
            ("statistics", statistics.guideJSON()),
        ])
    }

    /// Episode metrics only; the header is the first episode's keys, followed by any key a later
    /// episode brings (the guide's `csv.DictWriter` would stop there with an error); `\r\n` line
    /// ends and Python's `str()` of each value, as its `csv` module writes them.
    func csv() -> String {
        let rows = episodes.map(Self.episodeCells)
        var columns: [String] = []
        var known = Set<String>()
        for row in rows {
            for (key, _) in row where known.insert(key).inserted { columns.append(key) }
        }
        var text = columns.map(LogLineFormatter.csvCell).joined(separator: ",") + "\r\n"
        for row in rows {
            let cells = Dictionary(row, uniquingKeysWith: { $1 })
            text += columns.map { cells[$0].map(LogLineFormatter.csvCell) ?? "" }.joined(separator: ",") + "\r\n"
        }
        return columns.isEmpty ? "" : text
    }

    private static func episodeObject(_ entry: EpisodeEntry) -> OrderedJSON {
        var fields: [(String, OrderedJSON)] = [
            ("timestamp", .string(LocalTime.isoformat(Date(timeIntervalSince1970: entry.timestamp)))), ("episode", .int(entry.episode)),
        ]
        for (name, value) in entry.standardValues {
            fields.append((name, name == MetricName.numTrades ? .int(entry.numTrades) : .float(value)))
        }
        for (key, value) in entry.sortedCustom { fields.append((key, OrderedJSON(value))) }
        return .object(fields)
    }

    private static func episodeCells(_ entry: EpisodeEntry) -> [(String, String)] {
        var cells: [(String, String)] = [
            ("timestamp", LocalTime.isoformat(Date(timeIntervalSince1970: entry.timestamp))), ("episode", String(entry.episode)),
        ]
        for (name, value) in entry.standardValues {
            cells.append((name, name == MetricName.numTrades ? String(entry.numTrades) : LogLineFormatter.csvNumber(value)))
        }
        for (key, value) in entry.sortedCustom { cells.append((key, LogLineFormatter.csvText(value))) }
        return cells
    }

    /// The guide's model record: `loss` null when NaN, `q_values` summarised as
    /// `{mean, std, min, max}` (numpy's population std), no episode number.
    private static func modelObject(_ entry: ModelEntry) -> OrderedJSON {
        var fields: [(String, OrderedJSON)] = [
            ("timestamp", .string(LocalTime.isoformat(Date(timeIntervalSince1970: entry.timestamp)))),
            ("loss", entry.loss.isNaN ? .null : .float(entry.loss)),
        ]
        if let values = entry.qValues, !values.isEmpty {
            let summary = ValueSummary(values)
            fields.append(("q_values", .object([("mean", .float(summary.mean)), ("std", .float(summary.standardDeviation)),
                                                ("min", .float(summary.min)), ("max", .float(summary.max))])))
        } else {
            fields.append(("q_values", .null))
        }
        fields.append(("gradients", entry.gradients.map { gradients in .object(gradients.sorted { $0.key < $1.key }.map { ($0.key, .float($0.value)) }) } ?? .null))
        fields.append(("weights", entry.weights.map { OrderedJSON(.object($0)) } ?? .null))
        for (key, value) in entry.custom.sorted(by: { $0.key < $1.key }) { fields.append((key, .float(value))) }
        return .object(fields)
    }
}
