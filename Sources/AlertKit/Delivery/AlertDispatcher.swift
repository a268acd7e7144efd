import Foundation
import Synchronization

/// Delivers alerts in the background, one queue per channel, so sending never blocks the
/// dashboard or a training loop: `enqueue` only hands the event over. Recoverable failures are
/// retried with exponential backoff up to `RetryPolicy.maxAttempts`; unrecoverable ones are not
/// retried. Every alert and every final failure goes to the audit log, and failures are reported
/// through `onFailure` (the dashboard's status line).
///
/// ```swift
/// let dispatcher = AlertDispatcher(channels: [slack, webhook], audit: audit)
/// dispatcher.enqueue(event)
/// await dispatcher.drain()   // before exiting
/// ```
public final class AlertDispatcher: Sendable {
    /// How often and how patiently to retry.
    public struct RetryPolicy: Sendable {
        public var maxAttempts: Int
        public var initialDelay: TimeInterval
        public var multiplier: Double
        public var maxDelay: TimeInterval

        public init(maxAttempts: Int = 5, initialDelay: TimeInterval = 1, multiplier: Double = 2, maxDelay: TimeInterval = 60) {
            self.maxAttempts = max(1, maxAttempts)
            self.initialDelay = initialDelay
            self.multiplier = multiplier
            self.maxDelay = maxDelay
        }

        /// The wait before attempt `attempt` (2, 3, …).
        public func delay(beforeAttempt attempt: Int) -> TimeInterval {
            min(maxDelay, initialDelay * pow(multiplier, Double(max(0, attempt - 2))))
        }
    }

    /// A delivery that failed for good.
    public struct Failure: Sendable, Equatable {
        public let channel: String
        public let rule: String
        public let attempts: Int
        public let reason: String
    }

    private let queues: [AsyncStream<AlertEvent>.Continuation]
    private let pending = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    private let failures = Mutex<[Failure]>([])

    public init(channels: [AlertChannel], audit: AlertAuditLog?, masker: SecretMasker = SecretMasker([]), retry: RetryPolicy = RetryPolicy(),
                onFailure: (@Sendable (Failure) -> Void)? = nil) {
        var continuations: [AsyncStream<AlertEvent>.Continuation] = []
        var streams: [(AlertChannel, AsyncStream<AlertEvent>)] = []
        for channel in channels {
            let (stream, continuation) = AsyncStream<AlertEvent>.makeStream()
            continuations.append(continuation)
            streams.append((channel, stream))
        }
        queues = continuations
        for (channel, stream) in streams {
            Task.detached { [weak self] in
                for await event in stream {
                    if let failure = await Self.deliver(event, to: channel, retry: retry, masker: masker) {
                        audit?.recordFailure(channel: channel.name, event: event, attempts: failure.attempts, reason: failure.reason, at: Date())
                        self?.failures.withLock { $0.append(failure) }
                        onFailure?(failure)
                    }
                    self?.finishOne()
                }
            }
        }
    }

    deinit {
        for queue in queues { queue.finish() }
    }

    /// Hands an event to every channel's queue and returns at once.
    public func enqueue(_ event: AlertEvent) {
        guard !queues.isEmpty else { return }
        pending.withLock { $0.count += queues.count }
        for queue in queues { queue.yield(event) }
    }

    /// Waits until every queued delivery has succeeded or failed for good.
    public func drain() async {
        await withCheckedContinuation { continuation in
            let done = pending.withLock { state -> Bool in
                if state.count == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Final failures so far.
    public var finalFailures: [Failure] { failures.withLock { $0 } }

    private func finishOne() {
        let waiters = pending.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.count -= 1
            guard state.count == 0 else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Tries to deliver until it works, a failure is unrecoverable, or attempts run out.
    private static func deliver(_ event: AlertEvent, to channel: AlertChannel, retry: RetryPolicy, masker: SecretMasker) async -> Failure? {
        var attempt = 1
        while true {
            do {
                try await channel.deliver(event)
                return nil
            } catch {
                let failure = error as? DeliveryFailure ?? DeliveryFailure(recoverable: true, "\(error)")
                guard failure.recoverable, attempt < retry.maxAttempts else {
                    let reason = masker.mask(failure.description) + (failure.recoverable ? "" : " (not retried)")
                    return Failure(channel: channel.name, rule: event.rule, attempts: attempt, reason: reason)
                }
                attempt += 1
                try? await Task.sleep(nanoseconds: UInt64(retry.delay(beforeAttempt: attempt) * 1e9))
            }
        }
    }
}
