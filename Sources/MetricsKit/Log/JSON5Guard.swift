/// Screens text before it reaches Foundation's JSON5 decoder, which traps (crashes the process)
/// on a number whose exponent has no digits, such as `1e-` or `2E+` (Swift 6.3 on Linux). A log
/// line is never allowed to crash the reader: such text is refused as invalid JSON instead.
///
/// ```swift
/// JSON5Guard.isSafe(Array(#"{"a": 1e-5}"#.utf8))   // true
/// JSON5Guard.isSafe(Array(#"{"a": 1e-}"#.utf8))    // false
/// ```
public enum JSON5Guard {
    public static func isSafe<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var quote: UInt8?
        var escaped = false
        var previous: UInt8 = 0x20
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if let open = quote {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == open {
                    quote = nil
                }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if isNumberStart(byte) && !isIdentifier(previous) {
                // Walk the number's digits and dots; an exponent must have a digit after its sign.
                var cursor = index
                while cursor != bytes.endIndex, isNumberStart(bytes[cursor]) { cursor = bytes.index(after: cursor) }
                if cursor != bytes.endIndex, bytes[cursor] | 0x20 == UInt8(ascii: "e") {
                    cursor = bytes.index(after: cursor)
                    if cursor != bytes.endIndex, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                        cursor = bytes.index(after: cursor)
                    }
                    guard cursor != bytes.endIndex, bytes[cursor] &- 48 < 10 else { return false }
                }
                previous = byte
                index = cursor
                continue
            }
            previous = byte
            index = bytes.index(after: index)
        }
        return true
    }

    private static func isNumberStart(_ byte: UInt8) -> Bool {
        byte &- 48 < 10 || byte == UInt8(ascii: ".")
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        byte &- 48 < 10 || (byte | 0x20) &- 97 < 26 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }
}
