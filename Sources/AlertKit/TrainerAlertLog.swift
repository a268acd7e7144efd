import Foundation
import MetricsKit

/// Follows the alerts a training script's own `AlertSystem` sent: the seed's
/// `training_logs/alerts.log`, one JSON object a line (`timestamp` ISO local, `level`, `title`,
/// `message`, `data`), appended as it alerts. Read incrementally, like a run's logs; lines that
/// are not such objects are skipped. These alerts are shown, never sent again.
///
/// ```swift
/// let log = TrainerAlertLog(path: TrainerAlertLog.path(forRun: "training_logs/dqn"))
/// for alert in log.read() { print(alert.level, alert.title, alert.message) }
/// ```
public final class TrainerAlertLog {
    /// One alert the trainer sent.
    public struct Entry: Equatable, Sendable {
        public let time: Date?
        public let level: AlertLevel
        public let title: String
        /// The message on one line (the seed's may hold newlines).
        public let message: String
        /// The numbers among the alert's `data` (`total_episodes` of "Training Complete").
        public var numbers: [String: Double] = [:]

        public init(time: Date?, level: AlertLevel, title: String, message: String, numbers: [String: Double] = [:]) {
            self.time = time
            self.level = level
            self.title = title
            self.message = message
            self.numbers = numbers
        }
    }

    /// The seed's file name.
    public static let fileName = "alerts.log"

    public let path: String
    private let tailer: FileTailer

    public init(path: String) {
        self.path = path
        tailer = FileTailer(path: path)
    }

    /// Where the trainer's alerts are for a run: `alerts.log` in the directory the run is in
    /// (`training_logs/` for `training_logs/dqn`, a run directory or a snapshot series), or in the
    /// run directory itself when one is there.
    public static func path(forRun runPath: String) -> String {
        let inside = (runPath as NSString).appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: inside) { return inside }
        let parent = (runPath as NSString).deletingLastPathComponent
        return ((parent.isEmpty ? "." : parent) as NSString).appendingPathComponent(fileName)
    }

    /// The alerts appended since the last call (at most `maxBytes` read a call).
    public func read(maxBytes: Int = 1 << 20) -> [Entry] {
        var entries: [Entry] = []
        read(maxBytes: maxBytes, into: &entries)
        return entries
    }

    /// Every alert the file holds now.
    public func readToEnd() -> [Entry] {
        var entries: [Entry] = []
        while read(maxBytes: 1 << 20, into: &entries) {}
        return entries
    }

    /// Reads one piece; returns whether more is there.
    @discardableResult
    private func read(maxBytes: Int, into entries: inout [Entry]) -> Bool {
        let result = tailer.read(maxBytes: maxBytes) { line, _ in
            guard case .object(let fields)? = try? JSONReader.value(of: line) else { return }
            guard case .string(let levelText)? = fields["level"], let level = AlertLevel(rawValue: levelText.lowercased()) else { return }
            let title: String
            if case .string(let text)? = fields["title"] { title = text } else { title = "Alert" }
            var message = ""
            if case .string(let text)? = fields["message"] {
                message = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " · ")
            }
            var time: Date?
            if case .string(let stamp)? = fields["timestamp"] { time = ISODate.parse(stamp) }
            var numbers: [String: Double] = [:]
            if case .object(let data)? = fields["data"] {
                for (key, value) in data { if case .number(let number) = value { numbers[key] = number } }
            }
            entries.append(Entry(time: time, level: level, title: title, message: message, numbers: numbers))
        }
        return result.moreAvailable
    }
}
