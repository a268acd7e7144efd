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
    public private(set) var layout: RunLayout
    public private(set) var store: RunStore
    public private(set) var skipped = SkippedLines()
    private var followed: [FollowedFile]
    private let maxLineBytes: Int
    private let chunkBytes: Int
    private var episodes: RecordBatch
    private var modelMetrics: RecordBatch
    private var cachedSnapshotPath: String?

    /// Opens the run at `path` (a run directory or one log file); throws `RunLayout.Failure`
    /// when the path is not a log, or does not exist and `mustExist` is set (otherwise it is
    /// waited for).
    /// `recentCapacity` points per metric are kept at full resolution and older ones in at most
    /// `maxBuckets` min/max/mean buckets (see `MetricSeries`).
    public init(path: String, mustExist: Bool = false, maxLineBytes: Int = 1 << 20, chunkBytes: Int = 1 << 20, recentCapacity: Int = 4096,
                maxBuckets: Int = 1024) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        self.chunkBytes = chunkBytes
        layout = try RunLayout.resolve(path, mustExist: mustExist)
        let catalog = MetricCatalog()
        store = RunStore(catalog: catalog, recentCapacity: recentCapacity, maxBuckets: maxBuckets)
        episodes = RecordBatch(catalog: catalog)
        modelMetrics = RecordBatch(catalog: catalog)
        followed = layout.files.map { FollowedFile($0, maxLineBytes: maxLineBytes) }
    }

    /// The latest state of each followed file, by file name (for the status line).
    public var fileStates: [(file: String, state: TailEvent?)] {
        followed.map { ($0.file.name, $0.state) }
    }

    /// When any of the run's files last changed, if any exists.
    public var lastModified: Date? {
        let times = layout.files.compactMap { FileIdentity.of(path: $0.path)?.modifiedNanoseconds }
        guard let newest = times.max() else { return nil }
        return Date(timeIntervalSince1970: Double(newest) / 1e9)
    }

    /// Whether the run has finished: its JSON lines are followed and a `metrics.json` at least as
    /// new as them sits beside them, as `MetricsLogger.close()` leaves a run.
    public var isComplete: Bool {
        let jsonLines = layout.files.filter { $0.format == .jsonLines }.compactMap { FileIdentity.of(path: $0.path)?.modifiedNanoseconds }
        guard let newestLine = jsonLines.max() else { return false }
        return (FileIdentity.of(path: snapshotPath)?.modifiedNanoseconds ?? -1) >= newestLine
    }

    /// Where `MetricsLogger.close()` leaves `metrics.json` for this run.
    private var snapshotPath: String {
        if let cached = cachedSnapshotPath { return cached }
        let path = ((layout.files[0].path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("metrics.json")
        cachedSnapshotPath = path
        return path
    }

    /// Problems reading a JSON snapshot that is being rewritten, if any.
    public var snapshotProblems: [String] { followed.compactMap(\.snapshotProblem) }

    /// Reads new data, bounded by record count and time.
    public func poll(maxRecords: Int = 50_000, maxDuration: Duration = .milliseconds(20)) -> PollResult {
        reresolveIfEmpty()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxDuration)
        var result = PollResult()
        var readRecords = 0
        for file in followed {
            while true {
                let read = file.read(maxBytes: chunkBytes, episodes: &episodes, modelMetrics: &modelMetrics, store: &store, skipped: &skipped)
                result.events += read.events.map { FileEvent(file: file.file.name, event: $0) }
                readRecords += ingestPending(&result)
                guard read.moreAvailable else { break }
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
        followed.forEach { $0.park() }
    }

    /// Everything there was is read: the record buffers a big read grew are let go, so a run
    /// that is only followed (or one of a thousand in the runs view) holds no idle buffers.
    private func releaseBuffers() {
        guard episodes.capacity > 0 || modelMetrics.capacity > 0 else { return }
        episodes = RecordBatch(catalog: store.catalog)
        modelMetrics = RecordBatch(catalog: store.catalog)
    }

    /// Reads everything the files hold now, including a last line without a newline.
    public func readToEnd() {
        reresolveIfEmpty()
        var ignored = PollResult()
        for file in followed {
            while true {
                let read = file.read(maxBytes: chunkBytes, episodes: &episodes, modelMetrics: &modelMetrics, store: &store, skipped: &skipped, atEndOfInput: true)
                _ = ingestPending(&ignored)
                if !read.moreAvailable { break }
            }
        }
    }

    private func ingestPending(_ result: inout PollResult) -> Int {
        let total = episodes.count + modelMetrics.count
        if !episodes.isEmpty {
            result.newEpisodes += store.ingestEpisodes(episodes)
            episodes.removeAll()
        }
        if !modelMetrics.isEmpty {
            result.newModelRecords += store.ingestModelMetrics(modelMetrics)
            modelMetrics.removeAll()
        }
        return total
    }

    /// A directory that had none of its files yet may have gained another format's files.
    private func reresolveIfEmpty() {
        // An open file says the layout is right without a look at the disk.
        guard layout.isDirectory, !followed.contains(where: \.isOpen), !layout.anyFileExists, let updated = try? RunLayout.resolve(path, mustExist: false), updated != layout else { return }
        layout = updated
        followed = updated.files.map { FollowedFile($0, maxLineBytes: maxLineBytes) }
    }
}
