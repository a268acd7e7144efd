import Foundation

/// The guide's `MetricsLogger`, Swift-cased, method for method. It writes two things:
/// - the live run log `<outputDir>/<experimentName>/`: `episodes.jsonl` and `model_metrics.jsonl`
///   appended as you log, `metrics.csv`/`model_metrics.csv` kept up to date at each auto-save,
///   and `metrics.json` (the whole run, which also marks it finished) at `close()`;
/// - the guide's own snapshot files `<outputDir>/<experimentName>_<YYYYmmdd_HHMMSS>.json|csv`
///   (see `saveMetrics(format:)`), which scripts written for the guide's package read.
///
/// Auto-save: every `autoSaveInterval` episodes the run log is made durable (fsync) and its CSV
/// files brought up to date. The guide's logger also rewrites its whole snapshot then, which
/// makes a long run quadratic (2.1 s a save at 100,000 episodes); ours writes the guide's
/// snapshot at the first auto-save and afterwards only once the history has doubled since the
/// last one, so snapshots cost at most about twice the final one in total, and `close()`
/// writes the final one.
///
/// Safe to call from any thread or task. With `enableAsync` (the default) a log call only
/// appends to memory: a background writer appends the JSON lines once `bufferSize` entries are
/// pending (and at least every `flushLatency`, so a dashboard sees them), and every
/// `autoSaveInterval` episodes forces them to disk and appends the CSV rows. A write that fails
/// (disk full, permission denied, directory removed) is counted, reported through
/// `onWriteFailure` and `statistics()`, and retried with the next write; it never crashes or
/// blocks training, and a removed directory is re-created with the whole history.
///
/// ```swift
/// let logger = MetricsLogger(experimentName: "dqn", outputDir: "training_logs")
/// logger.logEpisode(episode: 1, profit: 100, sharpe: 1.5, winRate: 0.6, epsilon: 0.5)
/// logger.logModelMetrics(loss: 0.5, qValues: [1, 2, 3], gradients: ["mean": 0.01])
/// print(logger.statistics().bestProfit ?? 0)
/// logger.close()
///
/// // The guide's `with MetricsLogger(...) as logger:`
/// try MetricsLogger.with(experimentName: "dqn") { logger in logger.logEpisode(episode: 1, profit: 5) }
/// ```
public final class MetricsLogger: @unchecked Sendable {
    /// Formats `saveMetrics` writes.
    public enum SnapshotFormat: String, Sendable { case json, csv }

    public let experimentName: String
    /// Where the guide's snapshot files go (created at init, as the guide's logger does).
    public let outputDir: String
    /// `<outputDir>/<experimentName>`.
    public let runDirectory: String
    /// The default window of `smoothedMetric` per metric (the guide's `smoothing_windows`);
    /// other metrics use 10.
    public static let smoothingWindows: [String: Int] = [MetricName.profit: 10, MetricName.loss: 20, MetricName.sharpe: 10, MetricName.winRate: 20]
    public let bufferSize: Int
    public let autoSaveInterval: Int
    public let enableAsync: Bool
    /// The longest a logged entry waits in memory in async mode.
    public let flushLatency: TimeInterval
    private let onWriteFailure: (@Sendable (LogFile.Failure) -> Void)?

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var episodes = ChunkedHistory<EpisodeEntry>()
    private var models = ChunkedHistory<ModelEntry>()
    private var writtenEpisodes = 0
    private var writtenModels = 0
    private var flushRequests = 0
    private var writeAttempts = 0
    private var closing = false
    private var closed = false
    private var writeFailures = 0
    private var lastWriteFailure: String?
    private var episodesAtLastAutoSave = 0
    private var diagnosticEntries: [String: [DiagnosticEntry]] = [:]
    private let startTime = Date()
    private var logTimeNanoseconds: Int64 = 0
    /// The guide-format snapshot is next written at the auto-save that finds this many episodes.
    private var nextGuideSnapshotAt = 1
    private var guideSnapshotsWritten = 0
    /// Running totals over the history; x is the entry's index in `episodes`.
    private var profitStatistics = RunningStatistics()
    private var sharpeStatistics = RunningStatistics()
    private var winRateStatistics = RunningStatistics()

