import Foundation

/// Follows a whole-run JSON snapshot that is rewritten or replaced by a newer, longer one (our
/// `metrics.json`, the seed logger's `<name>_<stamp>.json` series), reading it with
/// `SnapshotStream` a bounded piece at a time:
/// - a file still being written (the seed writes in place) is read as far as it goes and
///   continued as it grows; the records before keep showing meanwhile;
/// - a newer version is checked against where the last one ended (the bytes at the start and at
///   the end of what was read of each record array): when it begins with them, only what follows
///   is read; otherwise it is read whole, its episodes are not counted twice (the store keeps the
///   first record per episode) and its model metrics replace what the store had;
/// - a version that does not parse is not read again until it changes.
///
/// `locate` says which file to read now (for a series, the newest); an older one never replaces
/// a newer one. `previous` gives, for a series, the version saved before a file: when the newest
/// is cut short and nothing was read yet (a trainer killed mid-save, then a dashboard started),
/// the newest complete version before it is read instead, and the newest is followed from there
/// on, shown once it holds at least what that version held: never less than a complete save had.
public final class SnapshotFileSource: RecordSource {
    public let file: RunLayout.File
    private let locate: () -> String?
    private let previous: (String) -> String?
    /// The older version shown while the newest is cut short, and the problem that says so.
    private var fallback: (path: String, note: String)?
    public private(set) var state: TailEvent?
    public private(set) var problem: String?
    public var isOpen: Bool { reading != nil || finished != nil }

    /// A version being read.
    private struct Reading {
        let path: String
        let descriptor: Int32
        var identity: FileIdentity
        var stream: SnapshotStream
        /// Whether records of an earlier version were skipped by resuming.
        var resumed = false
        /// Whether this version's model metrics start the store's history again.
        var replays = false
        /// Whether the last read stopped at the end of the file before the end of the document.
        var waitingForRest = false
        /// A record array whose start was reached but not yet compared with the last version
        /// (the file was not yet written that far).
        var pendingSection: SnapshotStream.Section?
        /// Record arrays this version reads from their first element (their earlier skipped
        /// elements were taken back when the first of them began).
        var sectionsReadWhole: Set<SnapshotStream.Section> = []
    }

    /// Whether a version goes on where the last one ended.
    private enum Continuation { case resumed, different, notWrittenYet }

    /// What the last version read to its end leaves for the next: where its arrays stood.
    private struct Finished {
        let path: String
        let identity: FileIdentity
        let marks: [SnapshotStream.Section: Mark]
        let lastPlacement: Int?
        let statistics: [String: Double]
        /// `skipsCounted` when this version was finished.
        let skipsCounted: [SnapshotStream.Section: Int]
    }

    /// One record array of a finished version, with the bytes at its start and end.
    private struct Mark {
        let checkpoint: SnapshotStream.Checkpoint
        let head: [UInt8]
        let tail: [UInt8]
    }

    private var reading: Reading?
    private var finished: Finished?
    /// Skipped elements of each record array counted in the run's skipped lines now: a version
    /// read from an array's start takes back what earlier versions counted there, one that
    /// resumes keeps what the finished version counted up to where it resumes.
    private var skipsCounted: [SnapshotStream.Section: Int] = [:]
    /// The names of the versions whose skipped elements were recorded (a series' differ).
    private var recordedFiles: Set<String> = []
    private var failedIdentity: FileIdentity?
    private var waitingReported = false
    /// How many versions were begun (one read again from its start counts again).
    private var versionsBegun = 0
    /// The statistics block of the newest version read (the seed's `avg_log_time_ms`…).
    public private(set) var writerStatistics: [String: Double] = [:]

    public var readPath: String? { reading?.path ?? finished?.path }

    public init(_ file: RunLayout.File, locate: @escaping () -> String?, previous: @escaping (String) -> String? = { _ in nil }) {
        self.file = file
        self.locate = locate
        self.previous = previous
    }

    deinit {
        if let reading { close(reading.descriptor) }
    }

    /// A version read to its end holds no descriptor.
    public func park() {}

