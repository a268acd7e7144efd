/// Finds where a JSON value ends without reading it, over bytes that may arrive in pieces: it
/// keeps its place (nesting depth, inside a string or an escape) between calls, so a value that
/// spans two reads of a file is scanned once. It checks only what it needs to find the end
/// (brackets, strings); the value's grammar is checked by whoever reads it.
///
/// ```swift
/// var scanner = JSONValueScanner()
/// scanner.scan(Array(#"{"a": [1, "]"#.utf8), from: 0)   // nil: not complete yet
/// scanner.scan(Array(#"x"]}, 2"#.utf8), from: 0)        // 5: the value ends before ", 2"
/// ```
public struct JSONValueScanner {
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var started = false
    /// A bare scalar (number, `true`, `NaN`…) at the top: it ends at the first delimiter.
    private var inScalar = false

    public init() {}

    /// Scans `bytes[start...]` on from where the last call stopped; returns the index just past
    /// the value's end when it ends in these bytes, else nil (call again with the next bytes).
    /// A bare scalar at the end of the bytes is not known to be complete: nil.
    public mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return finish(index + 1) }
                }
                index += 1
                continue
            }
            if inScalar {
                if Self.isDelimiter(byte) { return finish(index) }
                index += 1
                continue
            }
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09:
                break
            case UInt8(ascii: "\""):
                started = true
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                started = true
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                // A closing bracket before any value: the caller's container ends here.
                guard started else { return nil }
                depth -= 1
                if depth <= 0 { return finish(index + 1) }
            default:
                if !started {
                    started = true
                    inScalar = true
                }
            }
            index += 1
        }
        return nil
    }

    /// Whether a value began in what was scanned so far.
    public var hasStarted: Bool { started }

    private mutating func finish(_ index: Int) -> Int {
        self = JSONValueScanner()
        return index
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
