import Foundation

/// Reads a run's history and then follows its files as they grow, feeding a `RunStore`.
///
/// Work is done in bounded steps: `poll` reads until `maxRecords` records or `maxDuration` have
/// been spent and says whether more remains, so a caller with a screen to draw is never blocked
/// by a big file. `readToEnd` reads everything there is now (for `summary`).
/// ```swift
/// let source = try RunSource(path: "training_logs/dqn")
/// while source.poll().moreRemaining {}
/// source.store.episodeCount
/// source.skipped.count
/// ```
public final class RunSource {
    /// What one `poll` did.
    public struct PollResult: Equatable {
        public var newEpisodes = 0
        public var newModelRecords = 0
        public var moreRemaining = false
        /// Things that happened to files, by file name.
        public var events: [FileEvent] = []
    }

    /// Something that happened to one file of the run.
    public struct FileEvent: Equatable, Sendable {
        public let file: String
        public let event: TailEvent
    }

    public let path: String
    /// What the user called the run when `path` is not it (a run on another machine is read
    /// from its local copy: `gpu1:training_logs/dqn`); messages and the status line show it.
    public var displayName: String?
    public private(set) var layout: RunLayout
    public private(set) var store: RunStore
    public private(set) var skipped = SkippedLines()
    private var sources: [RecordSource]
    private let maxLineBytes: Int
    private let chunkBytes: Int
    private var batch: SourceBatch

