import Foundation
import TestSupport

/// The real `nexlify-tui` binary running in a real tmux session on a private tmux server, so a
/// test sees exactly what a person sees (`capture-pane`) and types what a person types.
final class TmuxSession {
    let socket: String
    let statusFile: String
    /// The dashboard's state directory (`XDG_STATE_HOME`), the session's own unless the test
    /// names one: the last looks it keeps stay out of the real home.
    let stateHome: String
    private let ownsStateHome: Bool
    /// The client `attachClient` started (its stdin pipe keeps it running).
    private var attachedClient: Process?
    private(set) var width: Int
    private(set) var height: Int

    /// Starts `nexlify-tui arguments…` with `environment` added (after the shell commands in
    /// `before`); when it ends, its exit status and the terminal's mode (`stty -a`) are written
    /// to `statusFile`.
    init(arguments: [String], width: Int = 120, height: Int = 40, locale: String = "C.UTF-8", environment: [String: String] = [:], before: String = "") {
        socket = "nexlify-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        statusFile = NSTemporaryDirectory() + socket + ".status"
        self.width = width
        self.height = height
        let quoted = ([BinaryRunner.binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        ownsStateHome = environment["XDG_STATE_HOME"] == nil
        stateHome = environment["XDG_STATE_HOME"] ?? NSTemporaryDirectory() + socket + "-state"
        var environment = environment
        environment["XDG_STATE_HOME"] = stateHome
        let variables = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)' " }.joined()
        let script = "\(before)LANG=\(locale) LC_ALL= TERM=tmux-256color \(variables)\(quoted); echo \"EXIT=$?\" > '\(statusFile)'; stty -a >> '\(statusFile)'; sleep 600"
        // The tmux server forked by new-session keeps inherited descriptors: give it none to hold.
        Spawn.run("/usr/bin/env", ["tmux", "-L", socket, "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)", script], captureOutput: false)
    }

    deinit {
        _ = try? tmux(["kill-server"])
        if let attachedClient, attachedClient.isRunning { attachedClient.terminate() }
        try? FileManager.default.removeItem(atPath: statusFile)
        if ownsStateHome { try? FileManager.default.removeItem(atPath: stateHome) }
    }

    /// A client attached to the session through a pseudo-terminal of its own (`script`), as a
    /// person's terminal would be: tmux sends focus events only to panes a client shows. The
    /// window takes the client's size (80×24). It ends with the server.
    func attachClient() throws {
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        client.arguments = ["-qfc", "TERM=xterm-256color tmux -L \(socket) attach -t main", "/dev/null"]
        client.standardInput = Pipe()
        client.standardOutput = FileHandle.nullDevice
        client.standardError = FileHandle.nullDevice
        try client.run()
        attachedClient = client
        let deadline = Date().addingTimeInterval(5)
        while !command("list-clients").contains("attached") && Date() < deadline { usleep(50_000) }
        width = 80
        height = 24
    }

    /// Runs a tmux command on this session's server (`set -g focus-events on`, `split-window`…).
    @discardableResult
    func command(_ arguments: String...) -> String {
        (try? tmux(arguments)) ?? ""
    }

    /// The screen as text (`-e`: with colour escapes).
    func capture(escapes: Bool = false) -> String {
        (try? tmux(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))) ?? ""
    }

    func send(_ keys: String...) {
        _ = try? tmux(["send-keys", "-t", "main"] + keys)
    }

    func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        _ = try? tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// A tmux format value for the pane (`#{pane_title}`, `#{pane_pid}`).
    func display(_ format: String) -> String {
        ((try? tmux(["display-message", "-p", "-t", "main", format])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `condition` holds or `timeout` passes; returns the last screen.
    @discardableResult
    func waitForScreen(timeout: TimeInterval = 10, _ condition: (String) -> Bool) -> (matched: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while !condition(screen) {
            if Date() > deadline { return (false, screen) }
            usleep(50_000)
            screen = capture()
        }
        return (true, screen)
    }

    /// Waits for the program to end; returns its exit status and the terminal's mode afterwards.
    func waitForExit(timeout: TimeInterval = 10) -> (status: Int32?, terminalMode: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile, encoding: .utf8), text.contains("speed") {
                let status = text.split(separator: "\n").first.flatMap { Int32($0.replacingOccurrences(of: "EXIT=", with: "")) }
                return (status, text)
            }
            usleep(50_000)
        }
        return (nil, "")
    }

    /// Whether `stty -a` output says the terminal is back in its usual cooked mode.
    static func restored(_ mode: String) -> Bool {
        mode.contains(" icanon") && mode.contains(" echo ") && !mode.contains("-icanon") && !mode.contains("-echo ")
    }

    /// The process id of the dashboard (the shell's child).
    func dashboardPID() -> Int32? {
        guard let shell = Int32(display("#{pane_pid}")) else { return nil }
        let output = Spawn.run("/usr/bin/pgrep", ["-P", "\(shell)", "-x", "nexlify-tui"])
        return output.split(separator: "\n").first.flatMap { Int32($0) }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        Spawn.run("/usr/bin/env", ["tmux", "-L", socket] + arguments)
    }
}

/// A run directory that the test (another writer) appends to.
final class RunDirectory {
    let path: String
    private let ownsParent: Bool

    /// A run in a fresh temporary directory, or `name` inside `parent` (a directory of runs the
    /// caller removes).
    init(name: String = "run", in parent: String? = nil) throws {
        ownsParent = parent == nil
        path = (parent ?? NSTemporaryDirectory() + "nexlify-e2e-\(UUID().uuidString)") + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { if ownsParent { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) } }

    func append(episodes: Range<Int>, profit: (Int) -> Double = { Double($0) - 10 }, extra: String = "") {
        let text = episodes.map { #"{"episode": \#($0), "profit": \#(profit($0)), "sharpe": 0.5, "epsilon": 0.3\#(extra)}"# + "\n" }.joined()
        let file = path + "/episodes.jsonl"
        if let handle = FileHandle(forWritingAtPath: file) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        }
    }
}
