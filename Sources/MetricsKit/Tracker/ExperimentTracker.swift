import Foundation

/// The seed's `ExperimentTracker`, Swift-cased: one directory per experiment under
/// `experimentsDir`, with `experiment.json` (written atomically) and `results.jsonl` (appended a
/// line per result), so everything can be read by a Python script or the dashboard while a run
/// is still writing.
///
/// ```swift
/// let tracker = ExperimentTracker(experimentsDir: "experiments")
/// let id = try tracker.createExperiment(name: "dqn_baseline", hyperparameters: ["learning_rate": .number(0.001)],
///                                       description: "Baseline DQN", tags: ["dqn", "baseline"])
/// try tracker.logResult(id, episode: 1, metrics: ["profit": 12.5, "sharpe": 1.1])
/// try tracker.completeExperiment(id, finalMetrics: ["best_profit": 5000])
/// let board = try tracker.leaderboard(metric: "profit", topN: 10)
/// ```
public final class ExperimentTracker: @unchecked Sendable {
    /// A problem with an experiment, with its id and what went wrong.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// The record of an experiment, in its directory.
    public static let recordFile = "experiment.json"
    /// The results of an experiment, a JSON line each, in its directory.
    public static let resultsFile = "results.jsonl"

    public let experimentsDir: String
    private let lock = NSLock()

    public init(experimentsDir: String = "experiments") {
        self.experimentsDir = experimentsDir
    }

    // MARK: Writing

    /// Creates an experiment; its id is the name plus the creation time (and a counter when two
    /// are created in the same second).
    @discardableResult
    public func createExperiment(name: String, hyperparameters: [String: HyperparameterValue] = [:], description: String = "",
                                 tags: [String] = [], now: Date = Date()) throws -> String {
        let safeName = name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." ? $0 : "_" }
        let stamp = Self.stamp(now)
        return try lock.withLock {
            try FileManager.default.createDirectory(atPath: experimentsDir, withIntermediateDirectories: true)
            var id = "\(String(safeName))_\(stamp)"
            var counter = 2
            // mkdir is atomic: the first process to create the directory owns the id.
            while mkdir(path(of: id), 0o755) != 0 {
                guard errno == EEXIST else { throw Failure(description: "\(path(of: id)): \(String(cString: strerror(errno)))") }
                id = "\(String(safeName))_\(stamp)_\(counter)"
                counter += 1
            }
            let experiment = Experiment(id: id, name: name, description: description, tags: tags, hyperparameters: hyperparameters,
                                        status: .running, createdAt: now, completedAt: nil, finalMetrics: [:])
            try write(experiment)
            return id
        }
    }

    /// Appends one result line (`{"episode": n, ...metrics}`) to the experiment's `results.jsonl`.
    public func logResult(_ id: String, episode: Int, metrics: [String: Double]) throws {
        let directory = try directory(of: id)
        guard Self.isRegularFile(path(of: id, Self.recordFile)) else { throw Failure(description: "no experiment record in \(directory)") }
        var line = "{\"episode\": \(episode)"
        for (key, value) in metrics.sorted(by: { $0.key < $1.key }) {
            line += ", " + LogLineFormatter.jsonString(key) + ": " + LogLineFormatter.jsonNumber(value)
        }
        try LogFile(path: (directory as NSString).appendingPathComponent(Self.resultsFile)).append(Array((line + "}\n").utf8))
    }

    /// Marks an experiment completed, with its final metrics.
    public func completeExperiment(_ id: String, finalMetrics: [String: Double] = [:], now: Date = Date()) throws {
        try update(id) { experiment in
            experiment.status = .completed
            experiment.completedAt = now
            experiment.finalMetrics.merge(finalMetrics) { $1 }
        }
    }

    /// Writes the experiment's record again (it is already saved after every change).
    public func saveExperiment(_ id: String) throws {
        try update(id) { _ in }
    }

    /// Archives an experiment as the guide's tracker does: its directory moves, untouched, to
    /// `archived/<id>/` (kept on disk, listed as archived, left out of leaderboards). Nothing in
    /// its files is rewritten, so a record in the guide's layout keeps its embedded results.
    public func archiveExperiment(_ id: String) throws {
        try lock.withLock {
            let directory = try directory(of: id)
            guard !isArchived(id) else { throw Failure(description: "\(id) is archived already") }
            let archive = (experimentsDir as NSString).appendingPathComponent(Self.archivedDirectory)
            if !Self.isRealDirectory(archive) {
                guard mkdir(archive, 0o755) == 0 || errno == EEXIST, Self.isRealDirectory(archive) else {
                    throw Failure(description: "\(archive) cannot be made a directory for archived experiments: \(String(cString: strerror(errno)))")
                }
            }
            let target = (archive as NSString).appendingPathComponent(id)
            guard !FileManager.default.fileExists(atPath: target) else { throw Failure(description: "\(target) exists already; it is left alone") }
            guard rename(directory, target) == 0 else { throw Failure(description: "could not move \(directory) to \(target): \(String(cString: strerror(errno)))") }
        }
    }

