import ArgumentParser
import Foundation

/// The `nexlify-tui` command: a terminal dashboard for reinforcement-learning training runs.
///
/// ```
/// nexlify-tui --run training_logs/dqn        # the live dashboard
/// nexlify-tui --demo                         # a synthetic run, live
/// nexlify-tui summary --run training_logs/dqn --json
/// ```
public struct NexlifyCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "nexlify-tui",
        abstract: "Watch reinforcement-learning training runs from the terminal.",
        discussion: """
            Reads the logs a MetricsLogger writes (episodes.jsonl, model_metrics.jsonl, \
            metrics.json, metrics.csv), Stable-Baselines3's (progress.csv, progress.json, \
            monitor.csv) and TensorBoard event files, from a run directory or a single log \
            file, and ExperimentTracker's experiments.

              nexlify-tui --run training_logs/dqn      follow a run live
              nexlify-tui --run training_logs/         the runs view: sort, filter, compare
              nexlify-tui --experiments experiments/   the same for tracked experiments
              nexlify-tui --demo                       a synthetic run, live
              nexlify-tui summary --run RUN --json     statistics once, for scripts
              nexlify-tui snapshot --run RUN           one frame as text
              nexlify-tui watch --run RUN --once       check health, exit 0/1/2
            """,
        version: version,
        subcommands: [DashboardCommand.self, SummaryCommand.self, SnapshotCommand.self, WatchCommand.self, ExportCommand.self, AlertCommand.self, ExperimentsCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    public init() {}

    /// The program's entry point: guards the terminal against crashes and stray signals, parses
    /// the command line and runs the command. Whatever it prints, help and errors that echo the
    /// arguments included, goes out through `Console`.
    public static func start() -> Never {
        CrashGuard.install(environment: ProcessInfo.processInfo.environment, printable: Console.field)
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = escapingArguments(in: fullMessage(for: error))
            if !message.isEmpty {
                if code == .success { Console.out(message) } else { Console.error(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// The parser's messages quote the arguments they refuse (`The value '…' is invalid`): any
    /// argument (or `--option=` value) holding a control character is shown escaped there, while
    /// the message keeps its own lines.
    static func escapingArguments(in message: String, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> String {
        let values = arguments.flatMap { argument -> [String] in
            guard let equals = argument.firstIndex(of: "=") else { return [argument] }
            return [argument, String(argument[argument.index(after: equals)...])]
        }
        return values.filter { Console.field($0) != $0 }.sorted { $0.count > $1.count }.reduce(message) { text, value in
            text.replacingOccurrences(of: value, with: Console.field(value))
        }
    }
}
