import Foundation

/// Saving: the guide's `save_metrics` snapshots, `with`, `flush` and `close`.
extension MetricsLogger {
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
    func guideSnapshot() -> GuideSnapshot {
        locked { guideSnapshotLocked() }
    }

    func guideSnapshotLocked() -> GuideSnapshot {
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
}
