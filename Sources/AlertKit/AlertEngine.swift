import Foundation

/// Turns the run's health into alerts, as Alertmanager does, in four stages wired up here and
/// nowhere else:
/// 1. **evaluate** — `HealthRules.evaluate`: a verdict per rule, a pure function of the data;
/// 2. **transition** — `RuleTracker`: a rule fires after `forChecks` checks and resolves with
///    hysteresis (the one place a rule's firing state is kept);
/// 3. **decide** — `Throttle.decide`: first firing, a repeat every `repeatInterval`, one
///    "resolved", each info event once;
/// 4. **deliver** — the alert is recorded as pending in the state file *before* it is handed to
///    the dispatcher, and a channel is struck off only once it took the alert or failed for
///    good. A restart hands what is still pending to the channels again: a duplicate rather
///    than a miss.
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
    /// What went wrong with the saved state at start (a corrupt file moved aside), to report once.
    public let stateProblem: String?
    private let dispatcher: AlertDispatcher?
    private let audit: AlertAuditLog?
    private let statePath: String?
    private let lock = NSLock()
    private var state: AlertState
    private var savedState: AlertState?
    private var recent: [AlertEvent] = []

    public init(run: String, thresholds: HealthThresholds, repeatInterval: TimeInterval = 4 * 3600, dispatcher: AlertDispatcher?,
                audit: AlertAuditLog?, statePath: String?) {
        self.run = run
        self.thresholds = thresholds
        self.repeatInterval = repeatInterval
        self.dispatcher = dispatcher
        self.audit = audit
        self.statePath = statePath
        let loaded: (state: AlertState, problem: String?) = statePath.map { AlertState.load(from: $0) } ?? (AlertState(), nil)
        state = loaded.state
        stateProblem = loaded.problem
        savedState = loaded.problem == nil && statePath != nil ? state : nil
        lock.withLock {
            resumePending()
            persist()
        }
    }

    /// Evaluates the rules on `snapshot`; returns the alerts sent.
    @discardableResult
    public func check(_ snapshot: HealthSnapshot, now: Date) -> [AlertEvent] {
        lock.lock()
        defer { lock.unlock() }
        var outgoing: [AlertEvent] = []
        for verdict in HealthRules.evaluate(snapshot, thresholds: thresholds) {
            var tracker = state.trackers[verdict.rule.rawValue] ?? RuleTracker(forChecks: thresholds.forChecks)
            let transition = tracker.update(holds: verdict.holds, clear: verdict.clear, now: now)
            state.trackers[verdict.rule.rawValue] = tracker
            let key = run + "\u{1F}" + verdict.rule.rawValue
            let happening: Throttle.Happening
            if let occurrence = verdict.occurrence {
                guard tracker.firing else { continue }
                happening = .occurred(occurrence)
            } else if case .resolved = transition {
                happening = .resolved
            } else if tracker.firing {
                happening = .firing
            } else {
                continue
            }
            let (decision, record) = Throttle.decide(previous: state.sent[key], now: now, happening: happening, repeatInterval: repeatInterval, force: false)
            state.sent[key] = record
            guard case .send(let reason) = decision else { continue }
            var event = AlertEvent(status: happening == .resolved ? .resolved : .firing, reason: reason.rawValue, level: verdict.level,
                                   rule: verdict.rule.rawValue, run: run, title: verdict.title, message: verdict.message, data: verdict.data,
                                   firedAt: tracker.firingSince ?? now, sentAt: now, episode: snapshot.latestEpisode)
            if case .resolved(let duration) = transition {
                event.firedAt = now.addingTimeInterval(-duration)
                event.durationSeconds = duration
            }
            outgoing.append(event)
        }
        let deliveries = outgoing.compactMap(record)
        persist()
        deliveries.forEach(send)
        return outgoing
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
        guard case .send(let reason) = decision else {
            persist()
            return false
        }
        let event = AlertEvent(status: .firing, reason: reason.rawValue, level: level, rule: rule, run: run, title: title, message: message,
                               data: data, firedAt: now, sentAt: now)
        let delivery = self.record(event)
        persist()
        delivery.map(send)
        return true
    }

    /// The most serious level among the rules firing now (nil when none): `watch --once`'s exit code.
    public var highestFiringLevel: AlertLevel? {
        firingRules.map(\.level).max()
    }

    /// The condition rules firing now (info rules are events, never firing).
    public var firingRules: Set<HealthRule> {
        lock.withLock {
            Set(state.trackers.compactMap { name, tracker -> HealthRule? in
                guard tracker.firing, let rule = HealthRule(rawValue: name), rule.level != .info else { return nil }
                return rule
            })
        }
    }

    /// Alerts sent since this engine started, newest last.
    public var history: [AlertEvent] { lock.withLock { recent } }

    /// Deliveries recorded but not yet taken by every channel (they are retried at the next start).
    public var pendingDeliveries: [PendingDelivery] { lock.withLock { state.pending } }

    // MARK: Delivery

    /// Notes an alert as sent (history, audit) and as pending for every channel; the caller
    /// persists, then hands the delivery over with `send`.
    private func record(_ event: AlertEvent) -> PendingDelivery? {
        recent.append(event)
        if recent.count > 200 { recent.removeFirst(recent.count - 200) }
        audit?.recordAlert(event)
        guard let dispatcher, !dispatcher.channelNames.isEmpty else { return nil }
        let delivery = PendingDelivery(id: UUID().uuidString, event: event, channels: dispatcher.channelNames)
        state.pending.append(delivery)
        return delivery
    }

    private func send(_ pending: PendingDelivery) {
        let id = pending.id
        dispatcher?.enqueue(pending.event, channels: pending.channels) { [weak self] channel, _ in
            self?.settled(id, channel: channel)
        }
    }

    /// After a restart: what was pending goes to its channels again; channels no longer
    /// configured are struck off.
    private func resumePending() {
        let configured = Set(dispatcher?.channelNames ?? [])
        state.pending = state.pending.compactMap { pending in
            var kept = pending
            kept.channels = pending.channels.filter(configured.contains)
            return kept.channels.isEmpty ? nil : kept
        }
        state.pending.forEach(send)
    }

    /// A channel is done with a delivery (it took it, or it failed for good and was audited).
    private func settled(_ id: String, channel: String) {
        lock.withLock {
            guard let index = state.pending.firstIndex(where: { $0.id == id }) else { return }
            state.pending[index].channels.removeAll { $0 == channel }
            if state.pending[index].channels.isEmpty { state.pending.remove(at: index) }
            persist()
        }
    }

    /// Saves the state when it changed (a check that changes nothing writes nothing).
    private func persist() {
        guard let statePath, state != savedState else { return }
        if (try? state.save(to: statePath)) != nil { savedState = state }
    }
}
