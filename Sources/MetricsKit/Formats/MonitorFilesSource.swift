import Foundation

/// Reads Stable-Baselines3's `Monitor` files of one run: `monitor.csv`, or the `0.monitor.csv`,
/// `1.monitor.csv`… that `make_vec_env` writes, one per environment. Each starts with a
/// `#{"t_start": …, "env_id": …}` comment, then `r,l,t` and any `info_keywords` columns, one row
/// per finished episode (`t`: seconds since `t_start`).
///
/// The environments are one run: their episodes are numbered together (from 0) in the order
/// they finished (by `t_start + t`, within what each read brings), and `timestamp` is that time.
/// Beside a progress file (`onSteps`), x is instead the run's timesteps when the episode ended —
/// the sum of the episode lengths `l` so far — so its `r`, `l` and `info_keywords` join the
/// progress records on one axis.
/// Monitor files that appear later join in. A file read again from its start (copied over,
/// rotated) has its rows already counted skipped, so no episode is counted twice.
public final class MonitorFilesSource: RecordSource {
    public let file: RunLayout.File
    /// The directory whose monitor files are read, or nil for the one file alone.
    private let directory: String?
    private var members: [String: Member] = [:]
    private var nextEpisode = 0
    private let onSteps: Bool
    /// Timesteps of the episodes handed out so far (for `onSteps`).
    private var timesteps = 0
    public private(set) var state: TailEvent?
    /// The monitor files that could not be opened, counted, with the first one's reason.
    public var problem: String? {
        let failing = members.keys.sorted().compactMap { path in members[path]?.tailer.problem.map { ((path as NSString).lastPathComponent, $0) } }
        guard let (name, first) = failing.first else { return nil }
        return failing.count == 1 ? "\(name): \(first)" : "\(failing.count) of \(members.count) monitor files not read: \(first)"
    }
    public var isOpen: Bool { members.values.contains { $0.tailer.isOpen } }

    private final class Member {
        let tailer: FileTailer
        var decoder = CSVRecordDecoder()
        var startTime: Double?
        /// Rows handed out since the file was first read; after a restart, that many are skipped.
        var rowsCounted = 0
        var rowsThisReading = 0

        init(path: String, maxLineBytes: Int) {
            tailer = FileTailer(path: path, maxLineBytes: maxLineBytes)
        }
    }

    private let maxLineBytes: Int
    /// The monitor's columns for an episode's length (in timesteps) and its end (seconds since the start).
    public static let lengthMetric = "l"
    public static let timeMetric = "t"

    /// Whether a file name is a monitor file's.
    public static func isMonitorFile(_ name: String) -> Bool {
        name == "monitor.csv" || name.hasSuffix(".monitor.csv")
    }

