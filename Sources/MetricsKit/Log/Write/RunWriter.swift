/// Writes a run's files for `MetricsLogger`: appends JSON lines, keeps the CSV files appended
/// row by row at each auto-save, makes the JSON lines durable then, and writes the `metrics.json`
/// snapshot atomically. Used by one thread at a time (the logger serialises access).
///
/// If a file or the run directory disappears, the next write re-creates it and writes the whole
/// history again; a failed write leaves its entries pending so the next write retries them.
///
/// The writer never keeps the logger's arrays: it asks for copies of just the ranges it needs
/// (`HistoryReader`), so a log call never has to copy the whole history.
final class RunWriter {
    /// Copies of ranges of the logger's history, taken under the logger's lock.
    struct HistoryReader {
        let episodes: (Range<Int>) -> [EpisodeEntry]
        let models: (Range<Int>) -> [ModelEntry]
    }

    let directory: String
    private let episodesFile: LogFile
    private let modelFile: LogFile
    private var episodesCSV: CSVLog
    private var modelCSV: CSVLog
    private(set) var writtenEpisodes = 0
    private(set) var writtenModels = 0
    private var csvEpisodes = 0
    private var csvModels = 0
    private var episodesNeedSeparator = false
    private var modelsNeedSeparator = false

    init(directory: String) {
        self.directory = directory
        episodesFile = LogFile(path: directory + "/episodes.jsonl")
        modelFile = LogFile(path: directory + "/model_metrics.jsonl")
        episodesCSV = CSVLog(path: directory + "/metrics.csv", leadingColumns: ["episode", "profit", "sharpe", "win_rate", "drawdown", "num_trades", "epsilon", "learning_rate"])
        modelCSV = CSVLog(path: directory + "/model_metrics.csv", leadingColumns: ["episode", "loss", "q_values"])
    }

    /// Appends the entries not yet written. `history` gives every entry so far, for rewriting a
    /// re-created file. Throws the first failure; what failed stays pending.
    func writePending(_ history: HistoryReader, newEpisodes: [EpisodeEntry], newModels: [ModelEntry]) throws {
        if !newEpisodes.isEmpty {
            let lines = newEpisodes.map(LogLineFormatter.jsonLine).joined()
            try appendLines(lines, to: episodesFile, separator: &episodesNeedSeparator) {
                history.episodes(0..<writtenEpisodes).map(LogLineFormatter.jsonLine).joined()
            }
            writtenEpisodes += newEpisodes.count
        }
        if !newModels.isEmpty {
            let lines = newModels.map(LogLineFormatter.jsonLine).joined()
            try appendLines(lines, to: modelFile, separator: &modelsNeedSeparator) {
                history.models(0..<writtenModels).map(LogLineFormatter.jsonLine).joined()
            }
            writtenModels += newModels.count
        }
    }

    /// The periodic auto-save: JSON lines forced to disk, CSV files brought up to date.
    func autoSave(_ history: HistoryReader) throws {
        try episodesFile.sync()
        try modelFile.sync()
        try updateCSV(history)
    }

    /// The full snapshot `metrics.json`, written atomically.
    func writeJSONSnapshot(experimentName: String, episodes: [EpisodeEntry], models: [ModelEntry], statistics: LoggerStatistics) throws -> String {
        var text = "{\"experiment_name\": " + JSONText.string(experimentName) + ",\n\"episodes\": ["
        text += episodes.map { String(LogLineFormatter.jsonLine($0).dropLast()) }.joined(separator: ",\n")
        text += "],\n\"model_metrics\": ["
        text += models.map { String(LogLineFormatter.jsonLine($0).dropLast()) }.joined(separator: ",\n")
        text += "],\n\"statistics\": " + statistics.json() + "}\n"
        let path = directory + "/metrics.json"
        try LogFile.replaceAtomically(path: path, with: Array(text.utf8))
        return path
    }

    /// Brings both CSV files up to date; returns the path of `metrics.csv`.
    @discardableResult
    func updateCSV(_ history: HistoryReader) throws -> String {
        if csvEpisodes < writtenEpisodes {
            let written = writtenEpisodes
            try episodesCSV.append(history.episodes(csvEpisodes..<written).map(\.csvRow)) { history.episodes(0..<written).map(\.csvRow) }
            csvEpisodes = written
        }
        if csvModels < writtenModels {
            let written = writtenModels
            try modelCSV.append(history.models(csvModels..<written).map(\.csvRow)) { history.models(0..<written).map(\.csvRow) }
            csvModels = written
        }
        return episodesCSV.path
    }

    func closeFiles() {
        episodesFile.closeFile()
        modelFile.closeFile()
    }

    private func appendLines(_ lines: String, to file: LogFile, separator: inout Bool, earlier: () -> String) throws {
        // After a failed write a partial line may sit at the end: start on a fresh line so it
        // stays one malformed line instead of corrupting the next record.
        let text = (separator ? "\n" : "") + lines
        do {
            if try file.openIfNeeded() {
                try file.append(Array(earlier().utf8))
            }
            try file.append(Array(text.utf8))
            separator = false
        } catch {
            separator = true
            throw error
        }
    }
}
