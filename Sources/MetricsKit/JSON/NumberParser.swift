/// Locale-independent, bounds-checked parsing of JSON numbers from raw bytes, including the
/// bare `NaN`, `Infinity` and `-Infinity` that Python's `json` module writes.
///
/// Results are correctly rounded (identical to `Double(String)`): mantissas of up to 19 digits
/// with exponents in `powerOfFiveRange` are converted exactly here, anything else is handed to the
/// standard library.
/// ```swift
/// let bytes = Array("-12.5e1,".utf8)
/// bytes.withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, 0, $0.count) }  // (-125.0, 7)
/// ```
public enum NumberParser {
    /// Parses a number starting at `start`; returns the value and the index after it, or `nil`
    /// when the bytes there do not form a JSON number (or NaN/Infinity). `readable`: how far the
    /// bytes may be loaded eight at a time (at least `end`; beyond `end` only when the byte at
    /// `end` is not a digit, such as the comma after a CSV cell).
    @inline(__always)
    public static func parse(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, readable: Int? = nil) -> (value: Double, end: Int)? {
        let limit = max(end, readable ?? end)
        var index = start
        var negative = false
        if index < end && bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        guard index < end else { return nil }
        let first = bytes[index]
        if first == UInt8(ascii: "N") {
            guard !negative, matches(bytes, index, end, "NaN") else { return nil }
            return (.nan, index + 3)
        }
        if first == UInt8(ascii: "I") {
            guard matches(bytes, index, end, "Infinity") else { return nil }
            return (negative ? -.infinity : .infinity, index + 8)
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent10 = 0
        var truncated = false
        // Integer part: a single 0 or a run of digits not starting with 0.
        if first == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(first) {
            accumulateEights(bytes, &index, limit, &mantissa, &digits, &exponent10, fraction: false)
            while index < end, isDigit(bytes[index]) {
                accumulate(bytes[index] &- 48, &mantissa, &digits, &truncated, integerPart: true, &exponent10)
                index += 1
            }
        } else {
            return nil
        }
        let integerEnd = index
        if index < end && bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            accumulateEights(bytes, &index, limit, &mantissa, &digits, &exponent10, fraction: true)
            while index < end, isDigit(bytes[index]) {
                accumulate(bytes[index] &- 48, &mantissa, &digits, &truncated, integerPart: false, &exponent10)
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        if index < end && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < end && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var explicit = 0
            while index < end, isDigit(bytes[index]) {
                if explicit < 100_000 { explicit = explicit * 10 + Int(bytes[index] &- 48) }
                index += 1
            }
            guard index > exponentStart else { return nil }
            exponent10 += exponentNegative ? -explicit : explicit
        }
        let hasFractionOrExponent = index != integerEnd
        if !truncated, let exact = fastValue(mantissa, exponent10) {
            // Python reads `-0` (an integer) as 0, and `-0.0` as -0.0.
            if exact == 0 && negative && !hasFractionOrExponent { return (0, index) }
            return (negative ? -exact : exact, index)
        }
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: index - start), as: UTF8.self)
        // As Python's `float`: a literal too large for a Double is ±inf, one too small is ±0.
        guard let value = Double(text) else { return nil }
        return (value, index)
    }

    /// Parses a whole byte string as a number, accepting also the spellings CSV writers use
    /// (`nan`, `inf`, `-inf`, `+1.5`, surrounding spaces). `readableAfter`: bytes after the string
    /// that may be loaded (the rest of a CSV line after a cell: the byte right after it is a comma).
    public static func parseLenient(_ bytes: UnsafeBufferPointer<UInt8>, readableAfter: Int = 0) -> Double? {
        guard let base = bytes.baseAddress else { return nil }
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        if bytes[start] == UInt8(ascii: "+") { start += 1 }
        // Most strings are not numbers (timestamps, names): only a digit, a sign, a dot or the
        // first letter of nan/inf can begin one.
        guard start < end else { return nil }
        let first = bytes[start] | 0x20
        guard bytes[start] &- 48 < 10 || bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: ".") || first == UInt8(ascii: "n")
                || first == UInt8(ascii: "i") else { return nil }
        if let (value, stop) = parse(base, start, end, readable: bytes.count + readableAfter), stop == end { return value }
        var negative = false
        if bytes[start] == UInt8(ascii: "-") {
            negative = true
            start += 1
        }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if equalsIgnoringCase(word, "nan") { return .nan }
        if equalsIgnoringCase(word, "inf") || equalsIgnoringCase(word, "infinity") { return negative ? -.infinity : .infinity }
        return nil
    }

    /// Whether `bytes` spell the lowercase ASCII `word`, in any case.
    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for index in 0..<bytes.count where bytes[index] | 0x20 != letters[index] { return false }
        return true
    }

    /// Takes eight digits at a time while they fit the mantissa (SWAR: one load, one check,
    /// three multiplications instead of eight steps), then a last run of fewer than eight the
    /// same way: most numbers in a log have 16–17 digits. Leading zeros (a fraction such as
    /// 0.000123) are not counted as digits, as in `accumulate`.
    @inline(__always)
    private static func accumulateEights(
        _ bytes: UnsafePointer<UInt8>, _ index: inout Int, _ end: Int, _ mantissa: inout UInt64, _ digits: inout Int, _ exponent10: inout Int,
        fraction: Bool
    ) {
        while end - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self))
            // A byte is a digit when its high nibble is 3 both as it is and plus 6. The first
            // non-digit byte is found exactly: only bytes after it can be disturbed by carries.
            let nonDigits = ((word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
                | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030)
            let count = nonDigits.trailingZeroBitCount / 8
            guard count > 0 && digits + count <= 19 else { return }
            // The digits, moved to the end of the word with zeros (leading digits) before them.
            let value = eightDigits((word &- 0x3030_3030_3030_3030) << UInt64(64 - 8 * count))
            mantissa = mantissa &* tenToThe[count] &+ value
            digits = mantissa == 0 ? 0 : (digits == 0 ? decimalDigitCount(value) : digits + count)
            if fraction { exponent10 -= count }
            index += count
            if count < 8 { return }
        }
    }

    /// The number eight digit values (one per byte, the first in the lowest byte) spell.
    @inline(__always)
    private static func eightDigits(_ word: UInt64) -> UInt64 {
        let pairs = (word &* 10) &+ (word >> 8)
        return ((((pairs & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064) &+ (((pairs >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) >> 32)
            & 0xFFFF_FFFF
    }

    private static let tenToThe: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// How many digits `value` (below 10^8) has; 0 for 0.
    @inline(__always)
    private static func decimalDigitCount(_ value: UInt64) -> Int {
        var count = 0
        while count < 8 && value >= tenToThe[count] { count += 1 }
        return count
    }

    @inline(__always)
    private static func accumulate(
        _ digit: UInt8, _ mantissa: inout UInt64, _ digits: inout Int, _ truncated: inout Bool,
        integerPart: Bool, _ exponent10: inout Int
    ) {
        if mantissa == 0 && digit == 0 {
            if !integerPart { exponent10 -= 1 }
            return
        }
        if digits < 19 {
            mantissa = mantissa &* 10 &+ UInt64(digit)
            digits += 1
            if !integerPart { exponent10 -= 1 }
        } else {
            if digit != 0 { truncated = true }
            if integerPart { exponent10 += 1 }
        }
    }

    /// The Double nearest to `mantissa` × 10^`exponent10`, by the Eisel–Lemire method (one
    /// 64×64→128-bit multiplication by a table entry, no division; Lemire, "Number Parsing at a
    /// Gigabyte per Second", 2021), or nil where the table ends or a subnormal would result.
    /// Only for exact mantissas: digits beyond the 19th were not dropped.
    @inline(__always)
    private static func fastValue(_ mantissa: UInt64, _ exponent10: Int) -> Double? {
        if mantissa == 0 { return 0 }
        // A whole number that a Double holds exactly (counts, steps, episode numbers).
        if exponent10 == 0 && mantissa <= 1 << 53 { return Double(mantissa) }
        guard powerOfFiveRange.contains(exponent10) else { return nil }
        let leadingZeros = mantissa.leadingZeroBitCount
        let normalised = mantissa << UInt64(leadingZeros)
        let entry = 2 * (exponent10 - powerOfFiveRange.lowerBound)
        var (high, low) = normalised.multipliedFullWidth(by: powersOfFive[entry])
        if high & 0x1FF == 0x1FF {
            // The truncated product may be off in the bits that decide rounding: add the next word.
            let second = normalised.multipliedFullWidth(by: powersOfFive[entry + 1]).high
            let (sum, carry) = low.addingReportingOverflow(second)
            low = sum
            if carry { high &+= 1 }
        }
        // Too close to call with 128 bits (never seen in practice): the standard library decides.
        if low == .max && (exponent10 < -27 || exponent10 > 55) { return nil }
        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 9)
        var significand = high >> shift
        // ⌊log2(10^q)⌋ + 63, plus the exponent bias of 1023, less the normalising shift.
        var biasedExponent = (((152_170 + 65_536) * exponent10) >> 16) + 63 + upperBit - leadingZeros + 1023
        guard biasedExponent > 0 else { return nil }
        // Exactly halfway between two Doubles (only possible where 5^q is exact): round to even.
        if low <= 1 && exponent10 >= -4 && exponent10 <= 23 && significand & 3 == 1 && significand << shift == high {
            significand &= ~1
        }
        significand += significand & 1
        significand >>= 1
        if significand >= 1 << 53 {
            significand = 1 << 52
            biasedExponent += 1
        }
        guard biasedExponent < 0x7FF else { return .infinity }
        return Double(bitPattern: UInt64(biasedExponent) << 52 | significand & ~(1 << 52))
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }

    @inline(__always)
    private static func matches(_ bytes: UnsafePointer<UInt8>, _ index: Int, _ end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard end - index >= count else { return false }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }
}
