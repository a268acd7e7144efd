import AlertKit
import Foundation

/// The training script's own alerts (the seed's `alerts.log`) as strip lines: coloured by level,
/// `title: message` on one line, sanitised, at the time the trainer wrote (its local time).
enum TrainerAlerts {
    static func lines(_ entries: [TrainerAlertLog.Entry]) -> [AlertLine] {
        entries.map { entry in
            let level: AlertLine.Level = entry.level == .critical ? .critical : (entry.level == .warning ? .warning : .info)
            let text = entry.message.isEmpty ? entry.title : entry.title + ": " + entry.message
            return AlertLine(level: level, text: TerminalText.sanitize(text), time: entry.time.map(clock.string(from:)) ?? "--:--:--")
        }
    }

    /// The trainer's timestamps carry no zone and are read as UTC: shown in UTC they read as written.
    private static let clock: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:mm:ss"
        return formatter
    }()
}
