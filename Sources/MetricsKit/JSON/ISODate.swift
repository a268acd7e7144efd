import Foundation
import Synchronization

/// Reads the ISO 8601 timestamps our users' files hold: `2026-11-25T12:00:00Z`, with fractional
/// seconds (any number of digits), with a zone offset (`+02:00`, `+0200`, `+02`), with a space
/// instead of the `T`, or without a zone as Python's `datetime.isoformat()` writes them (read as
/// local time, as Python means them). A hand-written reader: a run's snapshot can hold a timestamp per episode, and creating
/// a Foundation date formatter per value costs tens of microseconds.
///
/// ```swift
/// ISODate.parse("2026-11-25T12:00:00.250Z")  // 2026-11-25 12:00:00.25 UTC
/// ISODate.parse("2026-11-25T12:00:00.250")   // the same wall-clock time in the local zone
/// ISODate.parse("yesterday")                 // nil
/// ```
public enum ISODate {
    public static func parse(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { parse($0) }
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let digit = bytes[index + offset] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            index += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")), let day = digits(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t") || bytes[index] == UInt8(ascii: " ") else { return nil }
        index += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")), let second = digits(2),
              hour < 24, minute < 60, second <= 60 else { return nil }
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] &- 48 < 10 {
                fraction += Double(bytes[index] &- 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offsetSeconds: Int?
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                offsetSeconds = 0
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = digits(2), hours < 24 else { return nil }
                var minutes = 0
                if index < bytes.count {
                    _ = expect(UInt8(ascii: ":"))
                    guard let value = digits(2), value < 60 else { return nil }
                    minutes = value
                }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let wallClock = days * 86_400 + hour * 3600 + minute * 60 + second
        let seconds = Double(wallClock - (offsetSeconds ?? localOffset(wallClock: wallClock))) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// The local zone's offset from UTC for a wall-clock time (seconds since 1970 as if it were
    /// UTC). The zone's rules are asked once per quarter hour of wall-clock time: a snapshot holds
    /// a timestamp per episode, and most of them fall in the same quarter hour as the last one.
    private static func localOffset(wallClock: Int) -> Int {
        let bucket = wallClock.dividedRoundingDown(by: 900)
        if let cached = offsetCache.withLock({ $0.bucket == bucket ? $0.offset : nil }) { return cached }
        // The instant t with t + offset(t) = wallClock: one correction step finds it across a
        // change of offset (a time in a skipped hour lands after it, as `mktime` does).
        let guess = wallClock - offset(at: wallClock)
        let offset = offset(at: guess)
        offsetCache.withLock { $0 = (bucket, offset) }
        return offset
    }

    private static func offset(at instant: Int) -> Int {
        var seconds = time_t(instant)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return Int(parts.tm_gmtoff)
    }

    private static let offsetCache = Mutex<(bucket: Int, offset: Int)>((Int.min, 0))

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

private extension Int {
    func dividedRoundingDown(by divisor: Int) -> Int {
        let quotient = self / divisor
        return self % divisor < 0 ? quotient - 1 : quotient
    }
}
