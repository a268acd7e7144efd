import Synchronization

/// A channel that keeps what it is given, for tests (as swift-log ships its in-memory handler).
/// It can be told to fail the next deliveries.
///
/// ```swift
/// let channel = RecordingChannel()
/// channel.failNext(2, with: DeliveryFailure(recoverable: true, "timeout"))
/// // …after dispatching: channel.events, channel.attempts
/// ```
public final class RecordingChannel: AlertChannel {
    public let name: String
    private let state = Mutex<(events: [AlertEvent], attempts: Int, failures: [DeliveryFailure])>(([], 0, []))

    public init(name: String = "recording") {
        self.name = name
    }

    /// Events delivered successfully, in order.
    public var events: [AlertEvent] { state.withLock { $0.events } }
    /// Every delivery attempt, failed or not.
    public var attempts: Int { state.withLock { $0.attempts } }

    /// Makes the next `count` deliveries throw `failure`.
    public func failNext(_ count: Int, with failure: DeliveryFailure) {
        state.withLock { $0.failures += Array(repeating: failure, count: count) }
    }

    public func deliver(_ event: AlertEvent) async throws {
        let failure: DeliveryFailure? = state.withLock { state in
            state.attempts += 1
            if !state.failures.isEmpty { return state.failures.removeFirst() }
            state.events.append(event)
            return nil
        }
        if let failure { throw failure }
    }
}
