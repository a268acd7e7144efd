import ArgumentParser
import AlertKit
import Foundation
import MetricsKit

/// `nexlify-tui experiments …`: the ExperimentTracker from the command line, each subcommand
/// with `--dir` (default `experiments`) and `--json` for scripts.
struct ExperimentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiments",
        abstract: "List, compare, rank, export, archive and delete tracked experiments.",
        subcommands: [List.self, Show.self, Leaderboard.self, Compare.self, Export.self, Archive.self, Delete.self]
    )

    /// Where the experiments are and how to print.
    struct Options: ParsableArguments {
        @Option(name: .customLong("dir"), help: "The experiments directory (default: experiments, or the config's training_dashboard.experiment_tracking.experiments_dir).")
        var directoryOption: String?

        @Option(name: .long, help: "The guide's neural_config.json, for its experiments directory.")
        var config: String?

        @Flag(name: .long, help: "Print JSON for scripts.")
        var json = false

        @OptionGroup var remote: RemoteOptions

        /// The local copy of a `--dir HOST:PATH`, kept while the command runs.
        nonisolated(unsafe) private static var remoteCopy: RemoteRuns?

        /// The directory given, else the config's, else `experiments`.
        var dir: String {
            if let directoryOption { return directoryOption }
            return config.flatMap { try? DashboardConfig.load(path: $0).experimentsDirectory } ?? "experiments"
        }

        /// The tracker of an experiments directory that is there and can be listed: no command
        /// here creates one (a mistyped `--dir` is said, not made).
        var tracker: ExperimentTracker {
            get throws {
                var dir = self.dir
                if RemoteLocation.looksRemote(dir) {
                    let copy = try Self.remoteCopy ?? remote.open([dir])
                    Self.remoteCopy = copy
                    dir = copy.paths[0]
                }
                if let problem = ExperimentTracker.listingProblem(of: dir) { throw failure(problem, exitCode: 2) }
                return ExperimentTracker(experimentsDir: dir)
            }
        }

        /// The tracker of a directory on this machine, for the subcommands that write (archive,
        /// delete, export): a copy of another machine's directory is never changed.
        var localTracker: ExperimentTracker {
            get throws {
                guard !RemoteLocation.looksRemote(dir) else {
                    throw failure("\(dir) is on another machine: archive, delete and export change the experiments directory, so run them there", exitCode: 2)
                }
                return try tracker
            }
        }

        func validate() throws {
            guard let config else { return }
            do {
                _ = try DashboardConfig.load(path: config)
            } catch let problem as AlertConfig.Failure {
                throw failure("invalid configuration: \(problem)", exitCode: 2)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List experiments (unreadable ones with the reason).")
        @OptionGroup var options: Options

        func run() throws {
            let listed = try options.tracker.listExperiments()
            if options.json {
                let rows = listed.map { entry -> [String: Any] in
                    var row: [String: Any] = ["id": entry.id]
                    if let experiment = entry.experiment {
                        row["name"] = experiment.name
                        row["status"] = experiment.status.rawValue
                        row["tags"] = experiment.tags
                    }
                    if entry.problem == ExperimentTracker.unsavedNote {
                        row["status"] = "created"
                    } else if let problem = entry.problem {
                        row["problem"] = problem
                    }
                    return row
                }
                printJSON(rows)
                return
            }
            if listed.isEmpty { Console.out("no experiments in " + Console.field(options.dir)) }
            for entry in listed {
                if let experiment = entry.experiment {
                    let tags = experiment.tags.isEmpty ? "" : "  [" + experiment.tags.map(Console.field).joined(separator: ", ") + "]"
                    Console.out("\(Console.field(entry.id))  \(experiment.status.rawValue)\(tags)")
                } else if entry.problem == ExperimentTracker.unsavedNote {
                    Console.out("\(Console.field(entry.id))  " + ExperimentTracker.unsavedNote)
                } else {
                    Console.out("\(Console.field(entry.id))  UNREADABLE: " + Console.field(entry.problem ?? ""))
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one experiment.")
        @OptionGroup var options: Options
        @Argument(help: idHelp) var id: String

        func run() throws {
            let experiment = try reading { try options.tracker.experiment(id) }
            let results = try options.tracker.results(id)
            if options.json {
                // The record as the guide's layout has it, results and status included.
                let tracked = TrackedExperiment(record: experiment, results: results.compactMap(ExperimentResult.init))
                Console.out(tracked.guideDocument.text())
                return
            }
            Console.out("\(Console.field(experiment.id))  (\(experiment.status.rawValue))")
            if !experiment.description.isEmpty { Console.out(Console.field(experiment.description)) }
            if !experiment.tags.isEmpty { Console.out("tags: " + experiment.tags.map(Console.field).joined(separator: ", ")) }
            for (key, value) in experiment.hyperparameters.sorted(by: { $0.key < $1.key }) {
                Console.out("  \(Console.field(key)) = " + Console.field(value.description))
            }
            Console.out("results: \(results.count) (latest episode \(results.last?.episode.map(String.init) ?? "—"))")
            for (key, value) in experiment.finalMetrics.sorted(by: { $0.key < $1.key }) { Console.out("  final \(Console.field(key)) = \(value)") }
        }
    }

    struct Leaderboard: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rank experiments by a metric (ties share a rank; missing last).")
        @OptionGroup var options: Options
        @Option(name: .long, help: "The metric to rank by.") var metric = "profit"
        @Option(name: .long, help: "How many to show.") var top = 10
        @Option(name: .long, help: "Which value ranks: final, best or mean.") var by = "best"
        @Flag(name: .long, help: "Rank running experiments too (the guide's leaderboard lists completed ones).") var running = false

        func run() throws {
            guard let rankBy = ExperimentTracker.RankBy(rawValue: by) else { throw ValidationError("--by must be final, best or mean") }
            let board = try options.tracker.leaderboard(metric: metric, topN: top, by: rankBy, including: running ? [.completed, .running] : [.completed])
            if options.json {
                printJSON(board.map { ["rank": $0.rank, "id": $0.id, "name": $0.name, "value": $0.value.map { $0 as Any } ?? NSNull(), "status": $0.status.rawValue] })
                return
            }
            for entry in board {
                Console.out("\(String(entry.rank).padding(toLength: 4, withPad: " ", startingAt: 0))\(Console.field(entry.id))  \(entry.value.map { "\($0)" } ?? "—")")
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare experiments: metrics and differing hyperparameters.")
        @OptionGroup var options: Options
        @Argument(help: idsHelp) var ids: [String]
        @Option(name: .long, parsing: .upToNextOption, help: "Metrics to compare (default: profit sharpe win_rate drawdown).") var metrics: [String] = []

        func run() throws {
            let comparison = try options.tracker.compareExperiments(ids, metrics: metrics.isEmpty ? nil : metrics)
            comparison.warnings.forEach { Console.report($0) }
            guard !comparison.experiments.isEmpty else { throw failure("none of the ids names an experiment in \(options.dir)/", exitCode: 1) }
            if options.json {
                Console.out(ExperimentTracker.comparisonDocument(comparison).text())
                return
            }
            let compared = comparison.experiments.map(\.id)
            for (metric, byID) in comparison.metrics.sorted(by: { $0.key < $1.key }) {
                Console.out(Console.field(metric))
                for id in compared {
                    let summary = byID[id]
                    Console.out("  \(Console.field(id))  mean \(text(summary?.mean))  std \(text(summary?.std))  max \(text(summary?.best))  min \(text(summary?.min))  final \(text(summary?.final))  episodes \(summary?.episodes ?? 0)")
                }
            }
            for (key, values) in comparison.differingHyperparameters.sorted(by: { $0.key < $1.key }) {
                Console.out("differs: \(Console.field(key)): " + compared.map { Console.field("\($0)=\(values[$0]?.description ?? "—")") }.joined(separator: ", "))
            }
        }

        private func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "—" }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export a comparison as CSV or JSON into the experiments directory.")
        @OptionGroup var options: Options
        @Argument(help: idsHelp) var ids: [String]
        @Option(name: .long, help: "csv or json.") var format = "csv"

        func run() throws {
            guard let chosen = MetricsLogger.SnapshotFormat(rawValue: format) else { throw ValidationError("--format must be csv or json") }
            let url = try reading { try options.localTracker.exportComparison(ids, format: chosen) }
            Console.out(Console.field(url.path))
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Archive an experiment (kept, left out of leaderboards).")
        @OptionGroup var options: Options
        @Argument(help: idHelp) var id: String

        func run() throws {
            try reading { try options.localTracker.archiveExperiment(id) }
            Console.out("archived " + Console.field(id))
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an experiment's directory.")
        @OptionGroup var options: Options
        @Argument(help: idHelp) var id: String
        @Flag(name: .long, help: "Delete without asking.") var yes = false

        func run() throws {
            guard yes else { throw failure("deleting \(id) removes its files; run again with --yes to confirm", exitCode: 1) }
            _ = try reading { try options.localTracker.deleteExperiment(id, confirm: true) }
            Console.out("deleted " + Console.field(id))
        }
    }
}

/// The help of an id argument.
private let idHelp = ArgumentHelp("The experiment id: the name of its directory (put -- before an id that starts with '-').")
private let idsHelp = ArgumentHelp("Experiment ids: the names of their directories (put -- before ids that start with '-').")

/// Runs a tracker call; its failures exit with status 2 and say why.
private func reading<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let problem as ExperimentTracker.Failure {
        throw failure(problem.description, exitCode: 2)
    }
}

private func printJSON(_ value: Any) {
    let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
    Console.out(String(decoding: data, as: UTF8.self))
}
