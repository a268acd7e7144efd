import CNumberFormat
import Foundation
import Synchronization

/// Short number labels for axes and cards, at most about seven characters: SI suffixes for
/// large magnitudes (`12.3k`, `4.56M`), plain decimals in between, and scientific notation for
/// tiny and huge ones (`7.8e-4`, `1.8e308`), subnormals included (`4.9e-324`).
///
/// ```swift
/// CompactNumber.format(12_345)     // "12.3k"
/// CompactNumber.format(-0.0421)    // "-0.0421"
/// CompactNumber.format(0.00078)    // "7.8e-4"
/// ```
enum CompactNumber {
    /// Labels already made, by the value's bits: a chart's axis labels and most figures are the
    /// same frame after frame, and C's formatting through a `va_list` costs microseconds.
    private static let made = Mutex<[UInt64: String]>([:])

    static func format(_ value: Double) -> String {
        if let label = made.withLock({ $0[value.bitPattern] }) { return label }
        let label = make(value)
        made.withLock { labels in
            if labels.count >= 4_096 { labels.removeAll(keepingCapacity: true) }
            labels[value.bitPattern] = label
        }
        return label
    }

    private static func make(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "-∞" }
        let magnitude = abs(value)
        if magnitude == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        if magnitude >= 999.5e12 { return sign + scientific(magnitude) }
        let suffixes: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in suffixes where magnitude >= scale * 0.9995 {
            return sign + significant(magnitude / scale) + suffix
        }
        if magnitude >= 0.01 { return sign + significant(magnitude) }
        return sign + scientific(magnitude)
    }

    /// `7.8e-4`, `5e-324`: C's rounding to two significant digits, which also holds for
    /// subnormals (where `10^exponent` is no longer a double and a division would give ∞).
    private static func scientific(_ magnitude: Double) -> String {
        let text = printed(magnitude, decimals: 1, conversion: "e")
        let parts = text.split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return text }
        var mantissa = String(parts[0])
        if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
        return mantissa + "e" + String(exponent)
    }

    /// Three significant digits, trailing zeros removed (0.5 → "0.5", 12.0 → "12", 999.7 → "1000").
    private static func significant(_ value: Double) -> String {
        let decimals = value >= 100 ? 0 : (value >= 10 ? 1 : (value >= 1 ? 2 : 3 - Int(floor(log10(value))) - 1))
        var text = printed(value, decimals: max(0, decimals), conversion: "f")
        if text.utf8.contains(UInt8(ascii: ".")) {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// C's `%.<decimals>f` or `%.<decimals>e` of `value` (what `String(format:)` gives), through a
    /// C helper: labels are made for every chart on every frame, and Swift reaches printf only
    /// through a boxed va_list, microseconds a label.
    private static func printed(_ value: Double, decimals: Int, conversion: Character) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            let count = nexlify_format_double(buffer.baseAddress!, buffer.count, Int32(min(decimals, 40)), CChar(conversion.asciiValue!), value)
            guard count > 0 else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: min(Int(count), buffer.count - 1)), as: UTF8.self)
        }
    }
}