    public func read(maxBytes: Int, into batch: inout SourceBatch, atEndOfInput: Bool) -> SourceRead {
        var read = SourceRead()
        let batchCounts = (episodes: batch.episodes.count, models: batch.modelMetrics.count)
        if let current = reading, current.waitingForRest, let newest = locate(),
           newest != current.path || FileIdentity.of(path: newest).map({ !$0.isSameFile(as: current.identity) }) == true {
            // Another version came while this one was cut short (its writer stopped): read that.
            close(current.descriptor)
            reading = nil
        }
        if reading == nil {
            guard beginNewerVersion(&read, catalog: batch.episodes.catalog) else { return read }
        }
        guard var current = reading else { return read }
        if let now = FileIdentity.of(descriptor: current.descriptor), now.size < current.stream.consumedOffset {
            // Cut shorter while it was read: read it again from its start.
            close(current.descriptor)
            reading = nil
            read.events.append(.truncated)
            return read
        }
        var outcome: SnapshotStream.Outcome = current.pendingSection.map { .atSectionStart($0) }
            ?? current.stream.read(descriptor: current.descriptor, maxBytes: maxBytes, episodes: &batch.episodes, models: &batch.modelMetrics)
        while case .atSectionStart(let section) = outcome {
            current.pendingSection = nil
            let continued = continuation(of: section, &current)
            countSkipsAfresh(section, continued, &current, in: &batch.skipped)
            switch continued {
            case .notWrittenYet:
                // Compare once the file holds as much as the last version did.
                current.pendingSection = section
                current.waitingForRest = true
                reading = current
                problem = "\((current.path as NSString).lastPathComponent): cut short (still being written?); the previous version keeps showing"
                return read
            case .different where section == .modelMetrics:
                if current.resumed {
                    // The episodes were skipped but the model metrics are not as they were: read the
                    // version whole, so every model record can be placed on its episode. What this
                    // read took of it so far (a model-metrics array before the episodes) is read again.
                    batch.episodes.removeRecords(after: batchCounts.episodes)
                    batch.modelMetrics.removeRecords(after: batchCounts.models)
                    close(current.descriptor)
                    reading = nil
                    finished = nil
                    return self.read(maxBytes: maxBytes, into: &batch, atEndOfInput: atEndOfInput)
                }
                // Any version read before (finished, or given up on: invalid, cut shorter, replaced
                // while cut short) may have put model records in the store: these replace them,
                // from the version's first model-metrics array on (a second array goes on with it).
                if !current.replays {
                    current.replays = versionsBegun > 1
                    read.replaysModelMetrics = current.replays
                }
            case .different, .resumed:
                break
            }
            outcome = current.stream.read(descriptor: current.descriptor, maxBytes: maxBytes, episodes: &batch.episodes, models: &batch.modelMetrics)
        }
        record(current.stream.skipped, of: current, into: &batch.skipped)
        current.stream.clearSkipped()
        switch outcome {
        case .more:
            current.waitingForRest = false
            problem = nil
            reading = current
            read.moreAvailable = true
            if state == nil { state = .opened }
        case .complete:
            finish(current, &read)
        case .incomplete where finished == nil:
            if let older = fallBack(from: current, catalog: batch.episodes.catalog) {
                // The records read so far of the cut version are the older one's first ones; its
                // model metrics start the store's history again.
                read.replaysModelMetrics = true
                read.moreAvailable = true
                problem = older.note
                return read
            }
            fallthrough
        case .incomplete:
            // Still being written: go on from here when it grows.
            current.waitingForRest = true
            current.identity = FileIdentity.of(descriptor: current.descriptor) ?? current.identity
            reading = current
            problem = "\((current.path as NSString).lastPathComponent): cut short at byte \(current.stream.consumedOffset) (still being written?); waiting for the rest"
            if state == nil { state = .opened }
        case .invalid(let reason):
            // As the file is now: the version given up on is not read again until it changes.
            failedIdentity = FileIdentity.of(descriptor: current.descriptor) ?? current.identity
            close(current.descriptor)
            reading = nil
            problem = "\((current.path as NSString).lastPathComponent): \(reason)"
        case .atSectionStart:
            break
        }
        return read
    }

    /// Opens the version `locate` names if it is new (or grew, for one still being read); false
    /// when there is nothing to read now.
    private func beginNewerVersion(_ read: inout SourceRead, catalog: MetricCatalog) -> Bool {
        guard let path = locate(), let identity = FileIdentity.of(path: path) else {
            if !waitingReported {
                read.events.append(finished == nil ? .waitingForFile : .removed)
                waitingReported = true
                state = read.events.last
            }
            return false
        }
        waitingReported = false
        if let finished, finished.path == path, finished.identity == identity { return false }
        if identity == failedIdentity { return false }
        switch RegularFile.open(path) {
        case .success(let descriptor):
            var stream = SnapshotStream(catalog: catalog)
            stream.pausesAtSections = true
            reading = Reading(path: path, descriptor: descriptor, identity: identity, stream: stream)
            versionsBegun += 1
            problem = nil
            return true
        case .failure(let reason):
            read.events.append(.unreadable(reason.description))
            state = read.events.last
            problem = "\((path as NSString).lastPathComponent): \(reason)"
            failedIdentity = identity
            return false
        }
    }

    /// Resumes `section` of the version being read after what the last finished version gave,
    /// when the bytes at the start and end of that array are the same here.
    private func continuation(of section: SnapshotStream.Section, _ current: inout Reading) -> Continuation {
        guard let finished, let mark = finished.marks[section], mark.checkpoint.elements > 0,
              let start = current.stream.checkpoints[section]?.arrayStart, current.stream.isAtStart(of: section) else { return .different }
        let length = mark.checkpoint.readEnd - mark.checkpoint.arrayStart
        let size = FileIdentity.of(descriptor: current.descriptor)?.size ?? 0
        // The array must go on past where the last version's ended: at least its next delimiter.
        guard size > start + length, let next = Self.firstNonSpace(current.descriptor, at: start + length) else { return .notWrittenYet }
        guard Self.bytes(current.descriptor, at: start, count: mark.head.count) == mark.head,
              Self.bytes(current.descriptor, at: start + length - mark.tail.count, count: mark.tail.count) == mark.tail,
              next == UInt8(ascii: ",") || next == UInt8(ascii: "]") else { return .different }
        var checkpoint = mark.checkpoint
        checkpoint.arrayStart = start
        checkpoint.readEnd = start + length
        current.stream.resume(section, at: checkpoint)
        if section == .modelMetrics { current.stream.placeAfter(episode: finished.lastPlacement) }
        current.resumed = true
        return .resumed
    }

