import Foundation
import Synchronization
import Testing
import TestSupport
@testable import AlertKit

@Suite struct DispatcherTests {
    static func event(rule: String = "loss_too_high", status: AlertEvent.Status = .firing) -> AlertEvent {
        AlertEvent(status: status, reason: status == .firing ? "firing" : "resolved", level: .critical, rule: rule, run: "runs/dqn",
                   title: "Loss too high", message: "Training loss is 1234, above the critical threshold 1000.",
                   data: ["loss": 1234, "threshold": 1000, "bad": .nan], firedAt: Date(timeIntervalSince1970: 1_800_000_000),
                   sentAt: Date(timeIntervalSince1970: 1_800_000_060), durationSeconds: status == .resolved ? 300 : nil)
    }

    private let fast = AlertDispatcher.RetryPolicy(maxAttempts: 4, initialDelay: 0.01, multiplier: 2, maxDelay: 0.1)

    @Test func recoverableFailuresAreRetriedWithBackoffThenRecorded() async throws {
        let directory = NSTemporaryDirectory() + "audit-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let audit = AlertAuditLog(path: directory + "/alerts.jsonl")
        let flaky = RecordingChannel(name: "flaky")
        flaky.failNext(2, with: DeliveryFailure(recoverable: true, "timed out"))
        let down = RecordingChannel(name: "down")
        down.failNext(10, with: DeliveryFailure(recoverable: true, "connection refused"))
        let rejected = RecordingChannel(name: "rejected")
        rejected.failNext(1, with: DeliveryFailure(recoverable: false, "HTTP 403"))
        let reported = RecordingChannel(name: "unused")
        _ = reported
        let dispatcher = AlertDispatcher(channels: [flaky, down, rejected], audit: audit, retry: fast)
        dispatcher.enqueue(Self.event())
        await dispatcher.drain()
        #expect(flaky.events.count == 1 && flaky.attempts == 3)
        #expect(down.events.isEmpty && down.attempts == 4)
        #expect(rejected.events.isEmpty && rejected.attempts == 1)
        let failures = dispatcher.finalFailures.sorted { $0.channel < $1.channel }
        #expect(failures == [
            AlertDispatcher.Failure(channel: "down", rule: "loss_too_high", attempts: 4, reason: "connection refused"),
            AlertDispatcher.Failure(channel: "rejected", rule: "loss_too_high", attempts: 1, reason: "HTTP 403 (not retried)"),
        ])
        let lines = try String(contentsOfFile: directory + "/alerts.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("\"type\":\"delivery_failed\"") })
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = AlertDispatcher.RetryPolicy(maxAttempts: 6, initialDelay: 1, multiplier: 2, maxDelay: 5, maxRetryAfter: 30)
        #expect((2...6).map { policy.delay(beforeAttempt: $0) } == [1, 2, 4, 5, 5])
        #expect(policy.delay(beforeAttempt: 2, retryAfter: 7) == 7, "a server's Retry-After beats a shorter backoff")
        #expect(policy.delay(beforeAttempt: 4, retryAfter: 1) == 4, "and never shortens it")
        #expect(policy.delay(beforeAttempt: 2, retryAfter: 3600) == 30, "up to the cap")
        #expect(policy.delay(beforeAttempt: 2, retryAfter: .nan) == 1)
    }

    /// A real receiver answering 429 with `Retry-After`: the next attempt waits that long, up to the cap.
    @Test func retryAfterIsHonouredUpToACap() async throws {
        let receiver = try HTTPReceiver(answers: ["429:1", "200"])
        let dispatcher = AlertDispatcher(channels: [try WebhookChannel(url: receiver.url)], audit: nil, retry: fast)
        dispatcher.enqueue(Self.event())
        await dispatcher.drain()
        let times = receiver.requests.map(\.time)
        #expect(receiver.requests.map(\.status) == [429, 200] && dispatcher.finalFailures.isEmpty)
        #expect(times.count == 2 && times[1] - times[0] >= 0.95, "retried after \(times.count == 2 ? times[1] - times[0] : -1) s")

        let greedy = try HTTPReceiver(answers: ["429:3600", "200"])
        var capped = fast
        capped.maxRetryAfter = 0.2
        let patient = AlertDispatcher(channels: [try WebhookChannel(url: greedy.url)], audit: nil, retry: capped)
        patient.enqueue(Self.event())
        // Wait without blocking a thread of the cooperative pool the delivery task runs on.
        for _ in 0..<3000 where patient.unfinished > 0 { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(greedy.requests.map(\.status) == [429, 200])
        let gap = greedy.requests.count == 2 ? greedy.requests[1].time - greedy.requests[0].time : .infinity
        #expect(gap < 30, "a Retry-After of an hour is capped (retried after \(gap) s)")
    }

    @Test func aBoundedDrainReturnsWhileAReceiverNeverAnswers() async throws {
        let receiver = try HTTPReceiver(answers: ["hang"])
        let dispatcher = AlertDispatcher(channels: [try WebhookChannel(url: receiver.url, timeout: 30)], audit: nil, retry: fast)
        let outcomes = Mutex<[Bool]>([])
        dispatcher.enqueue(Self.event()) { _, delivered in outcomes.withLock { $0.append(delivered) } }
        // Poll without blocking a thread: the delivery task needs the cooperative pool to start.
        for _ in 0..<3000 where receiver.requests.isEmpty { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(receiver.requests.count == 1)
        let start = Date()
        #expect(!dispatcher.drain(timeout: 0.5))
        #expect(Date().timeIntervalSince(start) < 1.5)
        #expect(dispatcher.unfinished == 1 && outcomes.withLock { $0.isEmpty }, "nothing is settled while the receiver holds it")
    }

    @Test func enqueueingNeverWaitsForDelivery() async {
        let slow = SlowChannel()
        let dispatcher = AlertDispatcher(channels: [slow], audit: nil, retry: fast)
        let start = ContinuousClock.now
        for _ in 0..<100 { dispatcher.enqueue(Self.event()) }
        #expect(ContinuousClock.now - start < .milliseconds(50))
        await dispatcher.drain()
        #expect(slow.delivered == 100)
    }

    @Test func webhookAndSlackPostToARealReceiver() async throws {
        let receiver = try HTTPReceiver(statuses: [503, 200])
        let dispatcher = AlertDispatcher(channels: [try WebhookChannel(url: receiver.url), try SlackChannel(webhookURL: receiver.url)], audit: nil, retry: fast)
        dispatcher.enqueue(Self.event())
        await dispatcher.drain()
        let requests = receiver.requests
        #expect(requests.map(\.status).sorted() == [200, 200, 503])
        #expect(dispatcher.finalFailures.isEmpty)
        let bodies = requests.filter { $0.status == 200 }.map { try! JSONSerialization.jsonObject(with: Data($0.body.utf8)) as! [String: Any] }
        let webhook = try #require(bodies.first { $0["rule"] != nil })
        #expect(webhook["rule"] as? String == "loss_too_high" && webhook["status"] as? String == "firing" && webhook["level"] as? String == "critical")
        #expect((webhook["data"] as? [String: Double]) == ["loss": 1234, "threshold": 1000])
        #expect(webhook["fired_at"] as? String == "2027-01-15T08:00:00Z")
        let slack = try #require(bodies.first { $0["attachments"] != nil })
        let attachment = try #require((slack["attachments"] as? [[String: Any]])?.first)
        #expect(attachment["color"] as? String == "#d00000")
        #expect((attachment["fields"] as? [[String: Any]])?.map { $0["title"] as? String } == ["loss", "threshold"])
    }

    @Test func aReceiverThatIsDownOrRejectsGivesClearFinalFailures() async throws {
        let rejecting = try HTTPReceiver(statuses: [400])
        let dispatcher = AlertDispatcher(channels: [try WebhookChannel(url: rejecting.url)], audit: nil, retry: fast)
        dispatcher.enqueue(Self.event())
        await dispatcher.drain()
        #expect(rejecting.requests.count == 1, "a 4xx is not retried")
        #expect(dispatcher.finalFailures.first?.reason.hasPrefix("HTTP 400") == true)

        let unusedPort = "http://127.0.0.1:9/hook"
        let refused = AlertDispatcher(channels: [try WebhookChannel(url: unusedPort, timeout: 2)], audit: nil, retry: fast)
        refused.enqueue(Self.event())
        await refused.drain()
        #expect(refused.finalFailures.first?.attempts == 4)
        #expect(refused.finalFailures.first?.reason.contains("127.0.0.1") == false)
        #expect(throws: DeliveryFailure.self) { try WebhookChannel(url: "ftp://example") }
    }
}

/// Takes 10 ms per delivery.
final class SlowChannel: AlertChannel, @unchecked Sendable {
    let name = "slow"
    private let lock = NSLock()
    private var count = 0
    var delivered: Int { lock.withLock { count } }

    func deliver(_ event: AlertEvent) async throws {
        try await Task.sleep(nanoseconds: 10_000_000)
        lock.withLock { count += 1 }
    }
}
