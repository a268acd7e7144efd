import Foundation

/// Logs a training run in the run-log format, as the seed's Python `MetricsLogger` does, into
/// `<outputDir>/<experimentName>/`: `episodes.jsonl` and `model_metrics.jsonl` appended as you
/// log, `metrics.csv`/`model_metrics.csv` kept up to date at each auto-save, and `metrics.json`
/// written by `saveMetrics(format: .json)` and `close()`.
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
/// ```
public final class MetricsLogger: @unchecked Sendable {
    /// Formats `saveMetrics` writes.
    public enum SnapshotFormat: String, Sendable { case json, csv }

    public let experimentName: String
    /// `<outputDir>/<experimentName>`.
    public let runDirectory: String
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

    /// Logs one episode; custom metrics go in `custom` (the seed's `**kwargs`).
    public func logEpisode(
        episode: Int, profit: Double, sharpe: Double = 0, winRate: Double = 0, drawdown: Double = 0, numTrades: Int = 0,
        epsilon: Double = 0, learningRate: Double = 0, custom: [String: Double] = [:]
    ) {
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
        condition.unlock()
    }

    /// Logs model metrics, stamped with the latest episode logged so far.
    public func logModelMetrics(loss: Double, qValues: [Double]? = nil, gradients: [String: Double]? = nil, custom: [String: Double] = [:]) {
        let timestamp = Date().timeIntervalSince1970
        condition.lock()
        guard !closing else { return condition.unlock() }
        models.append(ModelEntry(episode: episodes.last?.episode ?? 0, loss: loss, qValues: qValues, gradients: gradients, custom: custom, timestamp: timestamp))
        let pending = episodes.count - writtenEpisodes + models.count - writtenModels
        if pending >= bufferSize { wakeWriterLocked() }
        condition.unlock()
    }

    // MARK: Reading back

    /// The most recently logged episode.
    public var latestEpisode: EpisodeEntry? { locked { episodes.last } }

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

    /// The mean of the last `window` finite values of `metric`, or `nil` when there are none.
    public func smoothedMetric(_ metric: String, window: Int = 10) -> Double? {
        let recent = locked { episodes.suffix(max(1, window)) }
        return Self.finiteMean(recent.compactMap { $0.value(of: metric) })
    }

    /// Every episode logged so far (a copy).
    public var allEpisodes: [EpisodeEntry] { locked { episodes.copy(0..<episodes.count) } }
    /// Every model-metrics entry logged so far (a copy).
    public var allModelMetrics: [ModelEntry] { locked { models.copy(0..<models.count) } }

    /// The seed's statistics plus the logger's write health, from running totals (constant time).
    public func statistics() -> LoggerStatistics {
        locked {
            var stats = LoggerStatistics()
            stats.totalEpisodes = episodes.count
            stats.latestEpisode = episodes.last?.episode
            if let best = profitStatistics.best {
                stats.bestProfit = best.value
                stats.bestEpisode = episodes[best.x].episode
            }
            stats.averageProfit = profitStatistics.mean
            stats.recentAverageProfit = Self.finiteMean(episodes.suffix(RunSummary.recentWindow).map(\.profit))
            stats.averageSharpe = sharpeStatistics.mean
            stats.averageWinRate = winRateStatistics.mean
            stats.currentEpsilon = episodes.last?.epsilon
            stats.modelMetricsLogged = models.count
            stats.latestLoss = models.last?.loss
            stats.writeFailures = writeFailures
            stats.lastWriteFailure = lastWriteFailure
            stats.pendingEntries = pendingLocked()
            return stats
        }
    }

    // MARK: Saving

    /// Writes everything logged so far and returns the file: `metrics.json` (atomically
    /// replaced) or `metrics.csv` (with `model_metrics.csv` beside it).
    @discardableResult
    public func saveMetrics(format: SnapshotFormat = .json) throws -> URL {
        flush()
        let stats = statistics()
        ioLock.lock()
        defer { ioLock.unlock() }
        do {
            switch format {
            case .json:
                let (allEpisodes, allModels) = locked { (episodes.copy(0..<episodes.count), models.copy(0..<models.count)) }
                return URL(fileURLWithPath: try writer.writeJSONSnapshot(experimentName: experimentName, episodes: allEpisodes, models: allModels, statistics: stats))
            case .csv:
                return URL(fileURLWithPath: try writer.updateCSV(historyReader()))
            }
        } catch let failure as LogFile.Failure {
            report(failure)
            throw failure
        }
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

    /// Flushes, saves `metrics.json` and the CSV files, and stops the writer. Later log calls
    /// are ignored. Safe to call more than once.
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
        _ = try? saveMetrics(format: .csv)
        _ = try? saveMetrics(format: .json)
        ioLock.lock()
        writer.closeFiles()
        ioLock.unlock()
    }

    // MARK: Writing

    private func wakeWriterLocked() {
        if enableAsync { condition.signal() } else { writeLocked() }
    }

    private func writerLoop() {
        condition.lock()
        while true {
            var waitedSince = Date()
            while !closing && flushRequests == 0 && pendingLocked() < bufferSize {
                if !condition.wait(until: waitedSince.addingTimeInterval(flushLatency)) {
                    if pendingLocked() > 0 { break }
                    waitedSince = Date()
                }
            }
            let served = flushRequests
            writeLocked()
            writeAttempts += 1
            flushRequests -= served
            condition.broadcast()
            if closing && (pendingLocked() == 0 || lastWriteFailure != nil) { break }
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
        if enableAsync { condition.unlock() }
        ioLock.lock()
        let before = (writer.writtenEpisodes, writer.writtenModels)
        var failure: LogFile.Failure?
        do {
            try writer.writePending(historyReader(), newEpisodes: copiedEpisodes, newModels: copiedModels)
            if autoSaveDue { try writer.autoSave(historyReader()) }
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
