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
    let onWriteFailure: (@Sendable (LogFile.Failure) -> Void)?

    // Guarded by `condition`.
    let condition = NSCondition()
    var episodes = ChunkedHistory<EpisodeEntry>()
    var models = ChunkedHistory<ModelEntry>()
    var writtenEpisodes = 0
    var writtenModels = 0
    var flushRequests = 0
    var writeAttempts = 0
    var closing = false
    var closed = false
    var writeFailures = 0
    var lastWriteFailure: String?
    var episodesAtLastAutoSave = 0
    var diagnosticEntries: [String: [DiagnosticEntry]] = [:]
    let startTime = Date()
    var logTimeNanoseconds: Int64 = 0
    /// The guide-format snapshot is next written at the auto-save that finds this many episodes.
    var nextGuideSnapshotAt = 1
    var guideSnapshotsWritten = 0
    /// Running totals over the history; x is the entry's index in `episodes`.
    var profitStatistics = RunningStatistics()
    var sharpeStatistics = RunningStatistics()
    var winRateStatistics = RunningStatistics()

    // Used by one thread at a time, under `ioLock`.
    let ioLock = NSLock()
    let writer: RunWriter
    /// The dashboard's requests in the run directory (`shouldStop()`, `checkpointRequested()`).
    let control: ControlListener

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
        control = ControlListener(directory: runDirectory)
        try? FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        if enableAsync {
            // The thread keeps the logger alive until `close()`, so entries are written even if
            // the caller drops its reference without closing.
            let thread = Thread { self.writerLoop() }
            thread.name = "MetricsLogger.writer"
            thread.start()
        }
    }


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

    func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
