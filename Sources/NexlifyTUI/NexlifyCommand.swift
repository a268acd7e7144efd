import ArgumentParser

/// The `nexlify-tui` command: a terminal dashboard for reinforcement-learning training runs.
///
/// ```
/// nexlify-tui summary --run training_logs/dqn --json
/// ```
@main
struct NexlifyCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "nexlify-tui",
        abstract: "Watch reinforcement-learning training runs from the terminal.",
        discussion: """
            Reads the logs a MetricsLogger writes (episodes.jsonl, model_metrics.jsonl, \
            metrics.json, metrics.csv) from a run directory or a single log file.
            """,
        version: version,
        subcommands: [SummaryCommand.self]
    )
}
