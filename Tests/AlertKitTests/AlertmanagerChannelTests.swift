import Foundation
import Testing
import TestSupport
@testable import AlertKit

/// The alertmanager channel against a real Alertmanager on 127.0.0.1: alerts from two machines
/// for one rule are one group, notified to its webhook together, and a resolved alert ends.
@Suite struct AlertmanagerChannelTests {
    private func event(_ status: AlertEvent.Status, at time: Date) -> AlertEvent {
        AlertEvent(status: status, reason: status == .firing ? "firing" : "resolved", level: .critical, rule: "loss_too_high", run: "dqn",
                   title: "Loss too high", message: "Training loss is 2000, above the critical threshold 1000.", firedAt: time, sentAt: time,
                   durationSeconds: status == .resolved ? 60 : nil)
    }

    @Test func alertsFromTwoMachinesAreOneGroupWhoseNotificationCarriesBothAndAResolvedOneEnds() async throws {
        let receiver = try HTTPReceiver()
        let directory = NSTemporaryDirectory() + "alertmanager-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let alertmanager = try AlertmanagerServer(webhook: receiver.url, in: directory)
        let first = try AlertmanagerChannel(url: alertmanager.url + "/", host: "gpu1")
        let second = try AlertmanagerChannel(url: alertmanager.url, host: "gpu2")
        let now = Date()
        try await first.deliver(event(.firing, at: now))
        try await second.deliver(event(.firing, at: now))
        // One group (by alertname) holds both machines' alerts.
        let groups = alertmanager.groups()
        #expect(groups.count == 1 && groups.first?.labels == ["alertname": "NexlifyLossTooHigh"], "\(groups)")
        #expect(Set(groups.first?.alerts.compactMap { $0["host"] } ?? []) == ["gpu1", "gpu2"])
        // Its notification carries both (a first one sent before the second alert came may carry one:
        // the group's next notification then carries both).
        func bothIn(_ body: String) -> Bool { body.contains(#""host":"gpu1""#) && body.contains(#""host":"gpu2""#) }
        let deadline = Date().addingTimeInterval(60)
        while !receiver.requests.contains(where: { bothIn($0.body) }) && Date() < deadline { try await Task.sleep(for: .milliseconds(200)) }
        let notification = try #require(receiver.requests.first { bothIn($0.body) }, "\(receiver.requests.map(\.body))")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(notification.body.utf8)) as? [String: Any])
        let alerts = try #require(body["alerts"] as? [[String: Any]])
        let labels = alerts.compactMap { $0["labels"] as? [String: String] }
        #expect(labels.count == 2 && Set(receiver.requests.compactMap { ($0.body.data(using: .utf8)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }?["groupKey"] as? String }).count == 1)
        #expect(labels.allSatisfy { $0["alertname"] == "NexlifyLossTooHigh" && $0["severity"] == "critical" && $0["run"] == "dqn" && $0["rule"] == "loss_too_high" })
        #expect((alerts.first?["annotations"] as? [String: String])?["summary"] == "Loss too high")

        try await first.deliver(event(.resolved, at: Date()))
        let active = alertmanager.activeAlerts()
        #expect(active.map { $0["host"] } == ["gpu2"], "\(active)")
    }

    @Test func theConfigBlockSetsHostAndHoldAndAnEventEndsSoon() throws {
        let config = try AlertConfig.parse(Data(#"{"alerts": {"alertmanager": {"url": "http://am.example:9093", "host": "gpu7", "hold_seconds": 600}}}"#.utf8))
        let settings = try #require(config.channel(AlertmanagerChannel.Settings.self))
        #expect(settings == AlertmanagerChannel.Settings(url: "http://am.example:9093", host: "gpu7", holdSeconds: 600))
        let channel = try #require(try settings.makeChannel() as? AlertmanagerChannel)
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(channel.postable(for: event(.firing, at: time)).endsAt == time.addingTimeInterval(600))
        #expect(channel.postable(for: event(.resolved, at: time)).endsAt == time)
        let best = AlertEvent(status: .firing, reason: "firing", level: .info, rule: "new_best", run: "dqn", title: "New best model", message: "m",
                              firedAt: time.addingTimeInterval(-999), sentAt: time)
        let postable = channel.postable(for: best)
        #expect(postable.startsAt == time && postable.endsAt == time.addingTimeInterval(300) && postable.labels["alertname"] == "NexlifyNewBest")
        #expect(throws: ConfigFailure.self) { try AlertConfig.parse(Data(#"{"alerts": {"alertmanager": {"url": "http://x", "hold_seconds": 1}}}"#.utf8)) }
    }
}
