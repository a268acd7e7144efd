import Foundation
import MetricsKit

/// Whether to send an alert now: a pure function of what was sent before, the clock and what
/// happened, as Alertmanager's notification log decides it. A condition alert (rule + run) is sent
/// when it first fires, again only after `repeatInterval` while it keeps firing, and once when it
/// resolves (only if its firing was sent); an event alert (an info rule) is sent once per
/// occurrence, and at most once per `eventInterval` (a run that sets a new best every episode
/// announces the best of each interval, not every one); `force` always sends. Whether a rule is firing is not kept here: that is
/// `RuleTracker`'s alone.
///
/// ```swift
/// let (decision, record) = Throttle.decide(previous: nil, now: now, happening: .firing, repeatInterval: 4 * 3600, force: false)
/// decision   // .send(.firstFiring)
/// ```
public enum Throttle {
    /// What is happening to the alert at this check.
    public enum Happening: Equatable, Sendable {
        /// It fired now or is still firing.
        case firing
        /// It resolved now.
        case resolved
        /// An event happened (`training complete`, `new best at episode 41`).
        case occurred(String)
    }

    /// Why an alert is sent.
    public enum Reason: String, Equatable, Sendable, Codable {
        case firstFiring = "firing"
        case repeated = "still firing"
        case resolved
        case forced
    }

    /// The outcome.
    public enum Decision: Equatable, Sendable {
        case send(Reason)
        case suppress(String)
    }

    /// What was last sent for one alert, kept across restarts.
    public struct Record: Codable, Equatable, Sendable {
        public var lastSent: Date
        public var status: AlertEvent.Status
        /// The event announced last, for event alerts.
        public var occurrence: String?

        public init(lastSent: Date, status: AlertEvent.Status, occurrence: String? = nil) {
            self.lastSent = lastSent
            self.status = status
            self.occurrence = occurrence
        }
    }

    public static func decide(previous: Record?, now: Date, happening: Happening, repeatInterval: TimeInterval, force: Bool,
                              eventInterval: TimeInterval = 300) -> (Decision, Record?) {
        switch happening {
        case .firing:
            if force { return (.send(.forced), Record(lastSent: now, status: .firing)) }
            guard let previous, previous.status == .firing else {
                return (.send(.firstFiring), Record(lastSent: now, status: .firing))
            }
            let elapsed = now.timeIntervalSince(previous.lastSent)
            if elapsed >= repeatInterval { return (.send(.repeated), Record(lastSent: now, status: .firing)) }
            return (.suppress("sent \(Int(saturating: elapsed)) s ago; repeats after \(Int(saturating: repeatInterval)) s"), previous)
        case .resolved:
            guard let previous, previous.status == .firing else { return (.suppress("its firing was not sent"), previous) }
            return (.send(.resolved), Record(lastSent: now, status: .resolved))
        case .occurred(let occurrence):
            if !force, let previous {
                if previous.occurrence == occurrence { return (.suppress("\(occurrence) was announced already"), previous) }
                let elapsed = now.timeIntervalSince(previous.lastSent)
                if elapsed < eventInterval { return (.suppress("the last was announced \(Int(saturating: elapsed)) s ago; at most one per \(Int(saturating: eventInterval)) s"), previous) }
            }
            return (.send(force ? .forced : .firstFiring), Record(lastSent: now, status: .firing, occurrence: occurrence))
        }
    }
}
