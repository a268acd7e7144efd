import Foundation

/// Where nexlify-tui keeps what outlives a session (crash reports, the last look at each run):
/// `$XDG_STATE_HOME/nexlify-tui` when that is an absolute path (the XDG rule), else
/// `~/.local/state/nexlify-tui`, else the temporary directory.
///
/// ```swift
/// StateDirectory.path(environment: ["HOME": "/home/me"])   // "/home/me/.local/state/nexlify-tui"
/// ```
enum StateDirectory {
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/nexlify-tui" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/nexlify-tui" }
        return NSTemporaryDirectory() + "nexlify-tui"
    }
}
