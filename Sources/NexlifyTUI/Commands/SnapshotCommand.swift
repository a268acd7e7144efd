import ArgumentParser
import Foundation
import MetricsKit

/// `nexlify-tui snapshot`: renders one dashboard frame to standard output and exits, for CI
/// logs, chat messages and tests. It uses the same renderer as the live screen.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render one dashboard frame to stdout and exit."
    )

    @Option(name: .customLong("run"), help: "A run directory or a .jsonl, .json or .csv log file.")
    var runPath: String

    @Option(name: .long, help: "Width in columns.")
    var width = 120

    @Option(name: .long, help: "Height in rows.")
    var height = 40

    @Flag(name: .long, help: "Colour the output with ANSI escape codes (24-bit when COLORTERM says so, else 256 colours).")
    var color = false

    @OptionGroup var display: DisplayOptions

    func validate() throws {
        guard (1...1000).contains(width), (1...1000).contains(height) else {
            throw ValidationError("--width and --height must be between 1 and 1000")
        }
    }

    func run() throws {
        let theme = try display.loadTheme()
        let source: RunSource
        do {
            source = try RunSource(path: runPath, mustExist: true)
        } catch let problem as RunLayout.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        source.readToEnd()
        var state = AppState(theme: theme)
        state.glyphs = display.ascii ? .ascii : .braille
        state.status = SourceStatusReader.status(of: source, now: Date())
        state.status.state = "snapshot"
        let model = DashboardModel(store: source.store, smoothing: state.smoothing)
        let buffer = DashboardView.render(state: state, model: model, width: width, height: height)
        if color {
            let environment = ProcessInfo.processInfo.environment
            let depth = ColorDepth.detect(environment: environment, terminalColors: 256)
            print(AnsiEncoder.encode(buffer, depth: depth), terminator: "")
        } else {
            print(buffer.lines.joined(separator: "\n"))
        }
    }
}
