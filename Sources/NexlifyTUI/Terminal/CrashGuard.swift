import CTerminalGuard
import Foundation

/// Keeps the terminal usable whatever ends the program. A crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
/// SIGABRT, SIGTRAP, SIGSYS — a Swift trap is one of these) restores the terminal's settings,
/// leaves the alternate screen, shows the cursor, prints one line, writes a backtrace to
/// `$XDG_STATE_HOME/nexlify-tui/crash-<time>-<pid>.txt` (or under `~/.local/state`) and exits
/// with 128 + the signal; every other signal whose default action would end the process
/// (SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT, the
/// real-time signals) ends it the same way without a report. SIGINT, SIGTERM, SIGHUP and SIGQUIT
/// quit cleanly (`SignalWatcher`).
/// SIGPIPE and SIGUSR1 are ignored: a receiver that hangs up is an error to report, not a
/// reason to die, and the program quits normally on `q`. The handlers replace the Swift
/// runtime's backtracer, which would otherwise wait for a key on a terminal.
///
/// ```swift
/// CrashGuard.install(environment: ProcessInfo.processInfo.environment, printable: Console.field)
/// CrashGuard.terminalTaken()      // before curses takes the screen
/// CrashGuard.terminalReleased()   // after it gave it back
/// ```
enum CrashGuard {
    /// `printable` makes the crash file's path safe to print (it comes from `$XDG_STATE_HOME` or `$HOME`).
    static func install(environment: [String: String], printable: (String) -> String) {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGUSR1, SIG_IGN)
        let directory = crashDirectory(environment: environment)
        let file = directory + "/crash-" + stamp() + "-\(getpid()).txt"
        nx_guard_install(directory, file, printable(file), "nexlify-tui")
    }

    /// Where crash reports go: the state directory (`StateDirectory`).
    static func crashDirectory(environment: [String: String]) -> String {
        StateDirectory.path(environment: environment)
    }

    static func terminalTaken() { nx_guard_terminal_taken() }

    static func terminalReleased() { nx_guard_terminal_released() }

    private static func stamp() -> String {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return String(format: "%04d%02d%02d-%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
