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

    private enum State: Equatable {
        case start, key, colon(String), value(String), afterValue
        case elementOrClose(Section), afterElement(Section)
        case done
    }

    /// Whether `read` returns `.atSectionStart` as it reaches each record array.
    public var pausesAtSections = false
    public private(set) var experimentName: String?
    public private(set) var statistics: [String: Double] = [:]
    /// The record arrays met so far and how far each was read.
    public var checkpoints: [Section: Checkpoint] {
        var marks: [Section: Checkpoint] = [:]
        if let episodeMark { marks[.episodes] = episodeMark }
        if let modelMark { marks[.modelMetrics] = modelMark }
        return marks
    }
    // Kept apart, not in a dictionary: they change at every element.
    private var episodeMark: Checkpoint?
    private var modelMark: Checkpoint?
    /// Elements that were not usable records: section, index in its array, reason.
    public private(set) var skipped: [(section: Section, index: Int, reason: String)] = []

    private var state = State.start
    /// File offset of `window[0]`, and the bytes read and not yet consumed: `window[..<windowEnd]`
    /// (the buffer is kept, and read into, from one fill to the next).
    private var windowOffset = 0
    private var window: [UInt8] = []
    private var windowEnd = 0
    private var position = 0
    private var scanner = JSONValueScanner()
    private var episodeDecoder = JSONLinesDecoder(requiresEpisode: true)
    private var modelDecoder = JSONLinesDecoder(requiresEpisode: false)
    private let timestampID: MetricID
    /// (timestamp, episode) of the episodes read, to place model records.
    private var episodeTimes: [(time: Double, episode: Int)] = []
    private var placement = 0
    private var lastPlacedEpisode: Int?
    /// How much a fill reads from a file: from 16 KiB, doubled while fills come back full, up to
    /// 1 MiB, so a small snapshot (most are) is read into a window its size, not a megabyte's.
    private static let fileChunk = 1 << 20
    private var chunk = 16 << 10
    /// A single element (or a skipped value) larger than this is refused rather than buffered.
    private static let maxValueBytes = 64 << 20

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

    // MARK: Steps

    private enum Step { case progressed, opened(Section), needBytes, done, failed(String) }

    private mutating func fill(_ fetch: (UnsafeMutableRawPointer, Int, Int) -> Int) -> Int {
        if position > 0 {
            // Keep the unconsumed bytes, at the front.
            let kept = windowEnd - position
            if kept > 0 { window.withUnsafeMutableBytes { _ = memmove($0.baseAddress!, $0.baseAddress! + position, kept) } }
            windowEnd = kept
            windowOffset += position
            scannedTo = scannedTo.map { $0 - position }
            position = 0
        }
        if window.count < windowEnd + chunk {
            // Grown without filling: only the kept bytes are copied, the rest is written by
            // `fetch` before it is read (a zero-filled megabyte per version read cost 0.1 s in debug builds).
            let kept = windowEnd
            window = [UInt8](unsafeUninitializedCapacity: kept + chunk) { buffer, count in
                window.withUnsafeBufferPointer { old in
                    if kept > 0, let from = old.baseAddress { buffer.baseAddress!.update(from: from, count: kept) }
                }
                count = kept + chunk
            }
        }
        let offset = windowOffset + windowEnd
        let end = windowEnd
        let count = window.withUnsafeMutableBytes { fetch($0.baseAddress! + end, chunk, offset) }
        if count > 0 { windowEnd += count }
        if count == chunk && chunk < Self.fileChunk { chunk *= 2 }
        return count
    }

    private mutating func skipSpace() -> Bool {
        while position < windowEnd {
            let byte = window[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return true }
            position += 1
        }
        return false
    }

    private mutating func step(episodes: inout RecordBatch, models: inout RecordBatch) -> Step {
        if state == .done { return .done }
        if case .start = state, windowOffset + position == 0, windowEnd >= 3, window[0] == 0xEF, window[1] == 0xBB, window[2] == 0xBF { position = 3 }
        guard skipSpace() else { return .needBytes }
        let byte = window[position]
        switch state {
        case .start:
            if byte == UInt8(ascii: "[") {
                openArray(.episodes)
                return .opened(.episodes)
            }
            guard byte == UInt8(ascii: "{") else { return .failed("neither a JSON object nor an array of records") }
            position += 1
            state = .key
            return .progressed
        case .key:
            if byte == UInt8(ascii: "}") {
                position += 1
                state = .done
                return .done
            }
            guard byte == UInt8(ascii: "\"") else { return .failed("expected a quoted key at byte \(consumedOffset)") }
            guard let end = completeValue() else { return .needBytes }
            let key = (try? JSONReader.value(of: slice(position, end))).flatMap { value -> String? in
                if case .string(let text) = value { return text }
                return nil
            }
            guard let key else { return .failed("a malformed key at byte \(consumedOffset)") }
            position = end
            state = .colon(key)
            return .progressed
        case .colon(let key):
            guard byte == UInt8(ascii: ":") else { return .failed("expected ':' after \"\(key)\" at byte \(consumedOffset)") }
            position += 1
            state = .value(key)
            return .progressed
        case .value(let key):
            // A closing bracket where a value should be: malformed wherever the file is cut (the
            // scanner would wait for a value that never starts, and a later read skip past it).
            guard byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]") else { return .failed("expected a value for \"\(key)\" at byte \(consumedOffset)") }
            if byte == UInt8(ascii: "["), let section = Self.section(for: key) {
                sectionKeys[section] = key
                openArray(section)
                return .opened(section)
            }
            guard let end = completeValue() else { return windowEnd - position > Self.maxValueBytes ? .failed("\"\(key)\" is too large") : .needBytes }
            if key == "experiment_name" || key == "statistics" { takeScalar(key, slice(position, end)) }
            position = end
            state = .afterValue
            return .progressed
        case .afterValue:
            position += 1
            if byte == UInt8(ascii: ",") {
                state = .key
                return .progressed
            }
            guard byte == UInt8(ascii: "}") else { return .failed("expected ',' or '}' at byte \(consumedOffset - 1)") }
            state = .done
            return .done
        case .elementOrClose(let section):
            if byte == UInt8(ascii: "]") {
                position += 1
                return closeArray()
            }
            guard byte != UInt8(ascii: "}") else { return .failed("expected a record or ']' in \"\(section.rawValue)\" at byte \(consumedOffset)") }
            let end: Int
            if scannedTo == nil, let fast = decodeFast(section: section, episodes: &episodes, models: &models) {
                end = fast
            } else {
                guard let complete = completeValue() else { return windowEnd - position > Self.maxValueBytes ? .failed("a record over 64 MiB") : .needBytes }
                decode(slice(position, complete), section: section, episodes: &episodes, models: &models)
                end = complete
            }
            position = end
            let offset = consumedOffset
            if section == .episodes {
                episodeMark?.readEnd = offset
                episodeMark?.elements += 1
            } else {
                modelMark?.readEnd = offset
                modelMark?.elements += 1
            }
            state = .afterElement(section)
            return .progressed
        case .afterElement(let section):
            position += 1
            if byte == UInt8(ascii: ",") {
                state = .elementOrClose(section)
                return .progressed
            }
            guard byte == UInt8(ascii: "]") else { return .failed("expected ',' or ']' in \"\(section.rawValue)\" at byte \(consumedOffset - 1)") }
            return closeArray()
        case .done:
            return .done
        }
    }

    private func mark(_ section: Section) -> Checkpoint? {
        section == .episodes ? episodeMark : modelMark
    }

    private mutating func setMark(_ section: Section, _ checkpoint: Checkpoint) {
        if section == .episodes { episodeMark = checkpoint } else { modelMark = checkpoint }
    }

    /// A record array closed: the document ends with it if it was a bare array.
    private mutating func closeArray() -> Step {
        state = bareArray ? .done : .afterValue
        return bareArray ? .done : .progressed
    }

    private mutating func openArray(_ section: Section) {
        if state == .start { bareArray = true }
        position += 1
        let offset = consumedOffset
        setMark(section, Checkpoint(arrayStart: offset - 1, readEnd: offset, elements: 0))
        state = .elementOrClose(section)
    }

    /// The end of the value at `position` if the window holds all of it. An incomplete value is
    /// scanned on from where the last look stopped when more bytes come, never again from its start.
    private mutating func completeValue() -> Int? {
        let from = scannedTo ?? position
        if scannedTo == nil { scanner = JSONValueScanner() }
        let filled = windowEnd
        let end = window.withUnsafeBufferPointer { scanner.scan(UnsafeBufferPointer(rebasing: $0[0..<filled]), from: from) }
        scannedTo = end == nil ? windowEnd : nil
        return end
    }

    private func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        window.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[start..<end]) }
    }

    private static func section(for key: String) -> Section? {
        switch key {
        // `results`: an experiment record's embedded results (the seed's ExperimentTracker).
        case "episode_metrics", "episodes", "results": return .episodes
        case "model_metrics": return .modelMetrics
        default: return nil
        }
    }

    private mutating func takeScalar(_ key: String, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = try? JSONReader.value(of: bytes) else { return }
        switch (key, value) {
        case ("experiment_name", .string(let name)):
            experimentName = name
        case ("statistics", .object(let fields)):
            for (name, field) in fields {
                if case .number(let number) = field { statistics[name] = number }
            }
        default:
            break
        }
    }

    /// The element at `position` on the fast path, in place (no separate scan for its end);
    /// returns its end, or nil when the general way must read it.
    private mutating func decodeFast(section: Section, episodes: inout RecordBatch, models: inout RecordBatch) -> Int? {
        let start = position
        let filled = windowEnd
        let result: (outcome: LineOutcome, end: Int)? = window.withUnsafeBufferPointer { buffer in
            let rest = UnsafeBufferPointer(rebasing: buffer[start..<filled])
            return section == .episodes ? episodeDecoder.decodeObjectPrefix(rest, into: &episodes) : modelDecoder.decodeObjectPrefix(rest, into: &models)
        }
        guard let result else { return nil }
        placeDecoded(result.outcome, section: section, episodes: &episodes, models: &models)
        return start + result.end
    }

    private mutating func decode(_ element: UnsafeBufferPointer<UInt8>, section: Section, episodes: inout RecordBatch, models: inout RecordBatch) {
        let index = mark(section)?.elements ?? 0
        let outcome = section == .episodes
            ? episodeDecoder.decode(line: element, lineNumber: index + 1, into: &episodes)
            : modelDecoder.decode(line: element, lineNumber: index + 1, into: &models)
        placeDecoded(outcome, section: section, episodes: &episodes, models: &models)
    }

    /// Notes a decoded element: a skipped one with its reason, an episode's time, a model
    /// record's episode.
    private mutating func placeDecoded(_ outcome: LineOutcome, section: Section, episodes: inout RecordBatch, models: inout RecordBatch) {
        let index = mark(section)?.elements ?? 0
        // An element that holds nothing (a lone byte-order mark) is no record.
        guard outcome != .ignored else {
            skipped.append((section, index, "not a JSON object"))
            return
        }
        switch section {
        case .episodes:
            if case .skipped(let reason) = outcome {
                skipped.append((section, index, reason))
                return
            }
            let row = episodes.count - 1
            if let time = episodes.value(timestampID, inRow: row), time.isFinite {
                episodeTimes.append((time, episodes.episodes[row]))
            }
            lastEpisodeRead = episodes.episodes[row]
        case .modelMetrics:
            if case .skipped(let reason) = outcome {
                skipped.append((section, index, reason))
                return
            }
            let row = models.count - 1
            guard models.episodes[row] == RecordBatch.noEpisode else { return }
            if let time = models.value(timestampID, inRow: row), time.isFinite {
                while placement < episodeTimes.count, episodeTimes[placement].time <= time {
                    lastPlacedEpisode = episodeTimes[placement].episode
                    placement += 1
                }
            }
            if let episode = lastPlacedEpisode ?? episodeTimes.first?.episode ?? lastEpisodeRead {
                models.setEpisode(episode, ofRow: row)
                lastPlacedEpisode = episode
            }
        }
    }

    private var lastEpisodeRead: Int?
    /// Whether the document is a bare array of episodes (it began with `[`).
    private var bareArray = false
    /// How far the value at `position` was scanned already (window index), while it is incomplete.
    private var scannedTo: Int?
    /// The key each record array had in this document (`episodes` or `episode_metrics`).
    public private(set) var sectionKeys: [Section: String] = [:]
}
