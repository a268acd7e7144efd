import Synchronization

/// Remembers which name `MetricRoles` chose for a role among a run's metric names. A live
/// dashboard asks for every role on every frame, while a run's names change only when it logs a
/// new metric; the loose and last-part matches build strings for every name, so they run once
/// per set of names. Bounded: when it holds `capacity` answers it starts again.
final class RoleMatchCache: Sendable {
    struct Key: Hashable {
        let role: MetricRole
        let names: [String]
    }

    static let shared = RoleMatchCache(capacity: 4096)

    private let capacity: Int
    private let answers = Mutex<[Key: String?]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The remembered answer for `key`, or `match()`'s, remembered.
    func name(for key: Key, match: () -> String?) -> String? {
        if let known = answers.withLock({ $0[key] }) { return known }
        let found = match()
        answers.withLock { answers in
            if answers.count >= capacity { answers.removeAll(keepingCapacity: true) }
            answers[key] = found
        }
        return found
    }

    /// How many answers are held (for tests of the bound).
    var count: Int { answers.withLock { $0.count } }
}
