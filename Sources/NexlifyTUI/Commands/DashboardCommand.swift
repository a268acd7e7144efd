import ArgumentParser
import Foundation
import MetricsKit

/// The live dashboard (the default command): `nexlify-tui --run training_logs/dqn` or `--demo`.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Watch a training run live (the default command).",
        discussion: """
            Keys: q/Esc quit, ? help, t theme, p pause, 1-8 zoom a panel, +/- smoothing, \
            j/k scroll in the narrow layout, a alert history (with --config).
            """
    )

    @Option(name: .customLong("run"), help: "A run directory or a .jsonl, .json or .csv log file (waited for if it does not exist yet). With --demo: where to keep the generated run.")
    var runPath: String?

    @Flag(name: .long, help: "Show a synthetic training run written live through the real pipeline.")
    var demo = false

    @Option(name: .long, help: "Seconds between refreshes (0.25–60).")
    var refresh = 2.0

    @Option(name: .long, help: "Turn alerts on with this configuration (neural_config.json): the alert strip, `a` for history, and Slack/webhook/e-mail delivery.")
    var config: String?

    @Flag(name: .long, help: "Ring the terminal bell on warning and critical alerts.")
    var bell = false

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        guard (0.25...60).contains(refresh) else { throw ValidationError("--refresh must be between 0.25 and 60 seconds") }
        guard demo || runPath != nil else {
            throw ValidationError("give --run PATH (a run directory or log file) or --demo")
        }
    }

    func run() throws {
        let theme = try display.loadTheme()
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
        } catch let problem as RunLayout.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        let alerts = try config.map { try AlertMonitor(config: try AlertSetup.loadConfig($0), runPath: path) }
        defer { alerts?.finish() }
        let ending = try DashboardSession.run(source: source, theme: theme, asciiRequested: display.ascii, refresh: refresh, alerts: alerts, bell: bell)
        if case .signal(let number) = ending { throw ExitCode(128 + number) }
    }
}
