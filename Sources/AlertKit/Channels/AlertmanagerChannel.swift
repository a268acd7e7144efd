import Foundation
import MetricsKit

/// Posts each alert to Alertmanager's v2 API (`POST <url>/api/v2/alerts`), so the `watch`
/// processes of several machines are grouped, de-duplicated, silenced and routed by the
/// Alertmanager a team already runs instead of each paging alone.
///
/// An alert is labelled `alertname` (`AlertName`: `NexlifyLossTooHigh`, as the generated Prometheus
/// rules name it), `rule`, `run`, `severity` and `host`, annotated with its `summary` (title) and
/// `description` (message). A firing alert ends `hold_seconds` after it was sent (watch sends it
/// again every `repeat_seconds` while it fires, so keep this above that); a resolved one ends when
/// it resolved; an event (a new best, training complete, a test) ends 5 minutes after it happened.
///
/// ```swift
/// let channel = try AlertmanagerChannel(url: "http://127.0.0.1:9093", host: "gpu1")
/// ```
public struct AlertmanagerChannel: AlertChannel {
    /// The config's `alertmanager` block:
    /// `{"enabled": true, "url": "http://alertmanager:9093", "host": "gpu1", "hold_seconds": 16200}`.
    public struct Settings: ConfiguredChannelSettings, Equatable {
        static let key = "alertmanager"
        static let enabledByDefault = true
        public var url: String
        /// The `host` label; this machine's name when the config gives none.
        public var host: String?
        public var holdSeconds: TimeInterval

        public init(url: String, host: String? = nil, holdSeconds: TimeInterval = AlertmanagerChannel.defaultHoldSeconds) {
            self.url = url
            self.host = host
            self.holdSeconds = holdSeconds
        }

        init(block: FieldReader) throws {
            url = try block.url("url")
            host = try block.string("host")
            holdSeconds = try block.number("hold_seconds", in: 60...(30 * 86_400)) ?? AlertmanagerChannel.defaultHoldSeconds
        }

        /// The URL may carry a user and password.
        public var secrets: [String] { [url] }
        public func makeChannel() throws -> AlertChannel { try AlertmanagerChannel(url: url, host: host, holdSeconds: holdSeconds) }
    }

    /// 4.5 h: watch's default `repeat_seconds` (4 h) and half an hour to spare.
    public static let defaultHoldSeconds: TimeInterval = 4.5 * 3600
    /// How long an event (not a condition) stays active in Alertmanager.
    static let eventSeconds: TimeInterval = 300

    public let name = "alertmanager"
    let host: String
    let holdSeconds: TimeInterval
    private let poster: JSONPoster

    public init(url: String, host: String? = nil, holdSeconds: TimeInterval = defaultHoldSeconds, timeout: TimeInterval = 10) throws {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        poster = try JSONPoster(url: base + "/api/v2/alerts", timeout: timeout)
        self.host = host ?? HostName.current
        self.holdSeconds = holdSeconds
    }

    public func deliver(_ event: AlertEvent) async throws {
        try await poster.post(payload(for: event))
    }

    /// One postable alert, as the API's `postableAlerts` array.
    struct Postable: Encodable, Equatable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: Date
        var endsAt: Date
    }

    func postable(for event: AlertEvent) -> Postable {
        let isEvent = event.level == .info && event.status == .firing
        let ends: Date
        switch event.status {
        case .resolved: ends = event.sentAt
        case .firing: ends = event.sentAt.addingTimeInterval(isEvent ? Self.eventSeconds : holdSeconds)
        }
        return Postable(
            labels: ["alertname": AlertName.of(rule: event.rule), "rule": event.rule, "run": event.run, "severity": event.level.rawValue, "host": host],
            annotations: ["summary": event.title, "description": event.message],
            startsAt: isEvent ? event.sentAt : event.firedAt, endsAt: ends)
    }

    func payload(for event: AlertEvent) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode([postable(for: event)])) ?? Data("[]".utf8)
    }
}
