import AlertKit
import ArgumentParser
import Foundation
import MetricsKit

/// `nexlify-tui watch`: follows a run with no screen and sends alerts, for nohup, systemd or a
/// background tmux window. `--once` checks the current state, delivers and exits: 0 when
/// nothing fires, 1 when a warning fires, 2 when a critical alert fires.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow a run headless and send alerts (Slack, webhook, e-mail, Alertmanager).",
        discussion: """
            Alerts are printed, appended to alerts.jsonl beside the run, and sent through the \\
            channels in the configuration (--config, else ~/.config/nexlify/config.json). \\
            With --once the exit code is 0 (nothing firing), 1 (warning) or 2 (critical).
            """
    )

    @Option(name: .customLong("run"), help: "A run directory or a .jsonl, .json or .csv log file; HOST:PATH for one on another machine (over ssh).")
    var runPath: String

    @OptionGroup var remote: RemoteOptions

    @Option(name: .long, help: "The configuration file (neural_config.json).")
    var config: String?

    @Flag(name: .long, help: "Check once, deliver, and exit with 0, 1 (warning) or 2 (critical).")
    var once = false

    @Option(name: .long, help: "Seconds between checks (1–3600).")
    var interval = 10.0

    func validate() throws {
        guard (1...3600).contains(interval) else { throw ValidationError("--interval must be between 1 and 3600 seconds") }
    }

    func run() throws {
        let settings = try AlertSetup.loadConfig(config)
        let runs = try remote.open([runPath])
        if !once { runs.start(interval: interval) }
        defer { runs.stop() }
        let path = runs.paths[0]
        let source: RunSource
        do {
            source = try RunSource(path: path, mustExist: once, recentCapacity: 1024)
            source.displayName = runs.display(of: path)
        } catch let problem as RunLayout.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        let setup = try AlertSetup(config: settings, runPath: path, remoteName: source.displayName) { problem in
            Console.report("\(problem.channel) delivery failed after \(problem.attempts) attempt(s): \(problem.reason)")
        }
        guard settings.enabled else { throw failure("alerts are disabled in the configuration (enabled: false)", exitCode: 2) }
        if let problem = setup.engine.stateProblem { Console.report(problem) }
        if once {
            source.readToEnd()
            check(setup, source)
            if let unfinished = setup.drain(timeout: Self.onceGrace) { Console.report(unfinished) }
            throw ExitCode(exitCode(for: setup.engine.highestFiringLevel))
        }
        let signals = try SignalWatcher()
        while true {
            while source.poll(maxRecords: 200_000, maxDuration: .milliseconds(200)).moreRemaining {}
            check(setup, source)
            if let words = runs.statusLine(now: Date()) { Console.report(words) }
            var descriptor = pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, Int32(interval * 1000))
            if let signal = signals.received().first {
                if let unfinished = setup.drain(timeout: AlertSetup.exitGrace) { Console.report(unfinished) }
                throw ExitCode(128 + signal)
            }
        }
    }

    /// How long `--once` waits for its deliveries (their retries included) before it leaves the
    /// rest pending for the next run.
    static let onceGrace: TimeInterval = 30

    private func check(_ setup: AlertSetup, _ source: RunSource) {
        for event in setup.engine.check(setup.snapshot(of: source, now: Date()), now: Date()) {
            Console.out(Console.field(setup.masker.mask(event.headline)))
        }
    }

    private func exitCode(for level: AlertLevel?) -> Int32 {
        switch level {
        case .critical?: return 2
        case .warning?: return 1
        default: return 0
        }
    }
}

/// `nexlify-tui alert test`: sends a test alert through every configured channel and says, per
/// channel, whether it was delivered or exactly why not.
struct AlertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alert", abstract: "Alert tools.", subcommands: [AlertTestCommand.self, AlertRulesCommand.self])
}

struct AlertTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test alert through every configured channel and report each result."
    )

    @Option(name: .long, help: "The configuration file (neural_config.json).")
    var config: String?

    func run() throws {
        let settings = try AlertSetup.loadConfig(config)
        let masker = SecretMasker(settings.secrets)
        let channels = try settings.makeChannels()
        guard !channels.isEmpty else { throw failure("no alert channel is enabled in the configuration (\(AlertConfig.channelKeys.joined(separator: ", ")))", exitCode: 2) }
        let now = Date()
        let event = AlertEvent(status: .firing, reason: "test", level: .info, rule: "test", run: "nexlify-tui alert test", title: "Test alert",
                               message: "This is a test alert from nexlify-tui. If you can read it, this channel works.", firedAt: now, sentAt: now)
        var failed = false
        for channel in channels {
            let dispatcher = AlertDispatcher(channels: [channel], audit: nil, masker: masker, retry: .init(maxAttempts: 2, initialDelay: 0.5))
            dispatcher.enqueue(event)
            let finished = DispatchSemaphore(value: 0)
            Task.detached {
                await dispatcher.drain()
                finished.signal()
            }
            finished.wait()
            if let problem = dispatcher.finalFailures.first {
                failed = true
                Console.out("\(channel.name): FAILED — " + Console.field(problem.reason))
            } else {
                Console.out("\(channel.name): delivered")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
