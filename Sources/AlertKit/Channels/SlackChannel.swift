import Foundation

/// Posts alerts to a Slack incoming webhook: a coloured attachment per alert (green info,
/// yellow warning, red critical; resolved alerts green) with the title, message and key numbers.
public struct SlackChannel: AlertChannel {
    /// The config's `slack` block: `{"enabled": true, "webhook_url": "https://hooks.slack.com/services/…"}`.
    public struct Settings: ConfiguredChannelSettings, Equatable {
        static let key = "slack"
        static let enabledByDefault = true
        public var webhookURL: String

        public init(webhookURL: String) {
            self.webhookURL = webhookURL
        }

        init(block: FieldReader) throws {
            webhookURL = try block.url("webhook_url")
        }

        public var secrets: [String] { [webhookURL] }
        public func makeChannel() throws -> AlertChannel { try SlackChannel(webhookURL: webhookURL) }
    }

    public let name = "slack"
    private let poster: JSONPoster

    public init(webhookURL: String, timeout: TimeInterval = 10) throws {
        poster = try JSONPoster(url: webhookURL, timeout: timeout)
    }

    public func deliver(_ event: AlertEvent) async throws {
        try await poster.post(Self.payload(for: event))
    }

    /// The Slack message for an event.
    public static func payload(for event: AlertEvent) -> Data {
        let color = event.status == .resolved ? "#2eb886" : ["info": "#2eb886", "warning": "#daa038", "critical": "#d00000"][event.level.rawValue]!
        let fields: [[String: Any]] = event.data.filter { $0.value.isFinite }.sorted { $0.key < $1.key }.map {
            ["title": $0.key, "value": HealthRules.format($0.value), "short": true]
        }
        let attachment: [String: Any] = [
            "color": color,
            "title": event.status == .resolved ? "Resolved: \(event.title)" : event.title,
            "text": event.status == .resolved ? "Resolved after \(AlertEvent.duration(event.durationSeconds ?? 0)). \(event.message)" : event.message,
            "fields": fields,
            "footer": "nexlify-tui · \(event.run) · \(event.level.rawValue)",
            "ts": Int(event.sentAt.timeIntervalSince1970),
        ]
        let body: [String: Any] = ["text": event.headline, "attachments": [attachment]]
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
    }
}
