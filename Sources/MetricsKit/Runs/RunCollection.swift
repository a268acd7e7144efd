import Foundation

/// A directory whose subdirectories are runs (`training_logs/` of MetricsLogger runs, or an
/// `ExperimentTracker`'s `experiments/`), followed live: runs that appear are picked up, removed
/// ones dropped, and each run's files are tailed into a small store that keeps only what the
/// runs table shows (whole-history statistics, a few recent points).
///
/// Work is bounded like `RunSource.poll`: `refresh` reads until a record or time budget is spent,
/// taking the runs in turn so one big run never starves the others, and says whether more
/// remains. Cost follows what changed, not how many runs there are: a `DirectoryWatcher`
/// (inotify) says which run directories were written to, only those are read, and a run read to
/// its end holds no file descriptor; a quiet run costs no system call at all (its status can
/// still turn "stalled" with the clock). The subfolders of a run that its format reads
/// (`LogFormat.subfolders`: Keras's `train/`, `validation/`) are watched with it. Runs that could not be watched are looked at with
/// `stat` at every refresh instead.
/// ```swift
/// let runs = RunCollection(path: "experiments")
/// while runs.refresh().moreRemaining {}
/// runs.entries.map(\.name)     // ["dqn_baseline_20261125_120000", ...]
/// ```
public final class RunCollection {
    /// What one `refresh` did.
    public struct RefreshResult: Equatable, Sendable {
        /// Whether any entry changed (runs added or removed, new data, a new status).
        public var changed = false
        public var moreRemaining = false
    }

    /// One run being followed.
    private final class TrackedRun {
        let source: RunSource
        var entry: RunEntry
        /// The run's `experiment.json`, and the version of it last read.
        let recordPath: String
        var recordIdentity: FileIdentity?
        /// Whether the watcher reports the run's writes (otherwise it is polled at every refresh).
        let watched: Bool
        /// Whether the run may hold something not read yet.
        var dirty = true
        /// Whether it is a snapshot series beside the run directories (not a directory).
        let isSeries: Bool

        /// The directory's name relative to the collection (`archived/<id>` for an archived
        /// experiment): what the watcher calls it.
        let watchKey: String

        init(source: RunSource, entry: RunEntry, watched: Bool, isSeries: Bool = false, watchKey: String? = nil) {
            self.source = source
            self.entry = entry
            self.watched = watched
            self.isSeries = isSeries
            self.watchKey = watchKey ?? entry.name
            recordPath = (entry.path as NSString).appendingPathComponent(ExperimentTracker.recordFile)
        }
    }

    public let path: String
    /// The runs, by directory name.
    public private(set) var entries: [RunEntry] = []
    private var runs: [TrackedRun] = []
    private var runsByName: [String: TrackedRun] = [:]
    private var runsByWatchKey: [String: TrackedRun] = [:]
    /// Where the next refresh starts reading, so a budget spent on one run moves on next time.
    private var cursor = 0
    private let watcher: DirectoryWatcher?
    /// Watched subfolders of run directories that a format reads (`run/train`), by the watch key
    /// of their run directory.
    private var subfolderOwners: [String: String] = [:]
    private var discovered = false

    /// Which metrics the runs table's figures come from.
    public let roles: MetricRoles
    /// Seconds without a write after which a running run is stalled (the config's `stall_seconds`).
    public let stallSeconds: Double
    /// The latest points each run keeps per metric (the runs table needs few; a rolling average
    /// over 50 episodes needs 50).
    public let recentCapacity: Int

    /// The machine the runs are on, when it is not this one (the runs view's host column).
    public let host: String?
    /// The one run directory followed, when the collection stands for a single run (`--run`
    /// given a run, beside other `--run`s in one runs view).
    public let only: String?

    /// `host`: the machine the runs are on, when not this one; `only`: follow just this
    /// subdirectory of `path` (one run among several `--run`s).
    public init(path: String, roles: MetricRoles = .standard, stallSeconds: Double = StallThreshold.seconds, recentCapacity: Int = 16,
                host: String? = nil, only: String? = nil) {
        self.path = path
        self.host = host
        self.only = only
        self.roles = roles
        self.stallSeconds = stallSeconds
        self.recentCapacity = recentCapacity
        watcher = DirectoryWatcher(parent: path)
    }

