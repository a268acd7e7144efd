import ArgumentParser
import Foundation
import MetricsKit

/// `nexlify-tui summary`: reads a run once and prints its statistics, for scripts, CI and
/// `ssh box nexlify-tui summary ...`.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a run's statistics once and exit.",
        discussion: """
            With --json, prints one object with the keys episodes, latest_episode, best_profit, \
            best_episode, average_profit, recent_average_profit, latest_sharpe, latest_epsilon, \
            latest_loss, skipped_lines (null where a value is missing or not finite) and x_axis \
            ("episode", or "step" for a step-keyed run such as Stable-Baselines3's or TensorBoard's: \
            then episodes counts the logged steps and latest_episode is the latest step). The figures \
            are those of the metrics playing profit, Sharpe, epsilon and loss, as on the dashboard. \
            A file of the run that cannot be read (permissions, not a regular file) is named on \
            standard error and the exit code is 1, figures or not.
            """
    )

    @Option(name: .customLong("run"), help: "A run directory or a .jsonl, .json or .csv log file; HOST:PATH for one on another machine (over ssh).")
    var runPath: String

    @OptionGroup var remote: RemoteOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let runs = try remote.open([runPath])
        let source = try readRun(at: runs.paths[0], named: runPath, selection: RunSummary.selection)
        guard source.store.episodeCount > 0 || source.store.modelRecordCount > 0 else {
            var reasons = source.problems
            if source.skipped.count > 0 { reasons.append(source.skipped.description) }
            let detail = reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"
            let files = source.layout.files.map(\.name).joined(separator: ", ")
            throw failure("\(runPath): no readable log records in \(files)\(detail); expected JSON lines or CSV rows with an episode number, as MetricsLogger writes them", exitCode: 1)
        }
        // The figures of the metrics playing each role, as the dashboard's (an SB3 run's mean reward for profit).
        let summary = RunSummary(store: source.store, skippedLines: source.skipped.count, writerStatistics: source.writerStatistics,
                                 xAxis: source.layout.xAxis)
        Console.out(json ? summary.json() : summary.text())
        if !json && source.skipped.count > 0 {
            Console.error(Console.field(source.skipped.description))
        }
        // A snapshot cut short gave what it held so far, a file could not be read: say so, so the
        // figures are not taken as the run's.
        for problem in source.problems { Console.error(Console.field(problem)) }
        if source.hasUnreadableFiles { throw ExitCode(1) }
    }
}

/// Reads the run at `path` once, to its end; a path that is missing or not a log exits with
/// status 2 and says why (`named`: what the user called it, when `path` is a remote run's copy).
/// Reads the run at `path` whole (`selection`: only what a command needs, where a format can leave the rest unread).
func readRun(at path: String, named name: String? = nil, selection: MetricSelection? = nil) throws -> RunSource {
    let source: RunSource
    do {
        source = try RunSource(path: path, mustExist: true, selection: selection)
    } catch let problem as RunLayout.Failure {
        throw failure(name.map { problem.description.replacingOccurrences(of: path, with: $0) } ?? problem.description, exitCode: 2)
    }
    source.readToEnd()
    return source
}

/// Prints `message` on standard error (as one line: anything from a file in it is escaped) and
/// returns the exit code to throw.
func failure(_ message: String, exitCode: Int32) -> ExitCode {
    Console.report(message)
    return ExitCode(exitCode)
}
