import Foundation
import MetricsKit

/// What the alert engine remembers between checks and across restarts, so restarting `watch`
/// does not send again what was already sent: each rule's firing state, what was sent when, and
/// what the last check saw of event-like rules (non-finite counts, best profit).
public struct AlertState: Codable, Equatable, Sendable {
    public var trackers: [String: RuleTracker] = [:]
    public var sent: [String: Throttle.Record] = [:]
    public var nonFiniteCounts: [String: Int] = [:]
    public var bestProfit: Double?
    public var bestEpisode: Int?

    public init() {}

    /// Loads the state saved at `path`; a missing or unreadable file is a fresh start.
    public static func load(from path: String) -> AlertState {
        guard let data = try? RegularFile.contents(of: path, limit: 64 << 20) else { return AlertState() }
        return (try? JSONValueDecoder.decode(AlertState.self, from: data)) ?? AlertState()
    }

    /// Saves atomically.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try LogFile.replaceAtomically(path: path, with: Array(try encoder.encode(self)))
    }
}