    /// What each entry is read from, in the order of `entries`: its store, skipped lines and
    /// files, for readers that need more than the entry's figures (the exporter, the health rules).
    public var sources: [RunSource] { runs.map(\.source) }

    /// How many runs are polled with `stat` because they could not be watched.
    public var unwatchedRuns: Int { runs.filter { !$0.watched }.count }

    /// Whether `path` is a directory of runs rather than a run: it holds none of a run's files
    /// itself, and at least one of its subdirectories is a run, or it holds the snapshot series
    /// of several runs (one run's series alone is that run: its dashboard).
    public static func isCollection(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
              !holdsRunFiles(path) else { return false }
        if runDirectoryNames(in: path).contains(where: { holdsRunFiles((path as NSString).appendingPathComponent($0)) }) { return true }
        return SnapshotSeriesFormat.runNames(in: path).count > 1
    }

    /// Looks for runs that appeared or went, and reads what the runs' files gained.
    @discardableResult
    public func refresh(maxRecords: Int = 200_000, maxDuration: Duration = .milliseconds(50), now: Date = Date()) -> RefreshResult {
        var result = RefreshResult()
        let changes = watcher?.changes()
        // A directory that held no run files when it appeared is watched, not followed: its
        // first files make it a run.
        let newcomers = changes?.children.contains { runsByWatchKey[owner(of: $0)] == nil } ?? false
        if !discovered || changes == nil || changes!.parent || changes!.overflowed || newcomers {
            result.changed = discover()
            discovered = true
        }
        if let changes {
            if changes.overflowed { runs.forEach { $0.dirty = true } }
            for name in changes.children { runsByWatchKey[owner(of: name)]?.dirty = true }
            for entry in changes.parentEntries {
                if let series = SnapshotSeriesFormat.split(entry)?.name { runsByName[series]?.dirty = true }
            }
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxDuration)
        var budget = maxRecords
        for step in 0..<runs.count {
            let index = (cursor + step) % runs.count
            let run = runs[index]
            guard run.dirty || !run.watched else {
                // Nothing was written: only the clock can change its status (it stalls).
                var entry = run.entry
                entry.updateStatus(now: now, stallSeconds: stallSeconds)
                if entry != run.entry {
                    run.entry = entry
                    entries[index] = entry
                    result.changed = true
                }
                continue
            }
            // A subfolder its format reads may have appeared since the last look.
            if run.watched { watchSubfolders(of: run.watchKey) }
            let recordChanged = loadRecord(of: run)
            let poll = run.source.poll(maxRecords: max(1, budget), maxDuration: max(.zero, deadline - clock.now))
            budget -= poll.newEpisodes + poll.newModelRecords
            var entry = run.entry
            let wrote = poll.newEpisodes + poll.newModelRecords > 0 || !poll.events.isEmpty || run.source.skipped.count != entry.skippedLines
            if wrote || recordChanged || entry.lastUpdate == nil {
                entry.update(from: run.source, now: now, roles: roles, stallSeconds: stallSeconds)
            } else {
                // Nothing was written: only the status can have changed (stalled, or finished).
                entry.updateStatus(from: run.source, now: now, stallSeconds: stallSeconds)
            }
            if entry != run.entry || recordChanged {
                run.entry = entry
                entries[index] = entry
                result.changed = true
            }
            if !poll.moreRemaining {
                run.dirty = false
                run.source.park()
            }
            if poll.moreRemaining || budget <= 0 || clock.now >= deadline {
                cursor = poll.moreRemaining ? index : (index + 1) % runs.count
                result.moreRemaining = true
                return result
            }
        }
        cursor = 0
        return result
    }

