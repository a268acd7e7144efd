import Foundation

/// Reads a whole-run JSON snapshot a piece at a time, never as a tree of values: the seed
/// `MetricsLogger`'s `{"experiment_name", "timestamp", "episode_metrics": […], "model_metrics": […],
/// "diagnostics", "statistics"}`, our `metrics.json` (`"episodes"` for the episodes), the seed
/// tracker's `experiment.json` (its `"results"`), or a bare array of episodes. Each element of the two record arrays goes through `JSONLinesDecoder` (so
/// the fast scanner reads the common ones) straight into the batches; everything else is stepped
/// over, except `experiment_name` and `statistics`. Memory stays bounded by the read window, not by
/// the file.
///
/// Model records without an episode number (the seed writes none) are placed on the episode
/// logged at or before their timestamp; one without a timestamp goes where the one before it went.
///
/// It picks up where it stopped: a file still being written (the seed writes in place) is read as
/// far as it goes and continued when it grows, and `resume(at:)` jumps over what a previous version
/// of the file already gave (see `Checkpoint`).
///
/// ```swift
/// var stream = SnapshotStream(catalog: catalog)
/// while case .more = stream.read(descriptor: fd, maxBytes: 1 << 20, into: &batch) {}
/// stream.statistics["avg_log_time_ms"]
/// ```
public struct SnapshotStream {
    /// Where a read got to.
    public enum Outcome: Equatable {
        /// More of the file is there to read.
        case more
        /// The document was read to its end.
        case complete
        /// The file ends in the middle of the document (still being written?): read again when it grows.
        case incomplete
        /// The bytes are not a snapshot; the reason says why.
        case invalid(String)
        /// The stream stands at the start of a record array (only with `pausesAtSections`), so
        /// the caller may `resume` it there.
        case atSectionStart(Section)
    }

    /// A record array of the document.
    public enum Section: String, Sendable { case episodes = "episode_metrics", modelMetrics = "model_metrics" }

    /// Where each record array began and how far it was read, in file offsets: enough to find,
    /// in a newer version of the file, the records already read.
    public struct Checkpoint: Equatable, Sendable {
        public var arrayStart = -1
        /// Just after the last element read.
        public var readEnd = -1
        public var elements = 0
    }

    enum State: Equatable {
        case start, key, colon(String), value(String), afterValue
        case elementOrClose(Section), afterElement(Section)
        case done
    }

    /// Whether `read` returns `.atSectionStart` as it reaches each record array.
    public var pausesAtSections = false
    public internal(set) var experimentName: String?
    public internal(set) var statistics: [String: Double] = [:]
    /// The record arrays met so far and how far each was read.
    public var checkpoints: [Section: Checkpoint] {
        var marks: [Section: Checkpoint] = [:]
        if let episodeMark { marks[.episodes] = episodeMark }
        if let modelMark { marks[.modelMetrics] = modelMark }
        return marks
    }
    // Kept apart, not in a dictionary: they change at every element.
    var episodeMark: Checkpoint?
    var modelMark: Checkpoint?
    /// Sections whose key appeared more than once in the document (`"model_metrics"` twice):
    /// their checkpoint is the last array's only, so it cannot stand for the section.
    public internal(set) var repeatedSections: Set<Section> = []
    /// Elements that were not usable records: section, index in its array, reason.
    public internal(set) var skipped: [(section: Section, index: Int, reason: String)] = []

    var state = State.start
    /// File offset of `window[0]`, and the bytes read and not yet consumed: `window[..<windowEnd]`
    /// (the buffer is kept, and read into, from one fill to the next).
    var windowOffset = 0
    var window: [UInt8] = []
    var windowEnd = 0
    var position = 0
    var scanner = JSONValueScanner()
    var episodeDecoder = JSONLinesDecoder(requiresEpisode: true)
    var modelDecoder = JSONLinesDecoder(requiresEpisode: false)
    let timestampID: MetricID
    /// (timestamp, episode) of the episodes read, to place model records.
    var episodeTimes: [(time: Double, episode: Int)] = []
    var placement = 0
    var lastPlacedEpisode: Int?
    /// How much a fill reads from a file: from 16 KiB, doubled while fills come back full, up to
    /// 1 MiB, so a small snapshot (most are) is read into a window its size, not a megabyte's.
    static let fileChunk = 1 << 20
    var chunk = 16 << 10
    /// A single element (or a skipped value) larger than this is refused rather than buffered.
    static let maxValueBytes = 64 << 20