    // Used by one thread at a time, under `ioLock`.
    private let ioLock = NSLock()
    private let writer: RunWriter

    public init(
        experimentName: String, outputDir: String = "training_logs", bufferSize: Int = 100, autoSaveInterval: Int = 50,
        enableAsync: Bool = true, flushLatency: TimeInterval = 1.0, onWriteFailure: (@Sendable (LogFile.Failure) -> Void)? = nil
    ) {
        self.experimentName = experimentName
        self.outputDir = outputDir
        runDirectory = (outputDir as NSString).appendingPathComponent(experimentName)
        self.bufferSize = max(1, bufferSize)
        self.autoSaveInterval = max(1, autoSaveInterval)
        self.enableAsync = enableAsync
        self.flushLatency = flushLatency
        self.onWriteFailure = onWriteFailure
        writer = RunWriter(directory: runDirectory)
        try? FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        if enableAsync {
            // The thread keeps the logger alive until `close()`, so entries are written even if
            // the caller drops its reference without closing.
            let thread = Thread { self.writerLoop() }
            thread.name = "MetricsLogger.writer"
            thread.start()
        }
    }

    // MARK: Logging

    /// Logs one episode; custom metrics go in `custom` (the seed's `**kwargs`: numbers, or any
    /// JSON value, which the snapshot keeps and the dashboard reads where it can).
    public func logEpisode(
        episode: Int, profit: Double, sharpe: Double = 0, winRate: Double = 0, drawdown: Double = 0, numTrades: Int = 0,
        epsilon: Double = 0, learningRate: Double = 0, custom: [String: JSONValue] = [:]
    ) {
        let started = DispatchTime.now().uptimeNanoseconds
        let entry = EpisodeEntry(
            episode: episode, profit: profit, sharpe: sharpe, winRate: winRate, drawdown: drawdown, numTrades: numTrades,
            epsilon: epsilon, learningRate: learningRate, custom: custom, timestamp: Date().timeIntervalSince1970
        )
        condition.lock()
        guard !closing else { return condition.unlock() }
        profitStatistics.add(x: episodes.count, profit)
        sharpeStatistics.add(x: episodes.count, sharpe)
        winRateStatistics.add(x: episodes.count, winRate)
        episodes.append(entry)
        let pending = episodes.count - writtenEpisodes + models.count - writtenModels
        if pending >= bufferSize { wakeWriterLocked() }
        logTimeNanoseconds &+= Int64(DispatchTime.now().uptimeNanoseconds &- started)
        condition.unlock()
    }

    /// Logs model metrics, stamped with the latest episode logged so far.
    public func logModelMetrics(loss: Double, qValues: [Double]? = nil, gradients: [String: Double]? = nil, weights: [String: JSONValue]? = nil,
                                custom: [String: Double] = [:]) {
        let timestamp = Date().timeIntervalSince1970
        condition.lock()
        guard !closing else { return condition.unlock() }
        models.append(ModelEntry(episode: episodes.last?.episode ?? 0, loss: loss, qValues: qValues, gradients: gradients, weights: weights,
                                 custom: custom, timestamp: timestamp))
        let pending = episodes.count - writtenEpisodes + models.count - writtenModels
        if pending >= bufferSize { wakeWriterLocked() }
        condition.unlock()
    }

    /// The guide's `log_diagnostic(key, value)`: kept with its time under `diagnostics[key]` and
    /// written to the guide's snapshot.
    public func logDiagnostic(_ key: String, _ value: JSONValue) {
        let entry = DiagnosticEntry(timestamp: Date().timeIntervalSince1970, value: value)
        locked {
            guard !closing else { return }
            diagnosticEntries[key, default: []].append(entry)
        }
    }