    /// Adds runs that appeared and drops runs whose directory went; returns whether any did.
    private func discover() -> Bool {
        let known = Dictionary(uniqueKeysWithValues: runs.map { ($0.entry.name, $0) })
        var directories = Self.runDirectoryNames(in: path, known: known)
        if let only { directories = directories.filter { $0 == only } }
        // A run with a streaming directory and snapshots beside it is one run: its directory.
        let series = only != nil ? [] : Set(SnapshotSeriesFormat.runNames(in: path)).subtracting(directories)
        // Experiments the seed's tracker archived (`archived/<id>/`) are shown too, as archived.
        let archive = (path as NSString).appendingPathComponent(ExperimentTracker.archivedDirectory)
        let archived = only != nil ? [] : Set(Self.runDirectoryNames(in: archive)).subtracting(directories).subtracting(series)
        let names = (directories + series + archived).sorted()
        var updated: [TrackedRun] = []
        updated.reserveCapacity(names.count)
        for name in names {
            let watchKey = archived.contains(name) ? ExperimentTracker.archivedDirectory + "/" + name : name
            // A run followed as a series whose directory appeared is followed as that directory now.
            if let run = known[name], run.isSeries == series.contains(name), run.watchKey == watchKey {
                updated.append(run)
                continue
            }
            let directory = (path as NSString).appendingPathComponent(watchKey)
            if series.contains(name) {
                // Its files are the parent's entries, which the parent's watch reports.
                guard let source = try? RunSource(path: directory, mustExist: true, recentCapacity: recentCapacity, maxBuckets: 8) else { continue }
                updated.append(TrackedRun(source: source, entry: RunEntry(name: name, path: directory, host: host), watched: watcher != nil, isSeries: true))
                continue
            }
            // Watch first, then look: a file written in between is reported, not missed.
            let watched = watcher?.watch(watchKey) ?? false
            if watched { watchSubfolders(of: watchKey) }
            guard Self.holdsRunFiles(directory), let source = try? RunSource(path: directory, recentCapacity: recentCapacity, maxBuckets: 8) else { continue }
            updated.append(TrackedRun(source: source, entry: RunEntry(name: name, path: directory, host: host), watched: watched, watchKey: watchKey))
        }
        let changed = updated.map(\.entry.name) != runs.map(\.entry.name) || zip(updated, runs).contains { $0 !== $1 }
        if changed {
            let kept = Set(updated.map(\.watchKey))
            for run in known.values where !kept.contains(run.watchKey) {
                watcher?.forget(run.watchKey)
                for (key, owner) in subfolderOwners where owner == run.watchKey {
                    watcher?.forget(key)
                    subfolderOwners[key] = nil
                }
            }
            runs = updated
            runsByName = Dictionary(uniqueKeysWithValues: updated.map { ($0.entry.name, $0) })
            runsByWatchKey = Dictionary(uniqueKeysWithValues: updated.map { ($0.watchKey, $0) })
            entries = updated.map(\.entry)
            cursor = 0
        }
        return changed
    }

    /// The watch key of the run directory a changed directory belongs to (itself, or the run
    /// whose subfolder it is).
    private func owner(of watchKey: String) -> String {
        subfolderOwners[watchKey] ?? watchKey
    }

    /// Watches the subfolders of a run directory that the formats read (`LogFormat.subfolders`),
    /// those that exist and are not watched yet: their files are written there, not in the run
    /// directory the watcher sees.
    private func watchSubfolders(of watchKey: String) {
        guard let watcher else { return }
        for folder in LogFormats.subfolders {
            let key = watchKey + "/" + folder
            var isDirectory: ObjCBool = false
            guard subfolderOwners[key] == nil,
                  FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(key), isDirectory: &isDirectory),
                  isDirectory.boolValue, watcher.watch(key) else { continue }
            subfolderOwners[key] = watchKey
        }
    }

    /// Reads the run's `experiment.json` again when it changed; returns whether it did.
    private func loadRecord(of run: TrackedRun) -> Bool {
        let identity = FileIdentity.of(path: run.recordPath)
        guard identity != run.recordIdentity else { return false }
        run.recordIdentity = identity
        if identity == nil {
            run.entry.experiment = nil
            run.entry.recordProblem = nil
        } else {
            do {
                run.entry.experiment = try ExperimentTracker(experimentsDir: path).experiment(run.entry.name)
                run.entry.recordProblem = nil
            } catch {
                run.entry.recordProblem = "\(error)"
            }
        }
        return true
    }

    /// The subdirectories of `path`, by name (hidden ones left out). Names in `known` are runs
    /// already followed: they are not looked at again.
    private static func runDirectoryNames(in path: String, known: [String: TrackedRun] = [:]) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.filter { name in
            guard !name.hasPrefix(".") else { return false }
            if known[name] != nil { return true }
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// Whether a directory is a run: an experiment's record, or some format's file, is in it.
    private static func holdsRunFiles(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(ExperimentTracker.recordFile))
            || LogFormats.holdsRunFile(directory)
    }
}
