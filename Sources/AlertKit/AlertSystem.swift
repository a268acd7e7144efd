import Foundation
import MetricsKit

/// The guide's thresholds type by its name: `AlertThresholds.conservative`, `.moderate`,
/// `.aggressive` (the engine calls it `HealthThresholds`).
public typealias AlertThresholds = HealthThresholds

/// The guide's `AlertSystem`, Swift-cased: built from a configuration, it sends alerts
/// directly, checks training health with the guide's rules from the episodes a training loop
/// has, and announces completion and new best models.
///
/// As the guide's: alerts are throttled by title within `throttleWindow` (the config's
/// `throttle_window_seconds`, 300 s by default) unless forced, every alert sent is kept in
/// `alertHistory` (for the life of the object; `clearHistory()` empties it) and appended to
/// `training_logs/alerts.log` in the guide's format. Unlike the guide's, delivery runs in the
/// background, so a training loop never waits on SMTP or a webhook: `sendAlert` returns whether
/// the alert was accepted for at least one enabled channel (false when throttled, disabled, or no
/// channel is enabled), not whether a channel has delivered it; `flush()` waits for deliveries.
///
/// ```swift
/// let alerts = try AlertSystem(config: AlertConfig.load(path: "config/neural_config.json"))
/// alerts.sendAlert(level: .warning, title: "Slow Learning", message: "No improvement in 100 episodes")
/// alerts.checkTrainingHealth(latestEpisode: logger.latestEpisode!, recentHistory: logger.episodeHistory(lastN: 100))
/// alerts.sendTrainingComplete(totalEpisodes: 1000, bestProfit: 5000, bestSharpe: 2.5, trainingTime: 3600)
/// await alerts.flush()
/// ```
public final class AlertSystem: @unchecked Sendable {
    /// Where the guide's package appends its alerts, relative to the working directory.
    public static let defaultAlertLogPath = "training_logs/" + TrainerAlertLog.fileName

    public let engine: AlertEngine
    public let dispatcher: AlertDispatcher
    /// Whether alerts are on at all (the config's `enabled` / `enable_alerts`).
    public let enabled: Bool
    public let emailEnabled: Bool
    public let slackEnabled: Bool
    public let thresholds: AlertThresholds
    /// Which of a record's keys the rules read as profit and loss (the config's `panels`).
    public let roles: MetricRoles
    /// Seconds an alert title is held back after it was sent.
    public let throttleWindow: TimeInterval
    /// The guide-format log every sent alert is appended to (nil: none).
    public let alertLogPath: String?
    private let hasChannels: Bool
    private let lock = NSLock()
    private var history: [AlertEvent] = []
    private var lastSent: [String: Date] = [:]
    private var logFailure: String?
    private let alertLog: LogFile?

    /// Alerts for `run`, audited into `<auditDirectory>/alerts.jsonl` when a directory is given,
    /// and logged as the guide's to `alertLogPath`.
    public init(config: AlertConfig = AlertConfig(), run: String = "training", auditDirectory: String? = nil, channels extra: [AlertChannel] = [],
                alertLogPath: String? = AlertSystem.defaultAlertLogPath) throws {
        let channels = extra + (try config.makeChannels())
        let masker = SecretMasker(config.secrets)
        let audit = auditDirectory.map { AlertAuditLog(path: AlertAuditLog.path(inDirectory: $0), masker: masker) }
        enabled = config.enabled
        emailEnabled = config.enabled && config.channel(EmailChannel.Settings.self) != nil
        slackEnabled = config.enabled && config.channel(SlackChannel.Settings.self) != nil
        thresholds = config.thresholds
        roles = config.roles
        throttleWindow = config.throttleWindowSeconds
        hasChannels = config.enabled && !channels.isEmpty
        self.alertLogPath = alertLogPath
        alertLog = alertLogPath.map { LogFile(path: $0) }
        dispatcher = AlertDispatcher(channels: config.enabled ? channels : [], audit: audit, masker: masker, retry: config.retry)
        engine = AlertEngine(run: run, thresholds: config.thresholds, repeatInterval: config.repeatSeconds, dispatcher: dispatcher, audit: audit,
                             statePath: auditDirectory.map { ($0 as NSString).appendingPathComponent("alert_state.json") })
    }

    // MARK: Sending

    /// The guide's `send_alert`. Held back (false) while an alert of the same title was sent
    /// within `throttleWindow`, unless `force`; nothing happens when alerts are disabled.
    @discardableResult
    public func sendAlert(level: AlertLevel, title: String, message: String, data: [String: Double] = [:], force: Bool = false, now: Date = Date()) -> Bool {
        send(level: level, title: title, message: message, data: data, force: force, now: now) && hasChannels
    }

    /// The guide's `check_training_health` on the logger's own episodes: the guide's rules
    /// (`GuideHealthRules`), each alert sent through `sendAlert` (so throttled by title). Returns
    /// the alerts that were sent.
    @discardableResult
    public func checkTrainingHealth(latestEpisode: EpisodeEntry, recentHistory: [EpisodeEntry], now: Date = Date()) -> [GuideHealthRules.Alert] {
        check(latest: latestEpisode.record, recent: recentHistory.map(\.record), now: now)
    }