    // MARK: Reading back

    /// The most recently logged episode.
    public var latestEpisode: EpisodeEntry? { locked { episodes.last } }

    /// The most recent model-metrics entry.
    public var latestModel: ModelEntry? { locked { models.last } }

    /// Everything `logDiagnostic` received, by key, oldest first.
    public var diagnostics: [String: [DiagnosticEntry]] { locked { diagnosticEntries } }

    /// The last `lastN` episodes (every episode when nil), oldest first.
    public func episodeHistory(lastN: Int? = nil) -> [EpisodeEntry] {
        locked { lastN.map { episodes.suffix(max(0, $0)) } ?? episodes.copy(0..<episodes.count) }
    }

    /// The episode with the highest finite value of `metric` (the first one on ties). Scans the
    /// history under the lock without copying it.
    public func bestEpisode(metric: String = MetricName.profit) -> EpisodeEntry? {
        if MetricName.canonical(metric) == MetricName.profit {
            return locked { profitStatistics.best.map { episodes[$0.x] } }
        }
        return locked {
            var best: (entry: EpisodeEntry, value: Double)?
            episodes.forEach { entry in
                guard let value = entry.value(of: metric), value.isFinite else { return }
                if best == nil || value > best!.value { best = (entry, value) }
            }
            return best?.entry
        }
    }

    /// The mean of the last `window` finite values of `metric` (by default its window in
    /// `smoothingWindows`), or `nil` when there are none. `loss` and other model metrics are
    /// smoothed over the model-metrics entries.
    public func smoothedMetric(_ metric: String, window: Int? = nil) -> Double? {
        let name = MetricName.canonical(metric)
        let size = max(1, window ?? Self.smoothingWindows[name] ?? 10)
        if name == MetricName.loss || name.hasPrefix(MetricName.gradients + ".") || [MetricName.qMean, MetricName.qStd, MetricName.qMin, MetricName.qMax].contains(name) {
            return Self.finiteMean(locked { models.suffix(size) }.compactMap { $0.record.values[name] })
        }
        return Self.finiteMean(locked { episodes.suffix(size) }.compactMap { $0.value(of: name) })
    }

    /// Every episode logged so far (a copy).
    public var allEpisodes: [EpisodeEntry] { locked { episodes.copy(0..<episodes.count) } }
    /// Every model-metrics entry logged so far (a copy).
    public var allModelMetrics: [ModelEntry] { locked { models.copy(0..<models.count) } }

    /// The seed's statistics plus the logger's write health, from running totals (constant time).
    public func statistics() -> LoggerStatistics {
        locked { statisticsLocked() }
    }

    private func statisticsLocked() -> LoggerStatistics {
        var stats = LoggerStatistics()
        stats.totalEpisodes = episodes.count
        stats.latestEpisode = episodes.last?.episode
        if let best = profitStatistics.best {
            stats.bestProfit = best.value
            stats.bestEpisode = episodes[best.x].episode
        }
        stats.averageProfit = profitStatistics.mean
        stats.recentAverageProfit = Self.finiteMean(episodes.suffix(RunSummary.recentWindow).map(\.profit))
        stats.trainingTime = Date().timeIntervalSince(startTime)
        stats.bestSharpe = sharpeStatistics.best?.value
        stats.recentAverageSharpe = Self.finiteMean(episodes.suffix(RunSummary.recentWindow).map(\.sharpe))
        stats.averageLogTimeMs = episodes.isEmpty ? nil : Double(logTimeNanoseconds) / 1e6 / Double(episodes.count)
        stats.averageSharpe = sharpeStatistics.mean
        stats.averageWinRate = winRateStatistics.mean
        stats.currentEpsilon = episodes.last?.epsilon
        stats.modelMetricsLogged = models.count
        stats.latestLoss = models.last?.loss
        stats.writeFailures = writeFailures
        stats.lastWriteFailure = lastWriteFailure
        stats.pendingEntries = pendingLocked()
        stats.guideSnapshots = guideSnapshotsWritten
        return stats
    }

