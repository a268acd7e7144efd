import Foundation

/// The guide's `ExperimentTracker`, Swift-cased, in the guide's on-disk layout: one directory per
/// experiment under `experimentsDir`, with `experiment.json` (the guide's keys, results
/// embedded; written atomically at create, save and complete) and, beside it, `results.jsonl`
/// (a line per result as it is logged, so the dashboard follows a running experiment), and
/// `leaderboard.json` updated when an experiment completes. The guide's own Python tracker loads
/// what this one writes, and this one loads what it writes.
///
/// ```swift
/// let tracker = ExperimentTracker(experimentsDir: "experiments")
/// let id = try tracker.createExperiment(name: "dqn_baseline", hyperparameters: ["learning_rate": 0.001, "layers": [64, 64]],
///                                       description: "Baseline DQN", tags: ["dqn", "baseline"])
/// try tracker.logResult(id, episode: 1, metrics: ["profit": 12.5, "sharpe": 1.1])
/// try tracker.completeExperiment(id, finalMetrics: ["best_profit": 5000])
/// tracker.experiments[id]?.bestEpisode   // the result with the highest profit
/// let board = tracker.leaderboard(metric: "profit", topN: 10)
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

    /// The leaderboard file in the experiments directory.
    public static let leaderboardFile = "leaderboard.json"

    public let experimentsDir: String
    let lock = NSRecursiveLock()
    private var tracked: [String: TrackedExperiment] = [:]

    /// Creates `experimentsDir` (and its parents) if it does not exist, as the guide's does.
    public init(experimentsDir: String = "experiments") {
        self.experimentsDir = experimentsDir
        try? FileManager.default.createDirectory(atPath: experimentsDir, withIntermediateDirectories: true)
    }

    /// The experiments this tracker created or loaded, by id, with their results (the guide's
    /// `tracker.experiments`). `loadExperiment` brings one in from disk.
    public var experiments: [String: TrackedExperiment] {
        get { lock.withLock { tracked } }
        // As the guide's plain dict: a script may drop an entry, and `loadExperiment` reads it back.
        set { lock.withLock { tracked = newValue } }
    }

    // MARK: Writing

    /// Creates an experiment; its id is the name plus the creation time (and a counter when two
    /// are created in the same second).
    @discardableResult
    public func createExperiment(name: String, hyperparameters: [String: HyperparameterValue] = [:], description: String = "",
                                 tags: [String] = [], now: Date = Date()) throws -> String {
        let safeName = name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." ? $0 : "_" }
        let stamp = LocalTime.stamp(now)
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
            try write(TrackedExperiment(record: experiment))
            return id
        }
    }

    /// The guide's `log_result(exp_id, episode, **metrics)`: kept in memory (`experiments[id]`)
    /// and appended, with its time, to the experiment's `results.jsonl` at once (the record's
    /// embedded results are written at the next save or completion, as the guide's are).
    public func logResult(_ id: String, episode: Int, metrics: [String: Double], now: Date = Date()) throws {
        try lock.withLock {
            var experiment = try inMemory(id)
            let result = ExperimentResult(episode: episode, timestamp: now, metrics: metrics)
            let file = (try directory(of: id) as NSString).appendingPathComponent(Self.resultsFile)
            // An experiment whose results are only embedded in its record (the guide's layout)
            // starts its results file with them, so that the file keeps every result.
            let earlier = Self.isRegularFile(file) ? [] : experiment.results
            try LogFile(path: file).append(Array((earlier + [result]).map(\.jsonLine).joined().utf8))
            experiment.results.append(result)
            tracked[id] = experiment
        }
    }

    /// Marks an experiment completed, with its final metrics, writes its record and updates
    /// `leaderboard.json`.
    public func completeExperiment(_ id: String, finalMetrics: [String: Double] = [:], now: Date = Date()) throws {
        try update(id) { experiment in
            experiment.record.status = .completed
            experiment.record.completedAt = now
            experiment.record.finalMetrics.merge(finalMetrics) { $1 }
        }
        try writeLeaderboard()
    }

    /// The guide's `save_experiment`: writes the record with every result so far; returns the file.
    @discardableResult
    public func saveExperiment(_ id: String) throws -> URL {
        try update(id) { _ in }
        return URL(fileURLWithPath: (location(of: id) as NSString).appendingPathComponent(Self.recordFile))
    }

    /// The guide's `load_experiment`: reads an experiment and its results from disk into
    /// `experiments` (replacing what was in memory) and returns it.
    @discardableResult
    public func loadExperiment(_ id: String) throws -> TrackedExperiment {
        try lock.withLock {
            let loaded = TrackedExperiment(record: try experiment(id), results: results(id).compactMap(ExperimentResult.init))
            tracked[id] = loaded
            return loaded
        }
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
            tracked[id] = nil
        }
    }

    /// The guide's `delete_experiment(exp_id, confirm)`: removes the experiment's directory only
    /// when `confirm` is true (otherwise nothing happens and it returns false). See
    /// `directory(of:)` for what is checked first.
    @discardableResult
    public func deleteExperiment(_ id: String, confirm: Bool = false) throws -> Bool {
        let directory = try directory(of: id)
        guard confirm else { return false }
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            throw Failure(description: "could not delete \(directory) completely: \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
        lock.withLock { tracked[id] = nil }
        return true
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

    /// Why `directory` cannot be listed as an experiments directory (missing, not a directory,
    /// permission denied), or nil when it can.
    public static func listingProblem(of directory: String) -> String? {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            return errno == EACCES
                ? "\(directory): permission denied (a directory on the way cannot be searched; check its permissions and owner)"
                : "\(directory): no such directory; pass --dir with the experiments directory (the tracker's experiments_dir)"
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "\(directory) is not a directory; pass --dir with the experiments directory" }
        guard let listing = opendir(directory) else {
            return errno == EACCES
                ? "\(directory): permission denied (the directory cannot be listed; check its permissions and owner)"
                : "\(directory): cannot be listed (\(String(cString: strerror(errno))))"
        }
        closedir(listing)
        return nil
    }

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
            for file in [Self.recordFile, Self.resultsFile] {
                // There, but not a file to read (a FIFO, a directory): said, never "not saved yet".
                if let kind = RegularFile.kindOfPath((directory as NSString).appendingPathComponent(file)), kind != "a regular file" {
                    return (name, nil, "\(name)/\(file) is \(kind), not a regular file")
                }
            }
            if access(directory, R_OK | X_OK) != 0 && errno == EACCES {
                return (name, nil, "\(name): permission denied (the directory cannot be listed; check its permissions and owner)")
            }
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

    /// The experiment in memory, loaded from disk the first time.
    private func inMemory(_ id: String) throws -> TrackedExperiment {
        if let known = tracked[id], Self.isRealDirectory(path(of: id)) || isArchived(id) { return known }
        return try loadExperiment(id)
    }

    /// Changes the experiment named by `id` (never a path read from the file) and writes it.
    private func update(_ id: String, _ change: (inout TrackedExperiment) -> Void) throws {
        try lock.withLock {
            var experiment = try inMemory(id)
            change(&experiment)
            try write(experiment)
        }
    }

    /// Writes `experiment.json` in the guide's layout into the directory named by the record's
    /// id, which is checked, and keeps it in memory.
    private func write(_ experiment: TrackedExperiment) throws {
        guard Self.isPlainName(experiment.record.id) else { throw Failure(description: "'\(experiment.record.id)' is not an experiment id") }
        let file = (location(of: experiment.record.id) as NSString).appendingPathComponent(Self.recordFile)
        try LogFile.replaceAtomically(path: file, with: Array((experiment.guideDocument.text() + "\n").utf8))
        tracked[experiment.record.id] = experiment
    }
}
