import Foundation

/// The seed's `AlertSystem`, Swift-cased: build it from a configuration, send alerts directly,
/// check training health from the episodes a training loop has, and announce completion and
/// new best models. Sending never blocks the caller; deliveries run in the background.
///
/// ```swift
/// let alerts = try AlertSystem(config: AlertConfig.load(path: "config/neural_config.json"), run: "training_logs/dqn")
/// alerts.sendAlert(level: .warning, title: "Slow Learning", message: "No improvement in 100 episodes")
/// alerts.checkTrainingHealth(latestEpisode: latest, recentHistory: recent)
/// alerts.sendTrainingComplete(totalEpisodes: 1000, bestProfit: 5000, bestSharpe: 2.5, trainingTime: 3600)
/// await alerts.flush()
/// ```
public final class AlertSystem: Sendable {
    public let engine: AlertEngine
    public let dispatcher: AlertDispatcher

    /// Alerts for `run`, audited into `<auditDirectory>/alerts.jsonl` when a directory is given.
    public init(config: AlertConfig, run: String, auditDirectory: String? = nil, channels extra: [AlertChannel] = []) throws {
        let channels = extra + (try config.makeChannels())
        let masker = SecretMasker(config.secrets)
        let audit = auditDirectory.map { AlertAuditLog(path: ($0 as NSString).appendingPathComponent("alerts.jsonl"), masker: masker) }
        dispatcher = AlertDispatcher(channels: config.enabled ? channels : [], audit: audit, masker: masker, retry: config.retry)
        // As in the seed, the training loop announces completion and new best models itself
        // (`sendTrainingComplete`, `sendNewBestModel`): `checkTrainingHealth` does not.
        var thresholds = config.thresholds
        thresholds.disabled.formUnion([.trainingComplete, .newBest])
        engine = AlertEngine(run: run, thresholds: thresholds, repeatInterval: config.repeatSeconds, dispatcher: dispatcher, audit: audit,
                             statePath: auditDirectory.map { ($0 as NSString).appendingPathComponent("alert_state.json") })
    }

    /// The seed's `send_alert`: returns whether it was sent (false when throttled).
    @discardableResult
    public func sendAlert(level: AlertLevel, title: String, message: String, data: [String: Double] = [:], force: Bool = false) -> Bool {
        engine.sendAlert(level: level, title: title, message: message, data: data, force: force)
    }

    /// The seed's `check_training_health`: `latestEpisode` and `recentHistory` are episode
    /// dictionaries as the logger has them (`episode`, `profit`, `loss`, …).
    @discardableResult
    public func checkTrainingHealth(latestEpisode: [String: Double], recentHistory: [[String: Double]], now: Date = Date()) -> [AlertEvent] {
        engine.check(Self.snapshot(latestEpisode: latestEpisode, recentHistory: recentHistory), now: now)
    }

    /// The seed's `send_training_complete` (info).
    @discardableResult
    public func sendTrainingComplete(totalEpisodes: Int, bestProfit: Double, bestSharpe: Double, trainingTime: TimeInterval) -> Bool {
        engine.sendAlert(level: .info, title: "Training complete",
                         message: "Training finished after \(totalEpisodes) episodes in \(AlertEvent.duration(trainingTime)); best profit \(HealthRules.format(bestProfit)), best Sharpe \(HealthRules.format(bestSharpe)).",
                         data: ["total_episodes": Double(totalEpisodes), "best_profit": bestProfit, "best_sharpe": bestSharpe, "training_time": trainingTime],
                         force: true)
    }

    /// The seed's `send_new_best_model` (info).
    @discardableResult
    public func sendNewBestModel(episode: Int, profit: Double, sharpe: Double? = nil) -> Bool {
        var data = ["episode": Double(episode), "profit": profit]
        if let sharpe { data["sharpe"] = sharpe }
        return engine.sendAlert(level: .info, title: "New best model", message: "New best profit \(HealthRules.format(profit)) at episode \(episode).",
                                data: data, force: true)
    }

    /// Waits until queued deliveries are done (before a training script exits).
    public func flush() async {
        await dispatcher.drain()
    }

    /// The health snapshot of a training loop's own episode records: one pass over each record's
    /// entries, no copies (this runs every few episodes inside training).
    static func snapshot(latestEpisode: [String: Double], recentHistory: [[String: Double]]) -> HealthSnapshot {
        var best: (profit: Double, episode: Int)?
        var nonFinite: [String: HealthSnapshot.NonFinite] = [:]
        let latest = latestEpisode["episode"].flatMap { Int(exactly: $0) }
        func scan(_ record: [String: Double]) {
            var episode = 0
            var profit: Double?
            var bad: [String] = []
            for (name, value) in record {
                if name == "episode" {
                    episode = Int(exactly: value) ?? 0
                } else if name == "profit" {
                    profit = value
                }
                if !value.isFinite { bad.append(name) }
            }
            if let profit, profit.isFinite, best.map({ profit > $0.profit }) ?? true { best = (profit, episode) }
            for name in bad {
                let found = HealthSnapshot.NonFinite(count: 1, firstEpisode: episode, lastEpisode: episode, sinceLast: max(0, (latest ?? episode) - episode))
                nonFinite[name] = found.merged(with: nonFinite[name])
            }
        }
        for record in recentHistory { scan(record) }
        scan(latestEpisode)
        return HealthSnapshot(latestEpisode: latest, latestProfit: latestEpisode["profit"],
                              bestProfit: best?.profit, bestEpisode: best?.episode, latestLoss: latestEpisode["loss"], nonFinite: nonFinite,
                              secondsSinceNewEpisode: 0)
    }
}
