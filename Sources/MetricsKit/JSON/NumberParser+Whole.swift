extension NumberParser {
    /// The whole number a literal spells, exactly: a double holds whole numbers exactly only up
    /// to 2^53, so an integer literal beyond that (an episode or step counter of a long run) is
    /// read from its digits instead. `parsed` is the literal's value as a double; nil when the
    /// literal is not a whole number or lies outside `Int`.
    ///
    /// ```swift
    /// NumberParser.exactWhole(Array("9007199254740993".utf8), parsed: 9007199254740992)   // 9007199254740993
    /// NumberParser.exactWhole(Array("12.5".utf8), parsed: 12.5)                           // nil
    /// ```
    public static func exactWhole(_ literal: UnsafeBufferPointer<UInt8>, parsed: Double) -> Int? {
        guard abs(parsed) >= 9_007_199_254_740_992 else { return Int(exactly: parsed) }
        var digits = literal[...]
        while let first = digits.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        while let last = digits.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\r") { digits = digits.dropLast() }
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else {
            // Written another way (`1e16`): the double is the value written.
            return Int(exactly: parsed)
        }
        var value = 0
        for digit in digits {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = negative ? times.subtractingReportingOverflow(Int(digit &- 48)) : times.addingReportingOverflow(Int(digit &- 48))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
        }
        return value
    }

    /// `exactWhole` of a literal given by its bounds.
    @inline(__always)
    public static func exactWhole(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int, parsed: Double) -> Int? {
        abs(parsed) < 9_007_199_254_740_992 ? Int(exactly: parsed) : exactWhole(UnsafeBufferPointer(start: bytes + start, count: end - start), parsed: parsed)
    }
}
