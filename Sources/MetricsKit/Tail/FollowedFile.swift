import Foundation

/// One file of a run being followed: a `FileTailer` with the decoder for its format, or, for a
/// JSON snapshot, a whole-file re-read whenever the file changes.
final class FollowedFile {
    let file: RunLayout.File
    private let tailer: FileTailer
    private var jsonDecoder: JSONLinesDecoder
    private var csvDecoder = CSVRecordDecoder()
    private var snapshotIdentity: FileIdentity?
    /// The version of the snapshot that last failed to parse: not read again until it changes.
    private var failedSnapshotIdentity: FileIdentity?
    private var snapshotWaitingReported = false
    /// Whether the file is open now, or parked (it existed at the last read).
    var isOpen: Bool { tailer.isOpen }

    /// Lets go of the file's descriptor while it has nothing more to read.
    func park() { tailer.park() }
    /// The latest thing that happened to the file, for the status line.
    private(set) var state: TailEvent?
    /// Why the snapshot could not be read the last time it changed, if it could not.
    private(set) var snapshotProblem: String?

    init(_ file: RunLayout.File, maxLineBytes: Int) {
        self.file = file
        tailer = FileTailer(path: file.path, maxLineBytes: maxLineBytes)
        jsonDecoder = JSONLinesDecoder(requiresEpisode: file.content != .modelMetrics)
    }

    /// Reads up to `maxBytes`, appending records to the batch for the file's content.
    func read(
        maxBytes: Int, episodes: inout RecordBatch, modelMetrics: inout RecordBatch, store: inout RunStore,
        skipped: inout SkippedLines, atEndOfInput: Bool = false
    ) -> FileTailer.ReadResult {
        if file.format == .jsonSnapshot {
            return readSnapshot(episodes: &episodes, modelMetrics: &modelMetrics, store: &store, skipped: &skipped)
        }
        var batch = file.content == .modelMetrics ? modelMetrics : episodes
        let name = file.name
        var localSkipped = skipped
        // Decoders are worked on as locals: class properties would cost an exclusivity check per line.
        var csv = csvDecoder
        var json = jsonDecoder
        let isCSV = file.format == .csv
        let decodeLine: (UnsafeBufferPointer<UInt8>, Int) -> Void = { line, number in
            if number == 1 {
                // The file is being read from its start (first read or after a restart).
                csv.reset()
                json.reset()
            }
            let outcome = isCSV
                ? csv.decode(line: line, lineNumber: number, into: &batch)
                : json.decode(line: line, lineNumber: number, into: &batch)
            if case .skipped(let reason) = outcome { localSkipped.record(file: name, line: number, reason: reason) }
        }
        let result = tailer.read(maxBytes: maxBytes, onLine: decodeLine)
        if file.content == .modelMetrics && result.events.contains(where: \.restartsFromBeginning) {
            store.beginModelMetricsReplay()
        }
        if atEndOfInput && !result.moreAvailable {
            let before = localSkipped.count
            tailer.flushPartialLine(onLine: decodeLine)
            if localSkipped.count > before {
                // Say why: a last line without its newline is most likely still being written.
                localSkipped.amendLast(reason: "incomplete last line (no newline yet; still being written?)")
            }
        }
        csvDecoder = csv
        jsonDecoder = json
        for line in result.oversizedLines {
            localSkipped.record(file: name, line: line, reason: "line longer than \(tailer.maxLineBytes / 1024) KiB")
        }
        if let last = result.events.last { state = last }
        skipped = localSkipped
        if file.content == .modelMetrics { modelMetrics = batch } else { episodes = batch }
        return result
    }

    private func readSnapshot(
        episodes: inout RecordBatch, modelMetrics: inout RecordBatch, store: inout RunStore, skipped: inout SkippedLines
    ) -> FileTailer.ReadResult {
        var result = FileTailer.ReadResult()
        guard let identity = FileIdentity.of(path: file.path) else {
            if !snapshotWaitingReported {
                result.events.append(snapshotIdentity == nil ? .waitingForFile : .removed)
                snapshotWaitingReported = true
            }
            state = result.events.last ?? state
            return result
        }
        snapshotWaitingReported = false
        guard identity != snapshotIdentity, identity != failedSnapshotIdentity else { return result }
        let firstRead = snapshotIdentity == nil
        let data: Data
        do {
            data = try RegularFile.contents(of: file.path)
        } catch {
            failedSnapshotIdentity = identity
            snapshotProblem = "\(file.name): \(error)"
            result.events.append(.unreadable(error.description))
            state = result.events.last
            return result
        }
        do {
            let document = try JSONDocumentDecoder.decode(data, catalog: episodes.catalog)
            snapshotIdentity = identity
            failedSnapshotIdentity = nil
            snapshotProblem = nil
            for index in 0..<document.episodes.count { episodes.append(document.episodes.record(at: index)) }
            if !firstRead { store.beginModelMetricsReplay() }
            for index in 0..<document.modelMetrics.count { modelMetrics.append(document.modelMetrics.record(at: index)) }
            if firstRead {
                for problem in document.skipped {
                    skipped.record(file: file.name, line: problem.index, reason: "\(problem.section)[\(problem.index)]: \(problem.reason)")
                }
            }
            result.events.append(firstRead ? .opened : .replaced(continued: false))
            result.bytesRead = data.count
            state = result.events.last
        } catch {
            // A snapshot being rewritten in place may be half written: wait for the next change.
            failedSnapshotIdentity = identity
            snapshotProblem = "\(file.name): \(error)"
        }
        return result
    }
}
