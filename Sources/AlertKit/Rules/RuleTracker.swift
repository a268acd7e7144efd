import Foundation

/// Turns a rule's verdicts over successive checks into firing and resolution: a rule fires after
/// its condition has held for `forChecks` consecutive checks, and resolves after it has been
/// clear (past the hysteresis band) for `forChecks` consecutive checks.
///
/// ```swift
/// var tracker = RuleTracker(forChecks: 2)
/// tracker.update(holds: true, clear: false, now: t0)    // nil (1 of 2)
/// tracker.update(holds: true, clear: false, now: t1)    // .fired
/// ```
public struct RuleTracker: Codable, Equatable, Sendable {
    /// A change of state.
    public enum Transition: Equatable, Sendable {
        case fired
        /// Resolved after firing for `duration` seconds.
        case resolved(duration: TimeInterval)
    }

    public let forChecks: Int
    public private(set) var firing = false
    public private(set) var firingSince: Date?
    private var holdingChecks = 0
    private var clearChecks = 0

    public init(forChecks: Int) {
        self.forChecks = max(1, forChecks)
    }

    public mutating func update(holds: Bool, clear: Bool, now: Date) -> Transition? {
        if holds {
            holdingChecks += 1
            clearChecks = 0
            if !firing && holdingChecks >= forChecks {
                firing = true
                firingSince = now
                return .fired
            }
        } else if clear {
            clearChecks += 1
            holdingChecks = 0
            if firing && clearChecks >= forChecks {
                firing = false
                let duration = now.timeIntervalSince(firingSince ?? now)
                firingSince = nil
                return .resolved(duration: duration)
            }
        } else {
            holdingChecks = 0
            clearChecks = 0
        }
        return nil
    }
}
