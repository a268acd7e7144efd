import ArgumentParser
import Foundation
import MetricsKit

/// Owns the terminal for one session: starts curses, builds the first screen for what the
/// terminal can show (braille or ASCII, colours or none), runs the loop, and restores the
/// terminal on every way out (quit, signal, thrown error, process exit as a last resort, and a
/// crash through `CrashGuard`).
/// A signal ends the process with 128 + its number, as a shell reports it.
enum DashboardSession {
    static func run(asciiRequested: Bool, makeScreen: (_ glyphs: DotCanvas.Glyphs, _ monochrome: Bool) -> Screen) throws {
        let environment = ProcessInfo.processInfo.environment
        let signals = try SignalWatcher(resizes: true)
        let terminal: CursesTerminal
        CrashGuard.terminalTaken()
        do {
            terminal = try CursesTerminal(environment: environment)
        } catch let problem as CursesTerminal.Failure {
            CrashGuard.terminalReleased()
            throw failure(problem.description, exitCode: 2)
        }
        activeTerminal = terminal
        atexit { activeTerminal?.restore() }
        defer {
            terminal.restore()
            activeTerminal = nil
            CrashGuard.terminalReleased()
        }
        let glyphs: DotCanvas.Glyphs = asciiRequested || !terminal.supportsBraille ? .ascii : .braille
        let screen = makeScreen(glyphs, terminal.colorDepth == .monochrome)
        if case .signal(let number) = ScreenLoop(root: screen, terminal: terminal).run(signals: signals) { throw ExitCode(128 + number) }
    }
}

/// The terminal to restore if the process exits while the dashboard is up.
nonisolated(unsafe) private var activeTerminal: CursesTerminal?
