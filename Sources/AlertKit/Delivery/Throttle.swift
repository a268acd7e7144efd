import Foundation

/// Whether to send an alert now: a pure function of what was sent before, the clock and what
/// happened, as Alertmanager decides it. The same alert (rule + run) is sent when it first
/// fires, again only after `repeatInterval` while it keeps firing, and once when it resolves;
/// `force` always sends.
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

    /// What was sent for one alert, kept across restarts.
    public struct Record: Codable, Equatable, Sendable {
        public var firing: Bool
        public var lastSent: Date
        public var firingSince: Date

        public init(firing: Bool, lastSent: Date, firingSince: Date) {
            self.firing = firing
            self.lastSent = lastSent
            self.firingSince = firingSince
        }
    }

    public static func decide(previous: Record?, now: Date, happening: Happening, repeatInterval: TimeInterval, force: Bool) -> (Decision, Record?) {
        switch happening {
        case .firing:
            if force {
                return (.send(.forced), Record(firing: true, lastSent: now, firingSince: previous?.firing == true ? previous!.firingSince : now))
            }
            guard let previous, previous.firing else {
                return (.send(.firstFiring), Record(firing: true, lastSent: now, firingSince: now))
            }
            let elapsed = now.timeIntervalSince(previous.lastSent)
            if elapsed >= repeatInterval {
                return (.send(.repeated), Record(firing: true, lastSent: now, firingSince: previous.firingSince))
            }
            return (.suppress("sent \(Int(elapsed)) s ago; repeats after \(Int(repeatInterval)) s"), previous)
        case .resolved:
            guard let previous, previous.firing else { return (.suppress("was not firing"), previous) }
            return (.send(.resolved), Record(firing: false, lastSent: now, firingSince: previous.firingSince))
        }
    }
}
