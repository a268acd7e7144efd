import Foundation

/// POSTs each alert's JSON (`AlertEvent.json()`, the documented schema) to a URL.
///
/// ```swift
/// let channel = try WebhookChannel(url: "https://ops.example/hooks/training")
/// ```
public struct WebhookChannel: AlertChannel {
    /// The config's `webhook` block: `{"enabled": true, "url": "https://ops.example/hook"}`.
    public struct Settings: ConfiguredChannelSettings, Equatable {
        static let key = "webhook"
        static let enabledByDefault = true
        public var url: String

        public init(url: String) {
            self.url = url
        }

        init(block: FieldReader) throws {
            url = try block.url("url")
        }

        public var secrets: [String] { [url] }
        public func makeChannel() throws -> AlertChannel { try WebhookChannel(url: url) }
    }

    public let name = "webhook"
    private let poster: JSONPoster

    public init(url: String, timeout: TimeInterval = 10) throws {
        poster = try JSONPoster(url: url, timeout: timeout)
    }

    public func deliver(_ event: AlertEvent) async throws {
        try await poster.post(event.json())
    }
}
