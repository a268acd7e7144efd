import Foundation

/// The guide's `TrainingDashboard` for Swift training processes: nexlify-tui following the
/// logger's run, in the terminal.
///
/// - inside tmux, `start()` opens a side pane (`tmux split-window -h`) running
///   `nexlify-tui --run <run> --refresh <s> --theme <theme>` and returns; `stop()` closes it;
/// - `start(blocking: true)` runs the dashboard in the foreground when standard output is a
///   terminal, and returns when it quits;
/// - otherwise it prints (to standard error) the exact command to run, e.g. over `ssh -t`.
///
/// The binary is `$NEXLIFY_TUI`, or `nexlify-tui` on `PATH`.
///
/// ```swift
/// let logger = MetricsLogger(experimentName: "dqn")
/// let dashboard = TrainingDashboard(metricsLogger: logger, updateInterval: 2000, theme: "cyberpunk")
/// dashboard.start()
/// // … training …
/// dashboard.stop()
/// ```
public final class TrainingDashboard: @unchecked Sendable {
    /// What `start` did.
    public enum Started: Equatable, Sendable {
        /// A tmux pane, by its id (`%3`).
        case pane(String)
        /// The dashboard ran in the foreground and has quit.
        case foreground
        /// Neither was possible: the command was printed.
        case printedCommand
        /// No binary: how to get one was printed.
        case binaryMissing
    }

    public let metricsLogger: MetricsLogger
    /// Milliseconds between refreshes (the guide's `update_interval`).
    public let updateInterval: Int
    public let theme: String
    private let environment: [String: String]
    private let lock = NSLock()
    private var pane: String?

    /// `environment` is where `TMUX`, `NEXLIFY_TUI` and `PATH` are looked up (the process's own
    /// by default).
    public init(metricsLogger: MetricsLogger, updateInterval: Int = 2000, theme: String = "cyberpunk",
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.metricsLogger = metricsLogger
        self.updateInterval = min(60_000, max(250, updateInterval))
        self.theme = theme
        self.environment = environment
    }

    /// How to build the binary, for when it is missing.
    public static let buildHint = "nexlify-tui was not found: set NEXLIFY_TUI to the binary, or put it on PATH (build it with `swift build -c release`; it is .build/release/nexlify-tui)"

    /// The binary: `$NEXLIFY_TUI` if executable, else `nexlify-tui` on `PATH`.
    public var binary: String? {
        if let configured = environment["NEXLIFY_TUI"], !configured.isEmpty {
            return FileManager.default.isExecutableFile(atPath: configured) ? configured : nil
        }
        return Self.onPath("nexlify-tui", environment)
    }

    /// The command that shows this run.
    public var command: [String] {
        [binary ?? "nexlify-tui", "--run", metricsLogger.runDirectory, "--refresh", Self.seconds(updateInterval), "--theme", theme]
    }

    @discardableResult
    public func start(blocking: Bool = false) -> Started {
        guard let binary else {
            FileHandle.standardError.write(Data(("nexlify-tui: " + Self.buildHint + "\n").utf8))
            return .binaryMissing
        }
        let command = [binary] + self.command.dropFirst()
        if blocking && isatty(STDOUT_FILENO) == 1 {
            _ = Self.run(command, environment: environment, capture: false)
            return .foreground
        }
        if environment["TMUX"].map({ !$0.isEmpty }) ?? false, let tmux = Self.onPath("tmux", environment) {
            let shell = command.map(Self.shellQuoted).joined(separator: " ")
            let result = Self.run([tmux, "split-window", "-h", "-d", "-P", "-F", "#{pane_id}", shell], environment: environment, capture: true)
            let id = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            if result.status == 0, id.hasPrefix("%") {
                lock.withLock { pane = id }
                return .pane(id)
            }
        }
        FileHandle.standardError.write(Data(("nexlify-tui: to watch this run, in a terminal (over ssh: ssh -t HOST …):\n    "
                                             + command.map(Self.shellQuoted).joined(separator: " ") + "\n").utf8))
        return .printedCommand
    }

    /// Closes the pane `start` opened, if any.
    public func stop() {
        guard let id = lock.withLock({ () -> String? in defer { pane = nil }; return pane }), let tmux = Self.onPath("tmux", environment) else { return }
        _ = Self.run([tmux, "kill-pane", "-t", id], environment: environment, capture: true)
    }

    /// Whether the pane `start` opened is still there and running.
    public var isRunning: Bool {
        guard let id = lock.withLock({ pane }), let tmux = Self.onPath("tmux", environment) else { return false }
        let listed = Self.run([tmux, "list-panes", "-a", "-F", "#{pane_id} #{pane_dead}"], environment: environment, capture: true)
        return listed.output.split(separator: "\n").contains { $0 == "\(id) 0" }
    }

    // MARK: Processes

    private static func run(_ command: [String], environment: [String: String], capture: Bool) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        let pipe = Pipe()
        if capture {
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
        }
        do {
            try process.run()
        } catch {
            return (-1, "")
        }
        let output = capture ? String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) : ""
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    private static func onPath(_ name: String, _ environment: [String: String]) -> String? {
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func seconds(_ milliseconds: Int) -> String {
        milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(Double(milliseconds) / 1000)
    }

    private static func shellQuoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:%@+,".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