    /// Opens the run at `path` (a run directory or one log file); throws `RunLayout.Failure`
    /// when the path is not a log, or does not exist and `mustExist` is set (otherwise it is
    /// waited for).
    /// `recentCapacity` points per metric are kept at full resolution and older ones in at most
    /// `maxBuckets` min/max/mean buckets (see `MetricSeries`).
    /// `selection`: the metrics a one-shot reading needs (the others may be left unread).
    public init(path: String, mustExist: Bool = false, maxLineBytes: Int = 1 << 20, chunkBytes: Int = 1 << 20, recentCapacity: Int = 4096,
                maxBuckets: Int = 1024, selection: MetricSelection? = nil) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        self.chunkBytes = chunkBytes
        layout = try RunLayout.resolve(path, mustExist: mustExist)
        let catalog = MetricCatalog()
        if let selection = selection?.keeping(layout.format.axisMetrics) { catalog.namesNeeded = selection.kept(among:) }
        store = RunStore(catalog: catalog, recentCapacity: recentCapacity, maxBuckets: maxBuckets)
        batch = SourceBatch(catalog: catalog)
        sources = layout.files.map { $0.format.makeSource(for: $0, maxLineBytes: maxLineBytes) }
    }

    /// The latest state of each followed file, by file name (for the status line).
    public var fileStates: [(file: String, state: TailEvent?)] {
        sources.map { ($0.file.name, $0.state) }
    }

    /// What the writer said of itself in the run's files (the seed logger's `statistics`).
    public var writerStatistics: [String: Double] {
        sources.reduce(into: [:]) { all, source in all.merge(source.writerStatistics) { $1 } }
    }

    /// When any of the run's files last changed, if any exists.
    public var lastModified: Date? {
        let times = sources.compactMap { $0.readPath.flatMap { FileIdentity.of(path: $0)?.modifiedNanoseconds } }
        guard let newest = times.max() else { return nil }
        return Date(timeIntervalSince1970: Double(newest) / 1e9)
    }

    /// Whether the run has finished, as its format tells from its files (for JSON lines: a
    /// `metrics.json` at least as new as them, as `MetricsLogger.close()` leaves a run).
    public var isComplete: Bool { layout.format.isFinished(layout) }

    /// Whether a file of the run could not be opened at the last read (permissions, not a
    /// regular file, no descriptor left): its figures are missing from the store.
    public var hasUnreadableFiles: Bool {
        sources.contains { source in
            if case .unreadable? = source.state { return true }
            return false
        }
    }

    /// What keeps the run's files from being read whole, each said once: a document cut short
    /// while it is rewritten, a file that cannot be opened. The same reason for several files is
    /// one line that counts them ("981 of 2000 files not read: too many open files …").
    public var problems: [String] {
        var reasons: [String] = []
        var files: [String: [String]] = [:]
        for source in sources {
            guard let problem = source.problem else { continue }
            if files[problem] == nil { reasons.append(problem) }
            files[problem, default: []].append(source.file.name)
        }
        return reasons.map { reason in
            let names = files[reason] ?? []
            if names.count > 1 { return "\(names.count) of \(sources.count) files not read: \(reason)" }
            return reason.hasPrefix(names[0] + ":") ? reason : "\(names[0]): \(reason)"
        }
    }

    /// Whether records came after this source had once read all there was: the run was seen
    /// growing (a run that was already quiet when opened was not; "stalled" is for the first).
    public private(set) var seenGrowing = false
    /// Whether a poll has read all there was.
    private var caughtUp = false

    /// Reads new data, bounded by record count and time.
    public func poll(maxRecords: Int = 50_000, maxDuration: Duration = .milliseconds(20)) -> PollResult {
        let result = pollFiles(maxRecords: maxRecords, maxDuration: maxDuration)
        if caughtUp && result.newEpisodes + result.newModelRecords > 0 { seenGrowing = true }
        if !result.moreRemaining { caughtUp = true }
        return result
    }

    private func pollFiles(maxRecords: Int, maxDuration: Duration) -> PollResult {
        reresolveIfEmpty()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxDuration)
        var result = PollResult()
        var readRecords = 0
        for source in sources {
            while true {
                let read = source.read(maxBytes: chunkBytes, into: &batch, atEndOfInput: false)
                result.events += read.events.map { FileEvent(file: source.file.name, event: $0) }
                readRecords += ingestPending(read, &result)
                guard read.moreAvailable else {
                    parkIfOneOfMany(source)
                    break
                }
                if readRecords >= maxRecords || clock.now >= deadline {
                    result.moreRemaining = true
                    return result
                }
            }
        }
        releaseBuffers()
        return result
    }

    /// Lets go of the descriptors of files read to their end (a quiet run holds none); the next
    /// `poll` opens a file again only if it changed.
    public func park() {
        sources.forEach { $0.park() }
    }

    /// A run of many files (a TensorBoard directory of thousands of event files) holds no
    /// descriptor for a file read to its end, so it is read whole within `ulimit -n`; a run of a
    /// few files keeps them open while it is followed (they are parked with the run).
    private func parkIfOneOfMany(_ source: RecordSource) {
        if sources.count > Self.filesKeptOpen { source.park() }
    }

    /// How many files a followed run keeps open between reads.
    static let filesKeptOpen = 8

    /// Everything there was is read: the record buffers a big read grew are let go, so a run
    /// that is only followed (or one of a thousand in the runs view) holds no idle buffers.
    private func releaseBuffers() {
        guard batch.episodes.capacity > 0 || batch.modelMetrics.capacity > 0 else { return }
        batch = SourceBatch(catalog: store.catalog, skipped: batch.skipped)
    }

    /// Reads everything the files hold now, including a last line without a newline.
    public func readToEnd() {
        reresolveIfEmpty()
        var ignored = PollResult()
        for source in sources {
            while true {
                let read = source.read(maxBytes: chunkBytes, into: &batch, atEndOfInput: true)
                _ = ingestPending(read, &ignored)
                if !read.moreAvailable {
                    parkIfOneOfMany(source)
                    break
                }
            }
        }
    }

    /// Moves what a read put in the batch into the store; a read that starts the model metrics'
    /// history again replaces what the store had of them. Model records go in first: one the
    /// source could not place (a snapshot's, before any episode of its document) goes where the
    /// run stood before this read, so a file read at once and read as it grows place it alike.
    private func ingestPending(_ read: SourceRead, _ result: inout PollResult) -> Int {
        let total = batch.episodes.count + batch.modelMetrics.count
        if read.replaysModelMetrics { store.beginModelMetricsReplay() }
        if !batch.modelMetrics.isEmpty {
            result.newModelRecords += store.ingestModelMetrics(batch.modelMetrics)
            batch.modelMetrics.removeAll()
        }
        if !batch.episodes.isEmpty {
            result.newEpisodes += store.ingestEpisodes(batch.episodes)
            batch.episodes.removeAll()
        }
        skipped = batch.skipped
        return total
    }

    /// A directory that had none of its files yet may have gained another format's files; one
    /// read as an experiment record may have gained a results file, which comes first.
    private func reresolveIfEmpty() {
        guard layout.isDirectory else { return }
        let waiting = !sources.contains(where: \.isOpen) && !layout.anyFileExists
        // An open file says the layout is right without a look at the disk, unless its format
        // gives way to formats whose files may come later.
        guard waiting || layout.format.yieldsToEarlierFormats,
              let updated = try? RunLayout.resolve(path, mustExist: false), updated != layout else { return }
        layout = updated
        sources = updated.files.map { $0.format.makeSource(for: $0, maxLineBytes: maxLineBytes) }
    }
}