    /// A version read to its end: its marks are kept for the next one, its descriptor closed.
    private func finish(_ current: Reading, _ read: inout SourceRead) {
        var marks: [SnapshotStream.Section: Mark] = [:]
        // A section met twice in the version has no mark: the next version reads it whole.
        for (section, checkpoint) in current.stream.checkpoints where !current.stream.repeatedSections.contains(section) {
            let span = checkpoint.readEnd - checkpoint.arrayStart
            let window = min(256, span)
            marks[section] = Mark(checkpoint: checkpoint, head: Self.bytes(current.descriptor, at: checkpoint.arrayStart, count: window),
                                  tail: Self.bytes(current.descriptor, at: checkpoint.readEnd - window, count: window))
        }
        read.events.append(finished == nil ? .opened : .replaced(continued: current.resumed))
        state = read.events.last
        writerStatistics = current.stream.statistics
        finished = Finished(path: current.path, identity: FileIdentity.of(descriptor: current.descriptor) ?? current.identity, marks: marks,
                            lastPlacement: current.stream.lastPlacement, statistics: current.stream.statistics, skipsCounted: skipsCounted)
        close(current.descriptor)
        reading = nil
        failedIdentity = nil
        if let fallback, fallback.path == current.path {
            problem = fallback.note
        } else {
            problem = nil
            fallback = nil
        }
    }

    /// Instead of `cut`, a version that was cut short before anything was read, opens the newest
    /// version before it that exists (read whole next, then `cut`'s successors are followed).
    private func fallBack(from cut: Reading, catalog: MetricCatalog) -> (path: String, note: String)? {
        var candidate = previous(cut.path)
        while let path = candidate {
            if case .success(let descriptor) = RegularFile.open(path), let identity = FileIdentity.of(descriptor: descriptor) {
                close(cut.descriptor)
                var stream = SnapshotStream(catalog: catalog)
                stream.pausesAtSections = true
                reading = Reading(path: path, descriptor: descriptor, identity: identity, stream: stream, replays: true)
                let name = { (path: String) in (path as NSString).lastPathComponent }
                let note = "\(name(cut.path)): cut short at byte \(cut.stream.consumedOffset) (still being written, or its writer stopped); "
                    + "showing \(name(path)), the save before it, until it holds more"
                fallback = (path, note)
                return fallback
            }
            candidate = previous(path)
        }
        return nil
    }

    /// Takes back the skipped elements of `section` that this version reads again: all of them
    /// when it reads the array from its start, those past the finished version's when it resumes.
    private func countSkipsAfresh(_ section: SnapshotStream.Section, _ continued: Continuation, _ current: inout Reading, in lines: inout SkippedLines) {
        let keep: Int, firstReadAgain: Int
        switch continued {
        case .notWrittenYet: return
        case .resumed:
            keep = finished?.skipsCounted[section] ?? 0
            firstReadAgain = finished?.marks[section]?.checkpoint.elements ?? 0
        case .different:
            // A second array of the same key goes on counting with the first.
            guard current.sectionsReadWhole.insert(section).inserted else { return }
            (keep, firstReadAgain) = (0, 0)
        }
        let counted = skipsCounted[section] ?? 0
        guard counted > keep else { return }
        let key = (current.stream.sectionKeys[section] ?? section.rawValue) + "["
        let files = recordedFiles
        lines.withdraw(counted - keep) { files.contains($0.file) && $0.reason.hasPrefix(key) && $0.line >= firstReadAgain }
        skipsCounted[section] = keep
    }

    private func record(_ skipped: [(section: SnapshotStream.Section, index: Int, reason: String)], of current: Reading, into lines: inout SkippedLines) {
        let name = (current.path as NSString).lastPathComponent
        if !skipped.isEmpty { recordedFiles.insert(name) }
        for item in skipped {
            skipsCounted[item.section, default: 0] += 1
            let key = current.stream.sectionKeys[item.section] ?? item.section.rawValue
            lines.record(file: name, line: item.index, reason: "\(key)[\(item.index)]: \(item.reason)")
        }
    }

    private static func bytes(_ descriptor: Int32, at offset: Int, count: Int) -> [UInt8] {
        guard count > 0, offset >= 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
        return read == count ? buffer : []
    }

    /// The first byte at or after `offset` that is not white space, among the next 4 KiB.
    private static func firstNonSpace(_ descriptor: Int32, at offset: Int) -> UInt8? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 4096, off_t(offset)) }
        return buffer.prefix(max(0, count)).first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }
}
