import Foundation

/// Runs the health rules at each check and decides what to send: rules fire after `forChecks`
/// checks and resolve with hysteresis (`RuleTracker`), sends are throttled (`Throttle`), and
/// what goes out is audited and handed to the dispatcher. Warning and critical alerts repeat
/// every `repeatInterval` while firing and send one "resolved"; info alerts (training complete,
/// new best) are sent once per occurrence and never repeat or resolve.
///
/// ```swift
/// let engine = AlertEngine(run: "training_logs/dqn", thresholds: .moderate, dispatcher: dispatcher, audit: audit,
///                          statePath: "training_logs/dqn/alert_state.json")
/// let sent = engine.check(HealthSnapshot(store: store, secondsSinceNewEpisode: 3, trainingComplete: false), now: Date())
/// ```
public final class AlertEngine: @unchecked Sendable {
    public let run: String
    public let thresholds: HealthThresholds
    public let repeatInterval: TimeInterval
    private let dispatcher: AlertDispatcher?
    private let audit: AlertAuditLog?
    private let statePath: String?
    private let lock = NSLock()
    private var state: AlertState
    private var savedState: AlertState?
    private var recent: [AlertEvent] = []
    private var levels: [HealthRule: AlertLevel] = [:]

    public init(run: String, thresholds: HealthThresholds, repeatInterval: TimeInterval = 4 * 3600, dispatcher: AlertDispatcher?,
                audit: AlertAuditLog?, statePath: String?) {
        self.run = run
        self.thresholds = thresholds
        self.repeatInterval = repeatInterval
        self.dispatcher = dispatcher
        self.audit = audit
        self.statePath = statePath
        state = statePath.map(AlertState.load(from:)) ?? AlertState()
        savedState = statePath == nil ? nil : state
    }

    /// Evaluates the rules on `snapshot`; returns the alerts sent.
    @discardableResult
    public func check(_ snapshot: HealthSnapshot, now: Date) -> [AlertEvent] {
        lock.lock()
        defer { lock.unlock() }
        let previous = HealthSnapshot(bestProfit: state.bestProfit, bestEpisode: state.bestEpisode,
                                      nonFinite: state.nonFiniteCounts.mapValues { ($0, 0) })
        let hadPrevious = state.bestProfit != nil || !state.nonFiniteCounts.isEmpty || !state.trackers.isEmpty
        var sent: [AlertEvent] = []
        for verdict in HealthRules.evaluate(now: snapshot, previous: hadPrevious ? previous : nil, thresholds: thresholds) {
            levels[verdict.rule] = verdict.level
            var tracker = state.trackers[verdict.rule.rawValue] ?? RuleTracker(forChecks: thresholds.forChecks)
            let transition = tracker.update(holds: verdict.holds, clear: verdict.clear, now: now)
            state.trackers[verdict.rule.rawValue] = tracker
            let key = run + "\u{1F}" + verdict.rule.rawValue
            let isInfo = verdict.level == .info
            if transition == .fired || (tracker.firing && !isInfo) {
                let previousRecord = isInfo && transition == .fired ? nil : state.sent[key]
                let (decision, record) = Throttle.decide(previous: previousRecord, now: now, happening: .firing, repeatInterval: repeatInterval, force: false)
                state.sent[key] = record
                if case .send(let reason) = decision {
                    sent.append(event(verdict, status: .firing, reason: reason.rawValue, firedAt: tracker.firingSince ?? now, now: now))
                }
            }
            if case .resolved(let duration) = transition, !isInfo {
                let (decision, record) = Throttle.decide(previous: state.sent[key], now: now, happening: .resolved, repeatInterval: repeatInterval, force: false)
                state.sent[key] = record
                if case .send = decision {
                    var resolved = event(verdict, status: .resolved, reason: "resolved", firedAt: now.addingTimeInterval(-duration), now: now)
                    resolved.durationSeconds = duration
                    sent.append(resolved)
                }
            }
        }
        state.bestProfit = snapshot.bestProfit ?? state.bestProfit
        state.bestEpisode = snapshot.bestEpisode ?? state.bestEpisode
        state.nonFiniteCounts = snapshot.nonFinite.mapValues(\.count)
        persist()
        sent.forEach(deliver)
        return sent
    }

    /// The seed's `send_alert`: an alert outside the rules, throttled like them unless `force`.
    @discardableResult
    public func sendAlert(level: AlertLevel, title: String, message: String, data: [String: Double] = [:], force: Bool = false, now: Date = Date()) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let rule = "custom:" + title
        let key = run + "\u{1F}" + rule
        let (decision, record) = Throttle.decide(previous: state.sent[key], now: now, happening: .firing, repeatInterval: repeatInterval, force: force)
        state.sent[key] = record
        persist()
        guard case .send(let reason) = decision else { return false }
        deliver(AlertEvent(status: .firing, reason: reason.rawValue, level: level, rule: rule, run: run, title: title, message: message,
                           data: data, firedAt: now, sentAt: now))
        return true
    }

    /// The most serious level among the rules firing now (nil when none): `watch --once`'s exit code.
    public var highestFiringLevel: AlertLevel? {
        lock.lock()
        defer { lock.unlock() }
        return state.trackers.compactMap { name, tracker -> AlertLevel? in
            guard tracker.firing, let rule = HealthRule(rawValue: name), let level = levels[rule], level != .info else { return nil }
            return level
        }.max()
    }

    /// Alerts sent since this engine started, newest last.
    public var history: [AlertEvent] {
        lock.lock()
        defer { lock.unlock() }
        return recent
    }

    private func event(_ verdict: RuleVerdict, status: AlertEvent.Status, reason: String, firedAt: Date, now: Date) -> AlertEvent {
        AlertEvent(status: status, reason: reason, level: verdict.level, rule: verdict.rule.rawValue, run: run,
                   title: verdict.title, message: verdict.message, data: verdict.data, firedAt: firedAt, sentAt: now)
    }

    private func deliver(_ event: AlertEvent) {
        recent.append(event)
        if recent.count > 200 { recent.removeFirst(recent.count - 200) }
        audit?.recordAlert(event)
        dispatcher?.enqueue(event)
    }

    /// Saves the state when it changed (a check that changes nothing writes nothing).
    private func persist() {
        guard let statePath, state != savedState else { return }
        if (try? state.save(to: statePath)) != nil { savedState = state }
    }
}