    /// The monitor files of `directory`, in name order.
    public static func monitorFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter(isMonitorFile).sorted()
    }

    public init(_ file: RunLayout.File, wholeDirectory: Bool, onSteps: Bool = false, maxLineBytes: Int) {
        self.file = file
        self.onSteps = onSteps
        directory = wholeDirectory ? (file.path as NSString).deletingLastPathComponent : nil
        self.maxLineBytes = maxLineBytes
    }

    public func park() { members.values.forEach { $0.tailer.park() } }

    public func read(maxBytes: Int, into batch: inout SourceBatch, atEndOfInput: Bool) -> SourceRead {
        let paths = directory.map { directory in Self.monitorFiles(in: directory).map { (directory as NSString).appendingPathComponent($0) } } ?? [file.path]
        for path in paths where members[path] == nil { members[path] = Member(path: path, maxLineBytes: maxLineBytes) }
        var result = SourceRead()
        var finished: [(time: Double, order: Int, row: Int, batch: Int)] = []
        var reads: [RecordBatch] = []
        var readNames: [String] = []
        var readLines: [[Int]] = []
        let share = max(64 * 1024, maxBytes / max(1, members.count))
        for path in members.keys.sorted() {
            guard let member = members[path] else { continue }
            var local = RecordBatch(catalog: batch.episodes.catalog)
            let name = (path as NSString).lastPathComponent
            var skipped = batch.skipped
            var lines: [Int] = []
            let onLine: (UnsafeBufferPointer<UInt8>, Int) -> Void = { line, number in
                if number == 1 {
                    member.decoder.reset()
                    member.rowsThisReading = 0
                }
                if line.first == UInt8(ascii: "#") {
                    member.startTime = Self.startTime(inComment: line) ?? member.startTime
                    return
                }
                let before = local.count
                if case .skipped(let reason) = member.decoder.decode(line: line, lineNumber: number, into: &local) {
                    skipped.record(file: name, line: number, reason: reason)
                }
                guard local.count > before else { return }
                member.rowsThisReading += 1
                // Already counted before the file was read again from its start.
                if member.rowsThisReading <= member.rowsCounted {
                    local.removeLast()
                } else {
                    member.rowsCounted += 1
                    lines.append(number)
                }
            }
            let tail = member.tailer.read(maxBytes: share, onLine: onLine)
            if atEndOfInput && !tail.moreAvailable { member.tailer.flushPartialLine(onLine: onLine) }
            // Many environments: each file read to its end lets go of its descriptor at once,
            // so that thousands of them are read within `ulimit -n`.
            if members.count > 1 && !tail.moreAvailable { _ = member.tailer.park() }
            batch.skipped = skipped
            result.events += tail.events
            if let last = tail.events.last { state = last }
            result.bytesRead += tail.bytesRead
            result.moreAvailable = result.moreAvailable || tail.moreAvailable
            let timeID = batch.episodes.catalog.id(for: Self.timeMetric)
            for row in 0..<local.count {
                let elapsed = local.value(timeID, inRow: row) ?? 0
                finished.append(((member.startTime ?? 0) + elapsed, finished.count, row, reads.count))
            }
            reads.append(local)
            readNames.append(name)
            readLines.append(lines)
        }
        if let problem { state = .unreadable(problem) } else if case .unreadable? = state { state = .opened }
        // Episodes of all environments in the order they finished.
        finished.sort { ($0.time, $0.order) < ($1.time, $1.order) }
        let timestampID = batch.episodes.catalog.id(for: MetricName.timestamp)
        let lengthID = batch.episodes.catalog.id(for: Self.lengthMetric)
        for episode in finished {
            let source = reads[episode.batch]
            var endStep = timesteps
            if onSteps {
                let length = source.value(lengthID, inRow: episode.row).flatMap { Int(exactly: $0) } ?? 0
                let (sum, overflow) = timesteps.addingReportingOverflow(max(0, length))
                guard !overflow else {
                    // Lengths summing past Int.max cannot be a step: the episode is skipped and said.
                    batch.skipped.record(file: readNames[episode.batch], line: readLines[episode.batch][episode.row], reason: "episode lengths sum past \(Int.max) timesteps; episode skipped")
                    continue
                }
                endStep = sum
            }
            batch.episodes.beginRecord()
            for index in source.fieldRange(of: episode.row) { batch.episodes.appendField(source.fieldIDs[index], source.fieldValues[index]) }
            batch.episodes.appendField(timestampID, episode.time)
            if onSteps {
                timesteps = endStep
                batch.episodes.commitRecord(episode: timesteps)
            } else {
                batch.episodes.commitRecord(episode: nextEpisode)
            }
            nextEpisode += 1
        }
        return result
    }

    /// `t_start` from the `#{"t_start": …, "env_id": …}` line.
    private static func startTime(inComment line: UnsafeBufferPointer<UInt8>) -> Double? {
        guard line.count > 1, case .object(let members)? = try? JSONReader.value(of: UnsafeBufferPointer(rebasing: line[1...])) else { return nil }
        guard case .number(let start)? = members["t_start"] else { return nil }
        return start
    }
}
