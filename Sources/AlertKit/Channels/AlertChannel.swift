import Foundation

/// Somewhere alerts are delivered: Slack, a webhook, e-mail, a file, a test recorder. One small
/// protocol, like swift-log's `LogHandler`; the dispatcher handles queues and retries.
///
/// ```swift
/// struct Printer: AlertChannel {
///     let name = "stdout"
///     func deliver(_ event: AlertEvent) async throws { print(event.headline) }
/// }
/// ```
public protocol AlertChannel: Sendable {
    /// A short name for logs and `alert test` (`slack`, `webhook`, `email`).
    var name: String { get }
    /// Delivers one alert, or throws `DeliveryFailure` saying whether trying again may help.
    func deliver(_ event: AlertEvent) async throws
}

/// Why a delivery failed, and whether it is worth retrying: timeouts, refused connections,
/// 5xx and 429 are recoverable; other 4xx, bad URLs and authentication failures are not.
public struct DeliveryFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public let recoverable: Bool
    public let description: String
    /// How long the server asked to wait before trying again (`Retry-After`), if it said.
    public let retryAfter: TimeInterval?

    public init(recoverable: Bool, _ description: String, retryAfter: TimeInterval? = nil) {
        self.recoverable = recoverable
        self.description = description
        self.retryAfter = retryAfter
    }
}