    public init(catalog: MetricCatalog) {
        timestampID = catalog.id(for: MetricName.timestamp)
    }

    /// The file offset up to which everything has been consumed.
    public var consumedOffset: Int { windowOffset + position }

    /// Reads at most about `maxBytes` more from `descriptor` and decodes the complete records
    /// into `episodes` and `models`.
    public mutating func read(descriptor: Int32, maxBytes: Int, episodes: inout RecordBatch, models: inout RecordBatch) -> Outcome {
        read(maxBytes: maxBytes, episodes: &episodes, models: &models) { buffer, count, offset in pread(descriptor, buffer, count, off_t(offset)) }
    }

    /// A whole document in memory, read at once (tests, the fuzzer).
    public struct Document {
        public var episodes: RecordBatch
        public var modelMetrics: RecordBatch
        public var stream: SnapshotStream
        public var outcome: Outcome
    }

    public static func read(_ bytes: [UInt8], catalog: MetricCatalog) -> Document {
        var stream = SnapshotStream(catalog: catalog)
        // A window the size of the document, not of a file read.
        stream.chunk = max(16, min(Self.fileChunk, bytes.count + 1))
        var episodes = RecordBatch(catalog: catalog)
        var models = RecordBatch(catalog: catalog)
        var outcome = Outcome.more
        while outcome == .more {
            outcome = stream.read(maxBytes: Int.max, episodes: &episodes, models: &models) { buffer, count, offset in
                guard offset < bytes.count else { return 0 }
                let length = min(count, bytes.count - offset)
                bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: length) }
                return length
            }
        }
        return Document(episodes: episodes, modelMetrics: models, stream: stream, outcome: outcome)
    }

    /// Reads at most about `maxBytes` more, taking bytes from `fetch(buffer, count, offset)`
    /// (which returns how many it gave, 0 at the end, -1 on an error).
    public mutating func read(maxBytes: Int, episodes: inout RecordBatch, models: inout RecordBatch,
                              fetch: (UnsafeMutableRawPointer, Int, Int) -> Int) -> Outcome {
        var budget = maxBytes
        while budget > 0 {
            switch step(episodes: &episodes, models: &models) {
            case .done: return .complete
            case .failed(let reason): return .invalid(reason)
            case .opened(let section):
                if pausesAtSections { return .atSectionStart(section) }
            case .progressed: continue
            case .needBytes:
                let count = fill(fetch)
                if count < 0 { return .invalid("the file cannot be read: \(String(cString: strerror(errno)))") }
                if count == 0 { return state == .done ? .complete : .incomplete }
                budget -= count
            }
        }
        return .more
    }

    /// Goes on from `checkpoint` of `section` in a newer version of the file: the records before
    /// it were read from the older version. The stream must stand at that array's start.
    public mutating func resume(_ section: Section, at checkpoint: Checkpoint) {
        guard state == .elementOrClose(section), checkpoint.readEnd > consumedOffset else { return }
        windowEnd = 0
        windowOffset = checkpoint.readEnd
        position = 0
        scannedTo = nil
        setMark(section, checkpoint)
        state = .afterElement(section)
    }

    /// Whether the stream stands at the start of `section`'s array, about to read its first element.
    public func isAtStart(of section: Section) -> Bool {
        state == .elementOrClose(section) && (mark(section)?.elements ?? 0) == 0
    }

    /// Carries placement on from an earlier read: model records before any episode of this read
    /// go on `episode`.
    public mutating func placeAfter(episode: Int?) {
        lastPlacedEpisode = episode
    }

    /// Forgets the skipped elements reported so far (the caller has recorded them).
    public mutating func clearSkipped() {
        skipped.removeAll()
    }

    /// The episode the last model record went on.
    public var lastPlacement: Int? { lastPlacedEpisode }

    var lastEpisodeRead: Int?
    /// Whether the document is a bare array of episodes (it began with `[`).
    var bareArray = false
    /// How far the value at `position` was scanned already (window index), while it is incomplete.
    var scannedTo: Int?
    /// The key each record array had in this document (`episodes` or `episode_metrics`).
    public internal(set) var sectionKeys: [Section: String] = [:]
}
