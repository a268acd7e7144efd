import Foundation

/// The writer: the background thread (async mode) or the caller (sync mode) appends pending
/// entries to the run log, makes it durable at auto-saves and reports failures.
extension MetricsLogger {
    func wakeWriterLocked() {
        if enableAsync { condition.signal() } else { writeLocked() }
    }

    func writerLoop() {
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

    func pendingLocked() -> Int {
        episodes.count - writtenEpisodes + models.count - writtenModels
    }

    /// Writes the pending entries. Called with `condition` held; in async mode it is released
    /// while the disk is written, so log calls never wait for I/O.
    func writeLocked() {
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
    func historyReader() -> RunWriter.HistoryReader {
        RunWriter.HistoryReader(
            episodes: { range in self.enableAsync ? self.locked { self.episodes.copy(range) } : self.episodes.copy(range) },
            models: { range in self.enableAsync ? self.locked { self.models.copy(range) } : self.models.copy(range) }
        )
    }

    func report(_ failure: LogFile.Failure) {
        locked {
            writeFailures += 1
            lastWriteFailure = failure.description
        }
        onWriteFailure?(failure)
    }
}
