import AlertKit
import ArgumentParser
import Foundation
import MetricsKit

/// The live dashboard (the default command): `nexlify-tui --run training_logs/dqn` or `--demo`.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Watch a training run, or a directory of runs, live (the default command).",
        discussion: """
            A directory whose subdirectories are runs (--run training_logs/) or experiments \
            (--experiments experiments/) opens the runs view.

            """ + KeyTables.helpText
    )

    @Option(name: .customLong("run"), help: "A run directory, a .jsonl, .json or .csv log file (waited for if it does not exist yet), or a directory of runs (the runs view); HOST:PATH (or ssh://user@host:port/path) for one on another machine, read over ssh with nothing installed there. Repeat it for one runs view of several (a host column shows where each run is). With --demo: where to keep the generated run.")
    var runPaths: [String] = []

    /// The one run named (the dashboard, or the runs view of one directory).
    private var runPath: String? { runPaths.count == 1 ? runPaths[0] : nil }

    @Option(name: .long, help: "A directory of experiments (ExperimentTracker's experiments/) or runs: opens the runs view.")
    var experiments: String?

    @Flag(name: .long, help: "Show a synthetic training run written live through the real pipeline.")
    var demo = false

    @Option(name: .long, help: "Seconds between refreshes (0.25–60; default 2, or the config's training_dashboard.update_interval_ms).")
    var refresh: Double?

    @Option(name: .long, help: "The guide's neural_config.json: its training_dashboard part sets the refresh, theme and where runs are (metrics_logging.output_dir, opened when no --run is given), and turns alerts on (the strip, `a` for history, Slack/webhook/e-mail delivery). Flags win over the file.")
    var config: String?

    @Flag(name: .long, help: "Ring the terminal bell on warning and critical alerts.")
    var bell = false

    @OptionGroup var display: DisplayOptions

    @OptionGroup var remote: RemoteOptions

    func validate() throws {
        if let refresh { guard (0.25...60).contains(refresh) else { throw ValidationError("--refresh must be between 0.25 and 60 seconds") } }
        if runPaths.count > 1 && (demo || experiments != nil) { throw ValidationError("several --run open one runs view: leave out --demo and --experiments") }
        guard demo || !runPaths.isEmpty || experiments != nil || config != nil else {
            throw ValidationError("give --run PATH (a run directory, log file or directory of runs), --experiments DIR, --config neural_config.json or --demo")
        }
        if experiments != nil && (demo || !runPaths.isEmpty) { throw ValidationError("--experiments opens the runs view on its own: leave out --run and --demo") }
    }

    func run() throws {
        let settings = try config.map { path in
            do {
                return try DashboardConfig.load(path: path)
            } catch let problem as AlertConfig.Failure {
                throw failure("invalid configuration: \(problem)", exitCode: 2)
            }
        }
        let refresh = self.refresh ?? settings?.refreshSeconds ?? 2
        let theme = try display.loadTheme(orElse: settings?.theme)
        if runPaths.count > 1 {
            try fleetView(refresh: refresh, theme: theme, alerts: settings?.alerts ?? AlertConfig())
            return
        }
        // Flags first, then the config: with no run named, its metrics_logging.output_dir.
        var runPath = self.runPath
        if runPath == nil && !demo && experiments == nil {
            guard let directory = settings?.outputDirectory else {
                throw failure("\(config ?? "the configuration") has no training_dashboard.metrics_logging.output_dir: give --run PATH", exitCode: 2)
            }
            runPath = directory
        }
        try open(runPath, refresh: refresh, theme: theme, settings: settings)
    }

    /// The dashboard of a run, the demo, or the runs view of a directory of runs.
    private func open(_ runPath: String?, refresh: Double, theme: Theme, settings: DashboardConfig?) throws {
        // A run on another machine is read from its local copy, kept up to date in the background.
        let named = demo ? [] : [experiments ?? runPath].compactMap { $0 }
        let remoteRuns = try remote.open(named, wholly: false)
        remoteRuns.start(interval: refresh)
        defer { remoteRuns.stop() }
        let link: ((Date) -> String?)? = remoteRuns.hasRemote ? { [remoteRuns] now in remoteRuns.statusLine(now: now) } : nil
        let experiments = self.experiments.map { _ in remoteRuns.paths[0] }
        let runPath = demo ? runPath : (experiments == nil ? remoteRuns.paths.first : nil)
        if let directory = experiments ?? runPath.flatMap({ !demo && RunCollection.isCollection($0) ? $0 : nil }) {
            try runsView(directory, theme: theme, refresh: refresh, alerts: settings?.alerts ?? AlertConfig(), named: remoteRuns.display(of: directory), link: link)
            return
        }
        var demoWriter: DemoWriter?
        var temporaryRun: String?
        let path: String
        if demo {
            if let runPath {
                path = runPath
            } else {
                path = NSTemporaryDirectory() + "nexlify-demo-\(getpid())/demo"
                temporaryRun = (path as NSString).deletingLastPathComponent
            }
            demoWriter = DemoWriter(runDirectory: path)
            demoWriter?.start()
        } else {
            path = runPath!
        }
        defer {
            demoWriter?.stop()
            if let temporaryRun { try? FileManager.default.removeItem(atPath: temporaryRun) }
        }
        let source: RunSource
        do {
            // The screen needs at most a few hundred points per chart: a smaller full-resolution
            // window (older points kept as min/max/mean buckets) keeps memory small.
            source = try RunSource(path: path, recentCapacity: 1024)
            source.displayName = remoteRuns.display(of: path)
        } catch let problem as RunLayout.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        let alerts = try settings.map { try AlertMonitor(config: $0.alerts, runPath: path, remoteName: remoteRuns.display(of: path)) }
        defer {
            if let unfinished = alerts?.finish() { Console.report(unfinished) }
        }
        try DashboardSession.run(asciiRequested: display.ascii) { glyphs, monochrome in
            var state = AppState(theme: theme)
            state.roles = settings?.alerts.roles ?? .standard
            state.stallSeconds = settings?.alerts.thresholds.stallSeconds ?? StallThreshold.seconds
            state.glyphs = glyphs
            state.monochrome = monochrome
            // The demo's run is new each time: nothing to remember of it.
            return DashboardScreen(source: source, state: state, refresh: refresh, alerts: alerts, bell: bell,
                                   remembersLook: temporaryRun == nil, link: link)
        }
    }

    /// The runs view over a directory of runs or experiments (alert rules watch single runs:
    /// a config sets only its display settings and the metrics' roles here).
    /// One runs view of every `--run`: each a directory of runs, or a run (shown alone from its
    /// parent), local or on another machine.
    private func fleetView(refresh: Double, theme: Theme, alerts: AlertConfig) throws {
        let remoteRuns = try remote.open(runPaths, wholly: false)
        remoteRuns.start(interval: refresh)
        defer { remoteRuns.stop() }
        var collections: [RunCollection] = []
        for (index, path) in remoteRuns.paths.enumerated() {
            let host = remoteRuns.hosts[index]
            if RunCollection.isCollection(path) {
                collections.append(RunCollection(path: path, roles: alerts.roles, stallSeconds: alerts.thresholds.stallSeconds, host: host))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw failure("\(runPaths[index]): with several --run, each is a run directory or a directory of runs", exitCode: 2)
            }
            let parent = (path as NSString).deletingLastPathComponent
            collections.append(RunCollection(path: parent.isEmpty ? "." : parent, roles: alerts.roles, stallSeconds: alerts.thresholds.stallSeconds,
                                             host: host, only: (path as NSString).lastPathComponent))
        }
        let link: ((Date) -> String?)? = remoteRuns.hasRemote ? { [remoteRuns] now in remoteRuns.statusLine(now: now) } : nil
        try DashboardSession.run(asciiRequested: display.ascii) { glyphs, monochrome in
            var state = RunsState(theme: theme, path: runPaths.joined(separator: " "))
            state.roles = alerts.roles
            state.stallSeconds = alerts.thresholds.stallSeconds
            state.glyphs = glyphs
            state.monochrome = monochrome
            return RunsScreen(collection: RunFleet(collections), state: state, refresh: refresh, link: link)
        }
    }

    /// `named`: what the user called a directory on another machine; `link`: its connection's state.
    private func runsView(_ directory: String, theme: Theme, refresh: Double, alerts: AlertConfig, named: String?,
                          link: ((Date) -> String?)?) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw failure("\(directory): no such directory; --experiments takes the directory ExperimentTracker writes to (default experiments/)", exitCode: 2)
        }
        let collection = RunCollection(path: directory, roles: alerts.roles, stallSeconds: alerts.thresholds.stallSeconds)
        try DashboardSession.run(asciiRequested: display.ascii) { glyphs, monochrome in
            var state = RunsState(theme: theme, path: named ?? directory)
            state.roles = alerts.roles
            state.stallSeconds = alerts.thresholds.stallSeconds
            state.glyphs = glyphs
            state.monochrome = monochrome
            return RunsScreen(collection: RunFleet([collection]), state: state, refresh: refresh, link: link)
        }
    }
}
