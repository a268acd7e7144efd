import Foundation
import MetricsKit

/// Owns the terminal for one dashboard session: starts curses, runs the loop, and restores the
/// terminal on every way out (quit, signal, thrown error, and process exit as a last resort).
enum DashboardSession {
    static func run(source: RunSource, theme: Theme, asciiRequested: Bool, refresh: TimeInterval, alerts: AlertMonitor?, bell: Bool) throws -> DashboardLoop.Ending {
        let environment = ProcessInfo.processInfo.environment
        let signals = try SignalWatcher()
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(environment: environment)
        } catch let problem as CursesTerminal.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        activeTerminal = terminal
        atexit { activeTerminal?.restore() }
        defer {
            terminal.restore()
            activeTerminal = nil
        }
        var state = AppState(theme: theme)
        state.glyphs = asciiRequested || !terminal.supportsBraille ? .ascii : .braille
        state.monochrome = terminal.colorDepth == .monochrome
        let loop = DashboardLoop(source: source, terminal: terminal, state: state, refresh: refresh, alerts: alerts, bell: bell)
        return loop.run(signals: signals)
    }
}

/// The terminal to restore if the process exits while the dashboard is up.
nonisolated(unsafe) private var activeTerminal: CursesTerminal?
