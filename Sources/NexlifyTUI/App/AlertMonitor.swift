import AlertKit
import Foundation
import MetricsKit

/// The dashboard's side of AlertKit: checks the run's health at each refresh, turns what is
/// sent into strip lines, and keeps the latest final delivery failure for the status line
/// (deliveries run in the background and report from there).
final class AlertMonitor {
    private let setup: AlertSetup
    private let failures: LatestFailure
    private let clockFormat: DateFormatter

    /// Builds the monitor for `runPath` from a loaded configuration (`remoteName`: see `AlertSetup`).
    init(config: AlertConfig, runPath: String, remoteName: String? = nil) throws {
        let failures = LatestFailure()
        self.failures = failures
        setup = try AlertSetup(config: config, runPath: runPath, remoteName: remoteName) { problem in
            failures.set("\(problem.channel): \(problem.reason)")
        }
        clockFormat = DateFormatter()
        clockFormat.dateFormat = "HH:mm:ss"
        if let problem = setup.engine.stateProblem { failures.set(problem) }
    }

    /// Runs the rules; returns the strip lines for what was sent.
    func check(_ source: RunSource, now: Date) -> [AlertLine] {
        setup.engine.check(setup.snapshot(of: source, now: now), now: now).map { event in
            let level: AlertLine.Level = event.status == .resolved ? .resolved
                : (event.level == .critical ? .critical : (event.level == .warning ? .warning : .info))
            return AlertLine(level: level, text: TerminalText.sanitize(setup.masker.mask(event.headline)), time: clockFormat.string(from: event.sentAt))
        }
    }

    /// The thresholds the rules use (drawn in their panels).
    var thresholds: HealthThresholds { setup.config.thresholds }

    /// The latest delivery that failed for good, if any.
    var latestFailure: String? { failures.value }

    /// Gives queued deliveries a short grace before the dashboard exits (blocks: not for Swift
    /// tasks); returns a sentence about those left pending for the next start.
    func finish() -> String? { setup.drain(timeout: AlertSetup.exitGrace) }

    /// Waits for queued deliveries, from a Swift task.
    func drained() async { await setup.dispatcher.drain() }
}

/// The latest failure text, written by delivery threads and read by the dashboard loop.
private final class LatestFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?

    var value: String? { lock.withLock { text } }

    func set(_ value: String) { lock.withLock { text = value } }
}
