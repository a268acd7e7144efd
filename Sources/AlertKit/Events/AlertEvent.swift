import Foundation
import MetricsKit

/// One alert as it is sent, logged and shown. Its JSON form is the webhook payload and the
/// `alerts.jsonl` line (documented in the README):
///
/// ```json
/// {"version": 1, "status": "firing", "reason": "firing", "level": "critical", "rule": "loss_too_high",
///  "run": "training_logs/dqn", "title": "Loss too high", "message": "…", "data": {"loss": 1234.5},
///  "fired_at": "2026-11-25T12:00:00Z", "sent_at": "2026-11-25T12:00:00Z", "duration_seconds": null, "episode": 812}
/// ```
public struct AlertEvent: Codable, Equatable, Sendable {
    /// Whether the alert is firing or has resolved.
    public enum Status: String, Codable, Sendable { case firing, resolved }

    public var version = 1
    public var status: Status
    /// Why it is being sent: `firing`, `still firing`, `resolved`, `forced` or `test`.
    public var reason: String
    public var level: AlertLevel
    /// The rule (`loss_too_high`…) or `custom:<title>` for alerts sent directly.
    public var rule: String
    public var run: String
    public var title: String
    public var message: String
    public var data: [String: Double]
    public var firedAt: Date
    public var sentAt: Date
    /// How long it fired, for a resolved alert.
    public var durationSeconds: Double?
    /// The run's latest episode (or step) when the rules saw it: where the dashboard marks it.
    public var episode: Int?

    public init(status: Status, reason: String, level: AlertLevel, rule: String, run: String, title: String, message: String,
                data: [String: Double] = [:], firedAt: Date, sentAt: Date, durationSeconds: Double? = nil, episode: Int? = nil) {
        self.episode = episode
        self.status = status
        self.reason = reason
        self.level = level
        self.rule = rule
        self.run = run
        self.title = title
        self.message = message
        self.data = data
        self.firedAt = firedAt
        self.sentAt = sentAt
        self.durationSeconds = durationSeconds
    }

    enum CodingKeys: String, CodingKey {
        case version, status, reason, level, rule, run, title, message, data, episode
        case firedAt = "fired_at", sentAt = "sent_at", durationSeconds = "duration_seconds"
    }

    /// The event's identity for throttling: the same rule on the same run.
    public var key: String { run + "\u{1F}" + rule }

    /// A one-line summary (`[CRITICAL] Loss too high: …`, `[RESOLVED] … after 5m`).
    public var headline: String {
        switch status {
        case .firing: return "[\(level.rawValue.uppercased())] \(title): \(message)"
        case .resolved: return "[RESOLVED] \(title) (after \(Self.duration(durationSeconds ?? 0)))"
        }
    }

    /// JSON with sorted keys, NaN/Infinity as null, dates in ISO 8601.
    public func json() -> Data {
        var copy = self
        copy.data = data.filter { $0.value.isFinite }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(copy)) ?? Data("{}".utf8)
    }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(saturating: seconds)
        if whole < 120 { return "\(whole)s" }
        if whole < 7200 { return "\(whole / 60)m" }
        return "\(whole / 3600)h \(whole % 3600 / 60)m"
    }
}
