import AlertKit
import ArgumentParser
import Foundation
import MetricsKit

/// `nexlify-tui export`: follows runs headless and serves their figures and the health rules'
/// states at `/metrics` for Prometheus (`FleetGauges`), refreshed every `--interval` seconds; a
/// scrape gets what the last refresh read, never waiting on the disk.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Serve runs' figures and alert states to Prometheus at /metrics.",
        discussion: """
            Each --run is a run (a directory or log file) or a directory of runs; give --run several \\
            times for several. Every run is labelled with its name and this machine's host name. \\
            The health rules use the thresholds of the configuration (--config, else \\
            ~/.config/nexlify/config.json); nothing is sent (that is watch's job).
            """
    )

    @Option(name: .long, help: "Where to serve: HOST:PORT (port 0 picks a free one).")
    var listen = "127.0.0.1:9464"

    @Option(name: .customLong("run"), help: "A run, or a directory of runs (repeatable); HOST:PATH for runs on another machine (over ssh), labelled with that host.")
    var runPaths: [String]

    @OptionGroup var remote: RemoteOptions

    @Option(name: .long, help: "The configuration file (neural_config.json): thresholds and metric roles.")
    var config: String?

    @Option(name: .customLong("metric"), help: "Also serve this metric's latest value, as nexlify_metric{metric=…} (repeatable).")
    var metrics: [String] = []

    @Option(name: .long, help: "Seconds between refreshes (1–3600).")
    var interval = 10.0

    @Option(name: .long, help: "The host label (default: this machine's host name).")
    var host: String?

    func validate() throws {
        guard (1...3600).contains(interval) else { throw ValidationError("--interval must be between 1 and 3600 seconds") }
        guard !runPaths.isEmpty else { throw ValidationError("give at least one --run") }
    }

    func run() throws {
        let settings = try AlertSetup.loadConfig(config)
        let runs = try remote.open(runPaths)
        runs.start(interval: interval)
        defer { runs.stop() }
        let fleet: ExportedFleet
        do {
            fleet = try ExportedFleet(paths: runs.paths, settings: settings, host: host ?? HostName.current, hosts: runs.hosts, named: runPaths, customMetrics: metrics)
        } catch let problem as RunLayout.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        let signals = try SignalWatcher()
        let server: MetricsServer
        do {
            server = try MetricsServer(listen: listen)
        } catch let problem as MetricsServer.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        var announced = false
        while true {
            let runs = fleet.refresh(now: Date())
            server.publish(FleetGauges.families(of: runs))
            if !announced {
                announced = true
                Console.out("serving \(runs.count) run\(runs.count == 1 ? "" : "s") at http://\(Self.display(listen, port: server.port))/metrics (Ctrl-C stops)")
            }
            var descriptor = pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Int32(interval * 1000))
            if let signal = signals.received().first {
                server.stop()
                throw ExitCode(128 + signal)
            }
        }
    }

    /// `listen` with the port it got (":0" picks one).
    private static func display(_ listen: String, port: UInt16) -> String {
        guard let colon = listen.lastIndex(of: ":") else { return listen }
        let host = listen[..<colon].isEmpty ? "0.0.0.0" : String(listen[..<colon])
        return "\(host):\(port)"
    }
}
