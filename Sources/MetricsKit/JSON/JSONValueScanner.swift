import Foundation

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
        guard let base = bytes.baseAddress else { return nil }
        var index = start
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                    index += 1
                    continue
                }
                // Jump to the next quote; it ends the string unless an odd run of backslashes
                // stands before it.
                guard let found = memchr(base + index, 0x22, end - index) else {
                    escaped = Self.oddBackslashes(base, before: end, from: index)
                    return nil
                }
                let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if Self.oddBackslashes(base, before: quote, from: index) {
                    index = quote + 1
                    continue
                }
                inString = false
                if depth == 0 { return finish(quote + 1) }
                index = quote + 1
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

    /// Whether the bytes just before `position` (not before `start`) are an odd run of backslashes.
    @inline(__always)
    private static func oddBackslashes(_ base: UnsafePointer<UInt8>, before position: Int, from start: Int) -> Bool {
        var count = 0
        var index = position - 1
        while index >= start, base[index] == UInt8(ascii: "\\") {
            count += 1
            index -= 1
        }
        return count % 2 == 1
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