    /// Removes an experiment's directory (see `directory(of:)` for what is checked first).
    public func deleteExperiment(_ id: String) throws {
        let directory = try directory(of: id)
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            throw Failure(description: "could not delete \(directory) completely: \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
    }

    // MARK: Reading

    /// One experiment's record.
    /// The record's `id` is the directory's name, whatever the file says.
    public func experiment(_ id: String) throws -> Experiment {
        let file = (try directory(of: id) as NSString).appendingPathComponent(Self.recordFile)
        let data: Data
        do {
            data = try RegularFile.contents(of: file, limit: 64 << 20)
        } catch {
            throw Failure(description: "\(id)/\(Self.recordFile): \(error)")
        }
        do {
            var record = try JSONValueDecoder.decode(Experiment.self, from: data)
            record.id = id
            if isArchived(id) { record.status = .archived }
            return record
        } catch {
            throw Failure(description: "\(id)/\(Self.recordFile) is unreadable (\(error))")
        }
    }

    /// Every experiment directory, readable or not (an unreadable one comes with its reason).
    /// What `listExperiments` says of a directory the seed's tracker created and has not saved.
    public static let unsavedNote = "created, not saved yet (no experiment.json: the guide's tracker writes it at save_experiment() or complete_experiment())"

    /// Every experiment directory, archived ones (`archived/<id>/`) included, by id; an unreadable
    /// one comes with its reason, one created and not saved yet with `unsavedNote`.
    public func listExperiments() -> [(id: String, experiment: Experiment?, problem: String?)] {
        let archive = (experimentsDir as NSString).appendingPathComponent(Self.archivedDirectory)
        let direct = ((try? FileManager.default.contentsOfDirectory(atPath: experimentsDir)) ?? [])
            .filter { $0 != Self.archivedDirectory && Self.isRealDirectory(path(of: $0)) }
        let archived = ((try? FileManager.default.contentsOfDirectory(atPath: archive)) ?? [])
            .filter { !direct.contains($0) && Self.isRealDirectory((archive as NSString).appendingPathComponent($0)) }
        return (direct + archived).sorted().compactMap { name in
            let directory = location(of: name)
            guard Self.isRegularFile((directory as NSString).appendingPathComponent(Self.recordFile))
                    || Self.isRegularFile((directory as NSString).appendingPathComponent(Self.resultsFile)) else {
                return (name, nil, Self.unsavedNote)
            }
            do {
                return (name, try experiment(name), nil)
            } catch {
                return (name, nil, "\(error)")
            }
        }
    }

    /// The results logged so far (a partial last line, still being written, is left out).
    /// Those of the seed's tracker are embedded in `experiment.json`.
    public func results(_ id: String) -> [MetricRecord] {
        guard let directory = try? directory(of: id) else { return [] }
        guard let data = try? RegularFile.contents(of: (directory as NSString).appendingPathComponent(Self.resultsFile)) else {
            guard let record = try? RegularFile.contents(of: (directory as NSString).appendingPathComponent(Self.recordFile)) else { return [] }
            return SnapshotStream.read(Array(record), catalog: MetricCatalog()).episodes.records
        }
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        var batch = RecordBatch(catalog: MetricCatalog())
        var number = 0
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                number += 1
                _ = decoder.decode(line: UnsafeBufferPointer(rebasing: bytes[start..<newline]), lineNumber: number, into: &batch)
                start = newline + 1
            }
        }
        return batch.records
    }

    // MARK: Files

    /// `experimentsDir/id[/file]`, unchecked (see `directory(of:)`).
    func path(of id: String, _ file: String? = nil) -> String {
        let directory = (experimentsDir as NSString).appendingPathComponent(id)
        return file.map { (directory as NSString).appendingPathComponent($0) } ?? directory
    }

    /// Changes the record in the directory named by `id` (never a path read from the file).
    private func update(_ id: String, _ change: (inout Experiment) -> Void) throws {
        try lock.withLock {
            var record = try experiment(id)
            change(&record)
            try write(record)
        }
    }

    /// Writes `experiment.json` into the directory named by the record's id, which is checked.
    private func write(_ experiment: Experiment) throws {
        guard Self.isPlainName(experiment.id) else { throw Failure(description: "'\(experiment.id)' is not an experiment id") }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var finite = experiment
        finite.finalMetrics = experiment.finalMetrics.filter { $0.value.isFinite }
        try LogFile.replaceAtomically(path: (location(of: experiment.id) as NSString).appendingPathComponent(Self.recordFile), with: Array(try encoder.encode(finite)))
    }

    static func stamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d%02d%02d_%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
