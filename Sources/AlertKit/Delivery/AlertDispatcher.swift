import Foundation
import Synchronization

/// Delivers alerts in the background, one queue per channel, so sending never blocks the
/// dashboard or a training loop: `enqueue` only hands the event over. Recoverable failures are
/// retried with exponential backoff up to `RetryPolicy.maxAttempts`, waiting at least what a
/// server's `Retry-After` asks (up to `RetryPolicy.maxRetryAfter`); unrecoverable ones are not
/// retried. Every final failure goes to the audit log and is reported through `onFailure` (the
/// dashboard's status line); `settled` hears of each channel's outcome, so the engine can keep
/// the delivery pending on disk until then.
///
/// ```swift
/// let dispatcher = AlertDispatcher(channels: [slack, webhook], audit: audit)
/// dispatcher.enqueue(event) { channel, delivered in … }
/// let done = dispatcher.drain(timeout: 2)   // on the main thread before exiting: false if some are still under way
/// ```
public final class AlertDispatcher: Sendable {
    /// How often and how patiently to retry.
    public struct RetryPolicy: Sendable {
        public var maxAttempts: Int
        public var initialDelay: TimeInterval
        public var multiplier: Double
        public var maxDelay: TimeInterval
        /// The longest `Retry-After` honoured: a server asking for more gets this.
        public var maxRetryAfter: TimeInterval

        public init(maxAttempts: Int = 5, initialDelay: TimeInterval = 1, multiplier: Double = 2, maxDelay: TimeInterval = 60,
                    maxRetryAfter: TimeInterval = 300) {
            self.maxAttempts = max(1, maxAttempts)
            self.initialDelay = initialDelay
            self.multiplier = multiplier
            self.maxDelay = maxDelay
            self.maxRetryAfter = maxRetryAfter
        }

        /// The wait before attempt `attempt` (2, 3, …), at least what the server asked for (capped).
        public func delay(beforeAttempt attempt: Int, retryAfter: TimeInterval? = nil) -> TimeInterval {
            let backoff = min(maxDelay, initialDelay * pow(multiplier, Double(max(0, attempt - 2))))
            guard let retryAfter, retryAfter.isFinite, retryAfter > 0 else { return backoff }
            return max(backoff, min(retryAfter, maxRetryAfter))
        }
    }

    /// A delivery that failed for good.
    public struct Failure: Sendable, Equatable {
        public let channel: String
        public let rule: String
        public let attempts: Int
        public let reason: String
    }

    /// What `settled` hears: one channel is done with an event (`delivered`, or failed for good).
    public typealias Settled = @Sendable (_ channel: String, _ delivered: Bool) -> Void

    private struct Item: Sendable {
        let event: AlertEvent
        let settled: Settled?
    }

    /// The channels' names, in order.
    public let channelNames: [String]
    private let queues: [String: AsyncStream<Item>.Continuation]
    private let pending = Mutex<(count: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    private let failures = Mutex<[Failure]>([])

    public init(channels: [AlertChannel], audit: AlertAuditLog?, masker: SecretMasker = SecretMasker([]), retry: RetryPolicy = RetryPolicy(),
                onFailure: (@Sendable (Failure) -> Void)? = nil) {
        var continuations: [String: AsyncStream<Item>.Continuation] = [:]
        var streams: [(AlertChannel, AsyncStream<Item>)] = []
        for channel in channels where continuations[channel.name] == nil {
            let (stream, continuation) = AsyncStream<Item>.makeStream()
            continuations[channel.name] = continuation
            streams.append((channel, stream))
        }
        queues = continuations
        channelNames = streams.map(\.0.name)
        for (channel, stream) in streams {
            Task.detached { [weak self] in
                for await item in stream {
                    let failure = await Self.deliver(item.event, to: channel, retry: retry, masker: masker)
                    if let failure {
                        audit?.recordFailure(channel: channel.name, event: item.event, attempts: failure.attempts, reason: failure.reason, at: Date())
                        self?.failures.withLock { $0.append(failure) }
                        onFailure?(failure)
                    }
                    item.settled?(channel.name, failure == nil)
                    self?.finishOne()
                }
            }
        }
    }

    deinit {
        for queue in queues.values { queue.finish() }
    }

    /// Hands an event to the queues of `channels` (every channel when nil; names not configured
    /// are left out) and returns at once; `settled` is called as each channel is done with it.
    /// Returns the channels it went to.
    @discardableResult
    public func enqueue(_ event: AlertEvent, channels: [String]? = nil, settled: Settled? = nil) -> [String] {
        let targets = (channels ?? channelNames).filter { queues[$0] != nil }
        guard !targets.isEmpty else { return [] }
        pending.withLock { $0.count += targets.count }
        for name in targets { queues[name]?.yield(Item(event: event, settled: settled)) }
        return targets
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

    /// Waits at most `timeout` seconds for queued deliveries (blocking the calling thread: for a
    /// command's main thread at exit, never for a Swift task); true when none is left.
    public func drain(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while unfinished > 0 {
            guard Date() < deadline else { return false }
            usleep(10_000)
        }
        return true
    }

    /// Deliveries queued or under way now.
    public var unfinished: Int { pending.withLock { $0.count } }

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
                try? await Task.sleep(nanoseconds: UInt64(retry.delay(beforeAttempt: attempt, retryAfter: failure.retryAfter) * 1e9))
            }
        }
    }
}
