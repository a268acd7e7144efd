import AlertKit
import Foundation
import MetricsKit

/// The runs `export` follows: each path a directory of runs (followed as the runs view follows
/// them: new runs picked up, removed ones dropped, only written ones read) or one run, and per
/// run an alert engine that only keeps the rules' states (nothing is sent or saved).
final class ExportedFleet {
    private enum Followed {
        case collection(RunCollection)
        case run(RunSource)
    }

    /// Each path, what is followed there, and the host label of its runs.
    private let followed: [(path: String, what: Followed, host: String, named: String)]
    private let settings: AlertConfig
    private let host: String
    private let customMetrics: [String]
    /// By run path: the rules' states of each run.
    private var engines: [String: AlertEngine] = [:]

    /// Points kept per metric: enough for the 50-episode recent average.
    static let recentCapacity = 64

    /// Throws `RunLayout.Failure` for a path that cannot be a run (a FIFO, an unreadable directory).
    /// `hosts`: per path, the machine its runs are on when not this one (a remote run's copy);
    /// `host` labels the others.
    /// `named`: per path, what the user called it (a single run is labelled by its last part).
    init(paths: [String], settings: AlertConfig, host: String, hosts: [String?] = [], named: [String] = [], customMetrics: [String]) throws {
        self.settings = settings
        self.host = host
        self.customMetrics = customMetrics
        followed = try paths.enumerated().map { index, path in
            let label = (index < hosts.count ? hosts[index] : nil) ?? host
            let name = index < named.count ? named[index] : path
            if RunCollection.isCollection(path) {
                return (path, .collection(RunCollection(path: path, roles: settings.roles, stallSeconds: settings.thresholds.stallSeconds,
                                                        recentCapacity: Self.recentCapacity)), label, name)
            }
            return (path, .run(try RunSource(path: path, recentCapacity: Self.recentCapacity)), label, name)
        }
    }

    /// Reads what the runs' files gained (all of it) and gives every run's figures.
    func refresh(now: Date) -> [ExportedRun] {
        var sources: [(name: String, source: RunSource, host: String)] = []
        for (_, what, host, named) in followed {
            switch what {
            case .collection(let runs):
                while runs.refresh(now: now).moreRemaining {}
                sources += zip(runs.entries, runs.sources).map { ($0.name, $1, host) }
            case .run(let source):
                while source.poll(maxRecords: 200_000, maxDuration: .milliseconds(200)).moreRemaining {}
                sources.append(((named as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? named, source, host))
            }
        }
        let repeated = Dictionary(grouping: sources, by: \.name).filter { $0.value.count > 1 }.keys
        let followedPaths = Set(sources.map(\.source.path))
        engines = engines.filter { followedPaths.contains($0.key) }
        return sources.map { name, source, host in
            let engine = engines[source.path] ?? AlertEngine(run: name, thresholds: settings.thresholds, dispatcher: nil, audit: nil, statePath: nil)
            engines[source.path] = engine
            let age = source.lastModified.map { max(0, now.timeIntervalSince($0)) }
            let health = HealthSnapshot(store: source.store, secondsSinceNewEpisode: age, trainingComplete: source.isComplete, roles: settings.roles,
                              trendWindow: settings.thresholds.trendWindow)
            engine.check(health, now: now)
            // Two runs of one name (in two directories given) are told apart by their paths.
            return ExportedRun(name: repeated.contains(name) ? source.path : name, host: host, source: source, roles: settings.roles,
                               health: health, firing: engine.firingRules, customMetrics: customMetrics)
        }
    }
}