    /// The same for episode dictionaries (`episode`, `profit`, `loss`, …), as a script that
    /// builds its own has them.
    @discardableResult
    public func checkTrainingHealth(latestEpisode: [String: Double], recentHistory: [[String: Double]], now: Date = Date()) -> [GuideHealthRules.Alert] {
        check(latest: Self.record(latestEpisode), recent: recentHistory.map(Self.record), now: now)
    }

    /// The guide's `send_training_complete` (info, throttled by title like the others).
    @discardableResult
    public func sendTrainingComplete(totalEpisodes: Int, bestProfit: Double, bestSharpe: Double, trainingTime: TimeInterval, now: Date = Date()) -> Bool {
        sendAlert(level: .info, title: GuideHealthRules.trainingCompleteTitle,
                  message: "Training finished after \(totalEpisodes) episodes in \(AlertEvent.duration(trainingTime)); best profit \(HealthRules.format(bestProfit)), best Sharpe \(HealthRules.format(bestSharpe)).",
                  data: ["total_episodes": Double(totalEpisodes), "best_profit": bestProfit, "best_sharpe": bestSharpe, "training_time": trainingTime],
                  now: now)
    }

    /// The guide's `send_new_best_model` (info, throttled by title like the others).
    @discardableResult
    public func sendNewBestModel(episode: Int, profit: Double, sharpe: Double? = nil, now: Date = Date()) -> Bool {
        var data = ["episode": Double(episode), "profit": profit]
        if let sharpe { data["sharpe"] = sharpe }
        return sendAlert(level: .info, title: GuideHealthRules.newBestTitle, message: "New best profit \(HealthRules.format(profit)) at episode \(episode).",
                         data: data, now: now)
    }

    /// Waits until queued deliveries are done (before a training script exits).
    public func flush() async {
        await dispatcher.drain()
    }

    /// Why the last write to `alertLogPath` failed, while it does.
    public var alertLogFailure: String? { lock.withLock { logFailure } }

    // MARK: History

    /// Every alert sent by this object, oldest first (kept until `clearHistory()`).
    public var alertHistory: [AlertEvent] { lock.withLock { history } }

    /// The guide's `get_alert_history(level, last_n)`: the alerts of `level` (all when nil), the
    /// last `lastN` of them (all when nil).
    public func alertHistory(level: AlertLevel? = nil, lastN: Int? = nil) -> [AlertEvent] {
        let matching = alertHistory.filter { level == nil || $0.level == level }
        return lastN.map { Array(matching.suffix(max(0, $0))) } ?? matching
    }

    /// The guide's `clear_history()`: forgets the history (the throttle keeps its times).
    public func clearHistory() {
        lock.withLock { history.removeAll() }
    }

    // MARK: Private

    /// Sends unless disabled or throttled: history, `alerts.log`, then the channels in the
    /// background. Returns whether it was sent.
    private func send(level: AlertLevel, title: String, message: String, data: [String: Double], force: Bool, now: Date) -> Bool {
        guard enabled else { return false }
        let accepted = lock.withLock { () -> Bool in
            if !force, let previous = lastSent[title], now.timeIntervalSince(previous) < throttleWindow { return false }
            lastSent[title] = now
            return true
        }
        guard accepted else { return false }
        _ = engine.sendAlert(level: level, title: title, message: message, data: data, force: true, now: now)
        let event = AlertEvent(status: .firing, reason: force ? "forced" : "firing", level: level, rule: "custom:" + title, run: engine.run,
                               title: title, message: message, data: data, firedAt: now, sentAt: now)
        lock.withLock { history.append(event) }
        appendToAlertLog(event)
        return true
    }

    private func check(latest: MetricRecord, recent: [MetricRecord], now: Date) -> [GuideHealthRules.Alert] {
        GuideHealthRules.evaluate(latest: latest, recent: recent, thresholds: thresholds, roles: roles).filter { alert in
            send(level: alert.level, title: alert.title, message: alert.message, data: alert.data, force: false, now: now)
        }
    }

    /// The guide's `alerts.log` line: `timestamp` (local ISO), `level`, `title`, `message`, `data`.
    /// A failed write is kept in `alertLogFailure`; it never reaches the training loop.
    private func appendToAlertLog(_ event: AlertEvent) {
        guard let alertLog else { return }
        let data = event.data.sorted { $0.key < $1.key }.map { JSONText.string($0.key) + ": " + JSONText.number($0.value) }
        let line = "{\"timestamp\": " + JSONText.string(LocalTime.isoformat(event.sentAt)) + ", \"level\": \"" + event.level.rawValue
            + "\", \"title\": " + JSONText.string(event.title) + ", \"message\": " + JSONText.string(event.message)
            + ", \"data\": {" + data.joined(separator: ", ") + "}}\n"
        lock.withLock {
            do {
                try alertLog.append(Array(line.utf8))
                logFailure = nil
            } catch {
                logFailure = "\(error)"
            }
        }
    }

    private static func record(_ values: [String: Double]) -> MetricRecord {
        var fields = values
        let episode = fields.removeValue(forKey: MetricName.episode).flatMap { Int(exactly: $0) }
        return MetricRecord(episode: episode, values: Dictionary(fields.map { (MetricName.canonical($0.key), $0.value) }, uniquingKeysWith: { $1 }))
    }
}
