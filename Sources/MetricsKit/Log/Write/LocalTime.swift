import Foundation

/// Times as the guide's Python package writes them, in local time: file stamps
/// (`time.strftime("%Y%m%d_%H%M%S")`) and `datetime.now().isoformat()` (no zone, microseconds
/// unless they are zero).
///
/// ```swift
/// LocalTime.stamp(Date())        // "20261201_062048"
/// LocalTime.isoformat(Date())    // "2026-12-01T06:20:48.716833"
/// ```
public enum LocalTime {
    public static func stamp(_ date: Date) -> String {
        let parts = fields(date)
        return String(format: "%04d%02d%02d_%02d%02d%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    public static func isoformat(_ date: Date) -> String {
        let parts = fields(date)
        let seconds = clamped(date.timeIntervalSince1970)
        let microseconds = min(999_999, max(0, Int(((seconds - seconds.rounded(.down)) * 1_000_000).rounded())))
        let whole = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                           Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        return microseconds == 0 ? whole : whole + String(format: ".%06d", microseconds)
    }

    /// A clock reading for an axis: local `HH:MM`, with `MM-DD` before it when `date` is not on
    /// the same local day as `now`.
    public static func clock(_ date: Date, now: Date = Date()) -> String {
        let parts = fields(date)
        let today = fields(now)
        let time = String(format: "%02d:%02d", Int(parts.tm_hour), Int(parts.tm_min))
        let sameDay = parts.tm_year == today.tm_year && parts.tm_yday == today.tm_yday
        return sameDay ? time : String(format: "%02d-%02d ", Int(parts.tm_mon) + 1, Int(parts.tm_mday)) + time
    }

    /// Seconds since 1970 within Python's `datetime` range (years 1 to 9999); NaN as 0. A time
    /// read from a file can be anything, and `time_t(_:)` traps outside its range.
    private static func clamped(_ seconds: Double) -> Double {
        seconds.isNaN ? 0 : min(253_402_300_799, max(-62_135_596_800, seconds))
    }

    private static func fields(_ date: Date) -> tm {
        var seconds = time_t(clamped(date.timeIntervalSince1970).rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        return parts
    }
}
