import Foundation

/// Reads the ISO 8601 timestamps our users' files hold: `2026-11-25T12:00:00Z`, with fractional
/// seconds, with a zone offset, or without a zone as Python's `datetime.isoformat()` writes
/// them (read as UTC).
///
/// ```swift
/// ISODate.parse("2026-11-25T12:00:00.250")   // 2026-11-25 12:00:00.25 UTC
/// ISODate.parse("yesterday")                 // nil
/// ```
public enum ISODate {
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        return formatter.date(from: text)
    }
}
