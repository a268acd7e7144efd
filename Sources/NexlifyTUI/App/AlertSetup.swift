import AlertKit
import Foundation
import MetricsKit

/// The alert pieces a command needs for a run: configuration, channels, audit trail
/// (`alerts.jsonl` beside the run), persistent state, dispatcher and engine.
struct AlertSetup {
    let config: AlertConfig
    let masker: SecretMasker
    let channels: [AlertChannel]
    let dispatcher: AlertDispatcher
    let engine: AlertEngine

    /// `remoteName`: a run on another machine (`gpu1:training_logs/dqn`), read from the local
    /// copy at `runPath`: its alerts are named by it, and its audit trail and state are kept in
    /// the state directory (`remote-runs/<name>`), never in the copy.
    init(config: AlertConfig, runPath: String, remoteName: String? = nil, onFailure: @escaping @Sendable (AlertDispatcher.Failure) -> Void) throws {
        self.config = config
        masker = SecretMasker(config.secrets)
        channels = try config.makeChannels()
        var directory = Self.directory(of: runPath)
        if let remoteName {
            let safe = String(remoteName.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
            directory = StateDirectory.path() + "/remote-runs/" + safe
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let audit = AlertAuditLog(path: AlertAuditLog.path(inDirectory: directory), masker: masker)
        dispatcher = AlertDispatcher(channels: channels, audit: audit, masker: masker, retry: config.retry, onFailure: onFailure)
        engine = AlertEngine(run: remoteName ?? runPath, thresholds: config.thresholds, repeatInterval: config.repeatSeconds, dispatcher: dispatcher,
                             audit: audit, statePath: (directory as NSString).appendingPathComponent("alert_state.json"))
    }

    /// The run's directory: the path itself, or the directory of a single log file.
    static func directory(of runPath: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: runPath, isDirectory: &isDirectory), isDirectory.boolValue { return runPath }
        return (runPath as NSString).deletingLastPathComponent.isEmpty ? "." : (runPath as NSString).deletingLastPathComponent
    }

    /// The run's health now: how long since its files changed, and whether it has finished
    /// (a `metrics.json` at least as new as its JSON lines, as `MetricsLogger.close()` leaves it).
    func snapshot(of source: RunSource, now: Date) -> HealthSnapshot {
        let age = source.lastModified.map { max(0, now.timeIntervalSince($0)) }
        return HealthSnapshot(store: source.store, secondsSinceNewEpisode: age, trainingComplete: source.isComplete, roles: config.roles,
                              trendWindow: config.thresholds.trendWindow)
    }

    /// The grace deliveries get when the program is asked to stop (q, SIGTERM, Ctrl-C).
    static let exitGrace: TimeInterval = 2

    /// Waits at most `timeout` seconds for queued deliveries (retries included) and returns a
    /// sentence about those still under way (nil when none): they stay pending in
    /// `alert_state.json` and go out again at the next start. It blocks the calling thread, so it
    /// is for the commands' main thread, never for a Swift task.
    func drain(timeout: TimeInterval) -> String? {
        guard !dispatcher.drain(timeout: timeout) else { return nil }
        let count = engine.pendingDeliveries.count
        return "\(count) alert\(count == 1 ? "" : "s") not delivered yet; kept in alert_state.json and sent again at the next start"
    }
}
