import Foundation
import MetricsKit

/// What the alert engine keeps across restarts, in `alert_state.json` beside the run: each rule's
/// firing state (the only one), what was last sent for each alert, and the deliveries not yet
/// done — recorded before they are tried, removed once a channel took them or failed for good —
/// so a restart sends again what may not have arrived (at least once) and nothing that did.
public struct AlertState: Codable, Equatable, Sendable {
    public var trackers: [String: RuleTracker] = [:]
    public var sent: [String: Throttle.Record] = [:]
    public var pending: [PendingDelivery] = []

    public init() {}

    /// Loads the state saved at `path`. A missing file is a fresh start; an unreadable one is
    /// moved aside (`alert_state.json.corrupt-<time>`) so nothing is lost, and `problem` says so:
    /// the rules then start again from the run's data.
    public static func load(from path: String, now: Date = Date()) -> (state: AlertState, problem: String?) {
        let data: Data
        do {
            data = try RegularFile.contents(of: path, limit: 64 << 20)
        } catch .missing {
            return (AlertState(), nil)
        } catch {
            return (AlertState(), "\(path) cannot be read (\(error)); alerts start again from the run's data")
        }
        do {
            return (try JSONValueDecoder.decode(AlertState.self, from: data), nil)
        } catch {
            let aside = path + ".corrupt-" + stamp(now)
            let moved = rename(path, aside) == 0
            let kept = moved ? "kept as \((aside as NSString).lastPathComponent)" : "could not be moved aside"
            return (AlertState(), "\((path as NSString).lastPathComponent) was unreadable (\(error)); \(kept); alerts start again from the run's data")
        }
    }

    /// Saves atomically.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try LogFile.replaceAtomically(path: path, with: Array(try encoder.encode(self)))
    }

    private static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}

/// One alert that some channels have not taken yet.
public struct PendingDelivery: Codable, Equatable, Sendable {
    public var id: String
    public var event: AlertEvent
    /// The channels (`AlertChannel.name`) still to deliver it.
    public var channels: [String]

    public init(id: String, event: AlertEvent, channels: [String]) {
        self.id = id
        self.event = event
        self.channels = channels
    }
}
