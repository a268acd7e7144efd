import Foundation
import MetricsKit

/// Follows a run's `alerts.jsonl` (what `watch` and the dashboard sent, see `AlertAuditLog`) for
/// where each alert fired: its rule, level and episode (or step) — the one its data is about
/// (`episode`, `last_episode`, `latest_episode`: a new best's, a NaN's), else the run's latest
/// when it was sent. Read incrementally like a run's logs; lines of other types, resolutions and
/// malformed lines are passed over.
///
/// ```swift
/// let reader = AlertAuditReader(path: "training_logs/dqn/alerts.jsonl")
/// for alert in reader.read() { print(alert.rule, alert.level, alert.episode ?? -1) }
/// ```
public final class AlertAuditReader {
    /// Where one alert fired.
    public struct Fired: Equatable, Sendable {
        public let rule: String
        public let level: AlertLevel
        public let episode: Int?

        public init(rule: String, level: AlertLevel, episode: Int?) {
            self.rule = rule
            self.level = level
            self.episode = episode
        }
    }

    public let path: String
    private let tailer: FileTailer

    public init(path: String) {
        self.path = path
        tailer = FileTailer(path: path)
    }

    /// The alerts fired in the lines appended since the last call (at most `maxBytes` read).
    public func read(maxBytes: Int = 1 << 20) -> [Fired] {
        var fired: [Fired] = []
        read(maxBytes: maxBytes, into: &fired)
        return fired
    }

    /// Every alert fired in the file as it is now.
    public func readToEnd() -> [Fired] {
        var fired: [Fired] = []
        while read(maxBytes: 1 << 20, into: &fired) {}
        return fired
    }

    /// Reads one piece; returns whether more is there.
    @discardableResult
    private func read(maxBytes: Int, into fired: inout [Fired]) -> Bool {
        tailer.read(maxBytes: maxBytes) { line, _ in
            guard case .object(let fields)? = try? JSONReader.value(of: line), case .string("alert")? = fields["type"],
                  case .object(let event)? = fields["event"], case .string("firing")? = event["status"],
                  case .string(let rule)? = event["rule"], case .string(let levelText)? = event["level"],
                  let level = AlertLevel(rawValue: levelText) else { return }
            // The episode the alert is about (a new best's, a NaN's) before the run's latest when it was sent.
            var episode: Int?
            if case .object(let data)? = event["data"] {
                episode = ["episode", "last_episode", "latest_episode"].lazy.compactMap { Self.whole(data[$0]) }.first
            }
            episode = episode ?? Self.whole(event["episode"])
            fired.append(Fired(rule: rule, level: level, episode: episode))
        }.moreAvailable
    }

    private static func whole(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value else { return nil }
        return Int(exactly: number.rounded(.towardZero))
    }
}