    // MARK: Saving

    /// The guide's `save_metrics(format)`: writes everything logged so far to
    /// `<outputDir>/<experimentName>_<YYYYmmdd_HHMMSS>.json` (the whole history, the guide's keys)
    /// or `.csv` (episode metrics) and returns the file. A save in the same second as the last
    /// replaces it, as the guide's does; the file is replaced atomically.
    @discardableResult
    public func saveMetrics(format: SnapshotFormat = .json) throws -> URL {
        flush()
        do {
            return URL(fileURLWithPath: try guideSnapshot().write(format: format, outputDir: outputDir, now: Date()))
        } catch let failure as LogFile.Failure {
            report(failure)
            throw failure
        }
    }

    /// The guide's `with MetricsLogger(...) as logger:`: a logger that is closed when `body`
    /// returns or throws.
    public static func with<T>(
        experimentName: String, outputDir: String = "training_logs", bufferSize: Int = 100, autoSaveInterval: Int = 50, enableAsync: Bool = true,
        _ body: (MetricsLogger) throws -> T
    ) rethrows -> T {
        let logger = MetricsLogger(experimentName: experimentName, outputDir: outputDir, bufferSize: bufferSize, autoSaveInterval: autoSaveInterval,
                                   enableAsync: enableAsync)
        defer { logger.close() }
        return try body(logger)
    }

    /// Everything so far, for the guide's snapshot files.
    private func guideSnapshot() -> GuideSnapshot {
        locked { guideSnapshotLocked() }
    }

    private func guideSnapshotLocked() -> GuideSnapshot {
        GuideSnapshot(experimentName: experimentName, episodes: episodes.copy(0..<episodes.count), models: models.copy(0..<models.count),
                      diagnostics: diagnosticEntries, statistics: statisticsLocked())
    }

    /// Writes out everything pending (async mode: waits for the writer).
    public func flush() {
        if !enableAsync {
            condition.lock()
            writeLocked()
            condition.unlock()
            return
        }
        condition.lock()
        flushRequests += 1
        let target = (episodes.count, models.count)
        let attemptsBefore = writeAttempts
        condition.broadcast()
        // Two attempts guarantee one that started after this request; stop there if it failed.
        while !closed && (writtenEpisodes < target.0 || writtenModels < target.1) && writeAttempts < attemptsBefore + 2 {
            condition.wait()
        }
        condition.unlock()
    }

    /// Flushes, brings the run log's CSV files up to date, writes its `metrics.json` and the
    /// guide's final JSON snapshot, and stops the writer. Later log calls are ignored. Safe to
    /// call more than once.
    public func close() {
        let alreadyClosing = locked { () -> Bool in
            defer { closing = true }
            return closing
        }
        guard !alreadyClosing else { return }
        condition.lock()
        condition.broadcast()
        if enableAsync {
            while !closed { condition.wait() }
        } else {
            writeLocked()
            closed = true
        }
        condition.unlock()
        let snapshot = guideSnapshot()
        ioLock.lock()
        var failure: LogFile.Failure?
        do {
            try writer.updateCSV(historyReader())
            _ = try writer.writeJSONSnapshot(experimentName: experimentName, episodes: snapshot.episodes, models: snapshot.models, statistics: snapshot.statistics)
            _ = try snapshot.write(format: .json, outputDir: outputDir, now: Date())
        } catch {
            failure = error as? LogFile.Failure ?? LogFile.Failure(path: outputDir, reason: "\(error)")
        }
        writer.closeFiles()
        ioLock.unlock()
        failure.map(report)
    }

    // MARK: Writing

    private func wakeWriterLocked() {
        if enableAsync { condition.signal() } else { writeLocked() }
    }

