import ArgumentParser
import AlertKit
import Foundation
import MetricsKit

/// `nexlify-tui snapshot`: renders one dashboard frame to standard output and exits, for CI
/// logs, chat messages and tests. It uses the same renderer as the live screen.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render one dashboard frame (or the runs table, or a compare view) to stdout and exit."
    )

    @Option(name: .customLong("run"), help: "A run directory, a .jsonl, .json or .csv log file, or a directory of runs (the runs table); HOST:PATH for one on another machine (over ssh).")
    var runPath: String

    @OptionGroup var remote: RemoteOptions

    @Option(name: .long, help: "With a directory of runs: compare this run (a subdirectory name; repeat for up to 8).")
    var compare: [String] = []

    @Option(name: .long, help: "Width in columns.")
    var width = 120

    @Option(name: .long, help: "Height in rows.")
    var height = 40

    @Flag(name: .long, help: "Charts on wall time instead of episodes or steps (the dashboard's x key), when the run has timestamps.")
    var wallClock = false

    @Flag(name: .long, help: "Every metric of the run, one chart each (the dashboard's m view).")
    var metrics = false

    @Option(name: .long, help: "With --metrics: only metrics whose name matches this regular expression (or text).")
    var filter = ""

    @Option(name: .long, help: "With --metrics: the page to show, from 1.")
    var page = 1

    @Flag(name: .long, help: "Colour the output with ANSI escape codes (24-bit when COLORTERM says so, else 256 colours).")
    var color = false

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        guard (1...1000).contains(width), (1...1000).contains(height) else {
            throw ValidationError("--width and --height must be between 1 and 1000")
        }
        guard page >= 1 else { throw ValidationError("--page counts from 1") }
        if !metrics && (!filter.isEmpty || page != 1) { throw ValidationError("--filter and --page go with --metrics") }
    }

    func run() throws {
        let renderer: FrameRenderer
        do {
            renderer = try FrameRenderer(theme: display.themeName(), ascii: display.ascii)
        } catch let problem as Theme.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        let runs = try remote.open([runPath])
        let runPath = runs.paths[0]
        if RunCollection.isCollection(runPath) && compare.isEmpty {
            let collection = RunCollection(path: runPath)
            while collection.refresh(maxDuration: .seconds(1)).moreRemaining {}
            renderer.update(from: collection)
        } else if !compare.isEmpty {
            guard compare.count <= 8 else { throw failure("--compare takes at most 8 runs", exitCode: 2) }
            let runs = try compare.map { name in (name: name, store: try readRun(at: (runPath as NSString).appendingPathComponent(name)).store) }
            renderer.update(comparing: runs)
        } else {
            let source = try readRun(at: runPath, named: self.runPath)
            source.displayName = runs.display(of: runPath)
            renderer.useWallClock(wallClock)
            // Alerts marked where they fired, as the dashboard marks them.
            let trainerAlerts = TrainerAlertLog(path: TrainerAlertLog.path(forRun: runPath)).readToEnd()
            var annotations = PanelAnnotations()
            annotations.add(AlertAuditReader(path: AlertAuditLog.path(inDirectory: AlertSetup.directory(of: runPath))).readToEnd())
            annotations.add(trainerAlerts)
            renderer.update(from: source.store, xAxis: source.layout.xAxis, annotations: annotations)
            renderer.update(trainerAlerts: trainerAlerts)
            renderer.updateStatus(from: source, now: Date(), state: "snapshot")
            if metrics { renderer.showEveryMetric(filter: filter, page: page - 1) }
        }
        if color {
            // Our own colour sequences around cells whose text was sanitised when it was drawn.
            print(renderer.renderANSI(width: width, height: height, environment: ProcessInfo.processInfo.environment), terminator: "")
        } else {
            Console.out(renderer.renderText(width: width, height: height).joined(separator: "\n"))
        }
    }
}
