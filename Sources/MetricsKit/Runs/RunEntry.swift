import Foundation

/// One run of a directory of runs, as the runs view lists it: where it is, its experiment record
/// when it has one (`experiment.json`), and headline figures kept up to date as it is written.
///
/// ```swift
/// let collection = RunCollection(path: "experiments")
/// collection.refresh()
/// let entry = collection.entries[0]
/// entry.name; entry.status; entry.bestProfit; entry.hyperparameters["learning_rate"]
/// ```
public struct RunEntry: Equatable, Sendable {
    /// Where a run is in its life: an experiment's recorded status, or what its files say.
    public enum Status: String, Equatable, Sendable, CaseIterable {
        /// Written to recently (or an experiment recorded as running).
        case running
        /// Recorded as completed, or a `metrics.json` as new as the run's JSON lines.
        case completed
        /// An experiment recorded as archived.
        case archived
        /// Said to be running (by its record, or seen growing here), but nothing was written for the
        /// stall threshold (`StallThreshold`).
        case stalled
        /// Not finished, and already quiet for the stall threshold when it was first read: not
        /// seen to stop, so not called stalled (the table says when its data ends).
        case quiet
        /// No episode yet.
        case waiting
    }

    /// The run directory's name.
    public let name: String
    /// The run directory.
    public let path: String
    /// The machine the run is on, when it is not this one (`gpu1` for `--run gpu1:training_logs/`).
    public let host: String?
    /// The experiment record, when the directory holds a readable `experiment.json`.
    public var experiment: Experiment?
    /// Why `experiment.json` could not be read, when it could not.
    public var recordProblem: String?
    public var status: Status = .waiting
    public var episodes = 0
    public var latestEpisode: Int?
    public var latestProfit: Double?
    public var bestProfit: Double?
    /// The latest logged Sharpe ratio.
    public var sharpe: Double?
    /// In percent, as `WinRate` defines it.
    public var winRate: Double?
    /// When the run's files last changed.
    public var lastUpdate: Date?
    /// Lines that could not be read.
    public var skippedLines = 0
    /// Whether the files say the run finished (a `metrics.json` newer than its JSON lines), as last looked at.
    var filesComplete = false
    /// Whether records came after its files were first read to their end.
    var seenGrowing = false

    public init(name: String, path: String, host: String? = nil) {
        self.name = name
        self.path = path
        self.host = host
    }

    /// The host column's and `host:` filter's word: the machine's name, `local` for this one.
    public var hostName: String { host ?? "local" }

    public var tags: [String] { experiment?.tags ?? [] }
    public var hyperparameters: [String: HyperparameterValue] { experiment?.hyperparameters ?? [:] }

    /// The value a filter compares for `field`: a column (`name`, `status`, `episodes`,
    /// `profit` (latest), `best_profit`, `sharpe`, `win_rate`), else a hyperparameter, else a
    /// final metric of the experiment. `nil` when the run has no such field.
    public func filterValue(_ field: String) -> HyperparameterValue? {
        func number(_ value: Double?) -> HyperparameterValue? { value.map(HyperparameterValue.number) }
        switch field.lowercased() {
        case "name": return .text(name)
        case "host": return .text(hostName)
        case "status": return .text(status.rawValue)
        case "episodes": return .number(Double(episodes))
        case "episode", "latest_episode": return number(latestEpisode.map(Double.init))
        case "profit", "latest_profit": return number(latestProfit)
        case "best_profit", "best": return number(bestProfit)
        case "sharpe", "sharpe_ratio": return number(sharpe)
        case "win_rate", "winrate": return number(winRate)
        default:
            if let value = hyperparameters[field] ?? hyperparameters.first(where: { $0.key.lowercased() == field.lowercased() })?.value { return value }
            let metrics = experiment?.finalMetrics ?? [:]
            return number(metrics[field] ?? metrics.first(where: { $0.key.lowercased() == field.lowercased() })?.value)
        }
    }

    /// Takes the figures from a run's store and files: those of the metrics playing each role.
    mutating func update(from source: RunSource, now: Date, roles: MetricRoles = .standard, stallSeconds: Double = StallThreshold.seconds) {
        let store = source.store
        let profit = roles.series(for: .profit, in: store)
        episodes = store.episodeCount
        latestEpisode = store.latestEpisode
        latestProfit = profit?.statistics.latest?.value
        bestProfit = profit?.statistics.best?.value
        sharpe = roles.series(for: .sharpe, in: store)?.statistics.latest?.value
        winRate = WinRate.latest(in: store, roles: roles)
        lastUpdate = source.lastModified
        skippedLines = source.skipped.count
        updateStatus(from: source, now: now, stallSeconds: stallSeconds)
    }

    /// Works out the status again from the files (a run finishes without writing another line).
    mutating func updateStatus(from source: RunSource, now: Date, stallSeconds: Double = StallThreshold.seconds) {
        filesComplete = source.isComplete
        seenGrowing = source.seenGrowing
        updateStatus(now: now, stallSeconds: stallSeconds)
    }

    /// Works out the status again from what is known, with no look at the files (a run whose
    /// files did not change can only stall).
    mutating func updateStatus(now: Date, stallSeconds: Double = StallThreshold.seconds) {
        status = Self.status(recorded: experiment?.status, complete: filesComplete, episodes: episodes,
                             secondsSinceUpdate: lastUpdate.map { now.timeIntervalSince($0) }, stallSeconds: stallSeconds, seenGrowing: seenGrowing)
    }

    /// The status shown: the experiment's record wins, except that a run recorded as running
    /// whose files have not changed for `stallSeconds` is stalled; a run without a record is
    /// stalled so only once it was `seenGrowing`, else quiet.
    static func status(recorded: Experiment.Status?, complete: @autoclosure () -> Bool, episodes: Int, secondsSinceUpdate: Double?,
                       stallSeconds: Double = StallThreshold.seconds, seenGrowing: Bool = true) -> Status {
        switch recorded {
        case .completed: return .completed
        case .archived: return .archived
        case .running, nil:
            if recorded == nil && complete() { return .completed }
            if episodes == 0 { return .waiting }
            if let seconds = secondsSinceUpdate, seconds >= stallSeconds { return recorded == .running || seenGrowing ? .stalled : .quiet }
            return .running
        }
    }
}