    private func writerLoop() {
        condition.lock()
        while true {
            var waitedSince = Date()
            // After a failed write a full buffer does not wake the writer: it retries once per
            // `flushLatency` (or when asked to flush or close) instead of spinning on a full disk.
            while !closing && flushRequests == 0 && (pendingLocked() < bufferSize || lastWriteFailure != nil) {
                if !condition.wait(until: waitedSince.addingTimeInterval(flushLatency)) {
                    if pendingLocked() > 0 { break }
                    waitedSince = Date()
                }
            }
            let served = flushRequests
            let attemptFollowsClose = closing
            writeLocked()
            writeAttempts += 1
            flushRequests -= served
            condition.broadcast()
            // Closing gives up on pending entries only after an attempt begun once close was asked fails.
            if closing && (pendingLocked() == 0 || (attemptFollowsClose && lastWriteFailure != nil)) { break }
        }
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func pendingLocked() -> Int {
        episodes.count - writtenEpisodes + models.count - writtenModels
    }

    /// Writes the pending entries. Called with `condition` held; in async mode it is released
    /// while the disk is written, so log calls never wait for I/O.
    private func writeLocked() {
        guard writtenEpisodes < episodes.count || writtenModels < models.count else { return }
        let copiedEpisodes = episodes.copy(writtenEpisodes..<episodes.count)
        let copiedModels = models.copy(writtenModels..<models.count)
        let autoSaveDue = episodes.count - episodesAtLastAutoSave >= autoSaveInterval
        let guideSnapshot = autoSaveDue && episodes.count >= nextGuideSnapshotAt ? guideSnapshotLocked() : nil
        if enableAsync { condition.unlock() }
        ioLock.lock()
        let before = (writer.writtenEpisodes, writer.writtenModels)
        var failure: LogFile.Failure?
        do {
            try writer.writePending(historyReader(), newEpisodes: copiedEpisodes, newModels: copiedModels)
            if autoSaveDue { try writer.autoSave(historyReader()) }
            if let guideSnapshot { _ = try guideSnapshot.write(format: .json, outputDir: outputDir, now: Date()) }
        } catch let error as LogFile.Failure {
            failure = error
        } catch {
            failure = LogFile.Failure(path: runDirectory, reason: "\(error)")
        }
        let after = (writer.writtenEpisodes, writer.writtenModels)
        ioLock.unlock()
        if enableAsync { condition.lock() }
        writtenEpisodes += after.0 - before.0
        writtenModels += after.1 - before.1
        if autoSaveDue && failure == nil { episodesAtLastAutoSave = episodes.count }
        if let guideSnapshot, failure == nil {
            nextGuideSnapshotAt = max(2 * guideSnapshot.episodes.count, guideSnapshot.episodes.count + autoSaveInterval)
            guideSnapshotsWritten += 1
        }
        if let failure {
            writeFailures += 1
            lastWriteFailure = failure.description
            if let onWriteFailure {
                condition.unlock()
                onWriteFailure(failure)
                condition.lock()
            }
        } else {
            lastWriteFailure = nil
        }
    }

    /// Copies of ranges of the history for the writer. In async mode they are taken under the
    /// lock; in sync mode the writer already runs under it.
    private func historyReader() -> RunWriter.HistoryReader {
        RunWriter.HistoryReader(
            episodes: { range in self.enableAsync ? self.locked { self.episodes.copy(range) } : self.episodes.copy(range) },
            models: { range in self.enableAsync ? self.locked { self.models.copy(range) } : self.models.copy(range) }
        )
    }

    private func report(_ failure: LogFile.Failure) {
        locked {
            writeFailures += 1
            lastWriteFailure = failure.description
        }
        onWriteFailure?(failure)
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    private static func finiteMean(_ values: [Double]) -> Double? {
        let finite = values.filter(\.isFinite)
        return finite.isEmpty ? nil : finite.reduce(0, +) / Double(finite.count)
    }
}
