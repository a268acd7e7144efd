import Foundation

/// Our one JSON reader for bytes that come from a file or the network: log lines, snapshots,
/// experiment records, configs, alert state. It takes the JSON grammar plus what Python's `json`
/// writes and reads, and it never traps, whatever the bytes:
/// - `NaN`, `Infinity` and `-Infinity` are numbers; a literal beyond `Double`'s range is ±inf,
///   one too small to tell from zero is 0 (as Python's `float`);
/// - invalid UTF-8 and lone surrogate escapes (`"\ud800"`, which `json.dumps` writes) become
///   U+FFFD; raw control characters inside strings are refused, as Python's strict mode does;
/// - a value nested deeper than `maxDepth` is dropped (read past, replaced by `null`, counted in
///   `tooDeepValues`) while the rest of the document is kept;
/// - with `pythonLiterals`, also what Python's `repr` writes for lists and dicts (CSV cells from
///   `csv.DictWriter`): `'single'` quotes, `nan`, `inf`, `-inf`, `True`, `False`, `None`;
/// - errors say what is wrong and at which byte (`expected ',' or '}' after a member at byte 17`).
///
/// ```swift
/// var reader = JSONReader()
/// let value = try reader.read(Array(#"{"profit": 1e400, "note": "\ud800"}"#.utf8))
/// // .object(["profit": .number(.infinity), "note": .string("\u{FFFD}")])
/// ```
public struct JSONReader {
    /// Why bytes are not one JSON document.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        /// What is wrong, in words.
        public let message: String
        /// The byte offset where it went wrong.
        public let offset: Int

        public var description: String { "\(message) at byte \(offset)" }
    }

    /// How deep arrays and objects may nest before a value is dropped.
    public static let defaultMaxDepth = 512

    public let maxDepth: Int
    /// Whether Python's `repr` spellings are read too (see above).
    public let pythonLiterals: Bool
    /// Values dropped by the last `read` for nesting deeper than `maxDepth`.
    public private(set) var tooDeepValues = 0

    public init(maxDepth: Int = JSONReader.defaultMaxDepth, pythonLiterals: Bool = false) {
        self.maxDepth = max(1, maxDepth)
        self.pythonLiterals = pythonLiterals
    }

    /// Reads one whole document: one value with only white space around it (a leading UTF-8
    /// byte-order mark is skipped).
    public mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        tooDeepValues = 0
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw Failure(message: "no JSON value (empty input)", offset: 0) }
        var cursor = Cursor(bytes: base, end: bytes.count, maxDepth: maxDepth, pythonLiterals: pythonLiterals)
        if bytes.count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { cursor.index = 3 }
        cursor.skipSpace()
        guard cursor.index < cursor.end else { throw Failure(message: "no JSON value (only white space)", offset: cursor.index) }
        let value = try cursor.value(depth: 0)
        cursor.skipSpace()
        guard cursor.index == cursor.end else { throw cursor.failure("unexpected text after the JSON value") }
        tooDeepValues = cursor.tooDeep
        return value
    }

    /// Reads one whole document from an array of bytes.
    public mutating func read(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        var copy = self
        let result = bytes.withUnsafeBufferPointer { buffer in Result { () throws(Failure) -> JSONValue in try copy.read(buffer) } }
        tooDeepValues = copy.tooDeepValues
        return try result.get()
    }

    /// Reads one whole document from `data` with the default depth limit.
    public static func value(of data: Data) throws(Failure) -> JSONValue {
        var reader = JSONReader()
        let result = data.withUnsafeBytes { raw in Result { () throws(Failure) -> JSONValue in try reader.read(raw.bindMemory(to: UInt8.self)) } }
        return try result.get()
    }

    /// Reads one whole document from `bytes` with the default depth limit.
    public static func value(of bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONValue {
        var reader = JSONReader()
        return try reader.read(bytes)
    }
}

/// The reading position over the bytes of one document.
private struct Cursor {
    let bytes: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    let pythonLiterals: Bool
    var index = 0
    var tooDeep = 0

    init(bytes: UnsafePointer<UInt8>, end: Int, maxDepth: Int, pythonLiterals: Bool) {
        self.bytes = bytes
        self.end = end
        self.maxDepth = maxDepth
        self.pythonLiterals = pythonLiterals
    }

    func failure(_ message: String, at offset: Int? = nil) -> JSONReader.Failure {
        JSONReader.Failure(message: message, offset: offset ?? index)
    }

    mutating func skipSpace() {
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// One value at `index` (white space already skipped); `depth` counts the enclosing containers.
    mutating func value(depth: Int) throws(JSONReader.Failure) -> JSONValue {
        guard index < end else { throw failure("the input ends where a value should be") }
        if pythonLiterals, let word = pythonWord() { return word }
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < maxDepth else {
                try skipContainer()
                tooDeep += 1
                return .null
            }
            return bytes[index] == UInt8(ascii: "{") ? try object(depth: depth + 1) : try array(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "'") where pythonLiterals:
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            guard let (number, next) = NumberParser.parse(bytes, index, end) else { throw failure(describeUnexpected()) }
            index = next
            return .number(number)
        }
    }

    private mutating func object(depth: Int) throws(JSONReader.Failure) -> JSONValue {
        index += 1
        var fields: [String: JSONValue] = [:]
        skipSpace()
        if index < end && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(fields)
        }
        while true {
            guard index < end, bytes[index] == UInt8(ascii: "\"") || (pythonLiterals && bytes[index] == UInt8(ascii: "'")) else {
                throw failure(index < end ? "expected a quoted member name" : "the input ends inside an object")
            }
            let key = try string()
            skipSpace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after the member name") }
            index += 1
            skipSpace()
            fields[key] = try value(depth: depth)
            skipSpace()
            guard index < end else { throw failure("the input ends inside an object") }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(fields)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw failure("expected ',' or '}' after a member") }
            index += 1
            skipSpace()
        }
    }

    private mutating func array(depth: Int) throws(JSONReader.Failure) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if index < end && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try value(depth: depth))
            skipSpace()
            guard index < end else { throw failure("the input ends inside an array") }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw failure("expected ',' or ']' after an array item") }
            index += 1
            skipSpace()
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReader.Failure) {
        let count = word.utf8CodeUnitCount
        guard end - index >= count, memcmp(bytes + index, word.utf8Start, count) == 0 else { throw failure(describeUnexpected()) }
        index += count
    }

    /// The Python `repr` word at `index` (`True`, `None`, `nan`, `-inf`…), consumed; nil when there is none.
    private mutating func pythonWord() -> JSONValue? {
        let words: [(StaticString, JSONValue)] = [
            ("True", .bool(true)), ("False", .bool(false)), ("None", .null),
            ("nan", .number(.nan)), ("inf", .number(.infinity)), ("-inf", .number(-.infinity)),
        ]
        for (word, value) in words {
            let count = word.utf8CodeUnitCount
            if end - index >= count, memcmp(bytes + index, word.utf8Start, count) == 0 {
                index += count
                return value
            }
        }
        return nil
    }

    private func describeUnexpected() -> String {
        let byte = bytes[index]
        if byte == UInt8(ascii: "-") || byte &- 48 < 10 { return "a malformed number" }
        if byte >= 0x21 && byte < 0x7F { return "unexpected '\(Character(Unicode.Scalar(byte)))' where a value should be" }
        return "unexpected byte 0x\(String(byte, radix: 16, uppercase: true)) where a value should be"
    }

    // MARK: Strings

    /// A quoted string at `index`; leaves `index` after the closing quote.
    mutating func string() throws(JSONReader.Failure) -> String {
        let quote = bytes[index]
        let start = index + 1
        var scan = start
        // The common case: no escapes; invalid UTF-8 is repaired by `String(decoding:)`.
        while scan < end {
            let byte = bytes[scan]
            if byte == quote {
                index = scan + 1
                return String(decoding: UnsafeBufferPointer(start: bytes + start, count: scan - start), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("a control character (0x\(String(byte, radix: 16, uppercase: true))) inside a string; it must be escaped", at: scan) }
            scan += 1
        }
        guard scan < end else { throw failure("the input ends inside a string", at: start - 1) }
        var decoded = Array(UnsafeBufferPointer(start: bytes + start, count: scan - start))
        index = scan
        while index < end {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 { throw failure("a control character (0x\(String(byte, radix: 16, uppercase: true))) inside a string; it must be escaped") }
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 1 < end else { break }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"): appendUTF8(of: try unicodeEscape(), to: &decoded)
            case UInt8(ascii: "'") where pythonLiterals: decoded.append(escape)
            default: throw failure("an unknown escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: index - 2)
            }
        }
        throw failure("the input ends inside a string", at: start - 1)
    }

    /// The scalar of `\uXXXX` (its `\u` already read), joining a surrogate pair; a lone surrogate is U+FFFD.
    private mutating func unicodeEscape() throws(JSONReader.Failure) -> Unicode.Scalar {
        let first = try hex4()
        if first >= 0xD800 && first < 0xDC00 {
            if end - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let saved = index
                index += 2
                let second = try hex4()
                if second >= 0xDC00 && second < 0xE000 {
                    return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) ?? "\u{FFFD}"
                }
                index = saved
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func hex4() throws(JSONReader.Failure) -> UInt32 {
        guard end - index >= 4 else { throw failure("a \\u escape needs four hex digits", at: index - 2) }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 55
            default: throw failure("a \\u escape needs four hex digits", at: index - 2)
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private func appendUTF8(of scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }

    // MARK: Too deep

    /// Reads past the array or object at `index` without building it, checking its syntax with a
    /// stack of open brackets rather than recursion, so no depth can exhaust the stack.
    private mutating func skipContainer() throws(JSONReader.Failure) {
        var open: [UInt8] = []
        var expectValue = true
        repeat {
            skipSpace()
            guard index < end else { throw failure("the input ends inside a nested value") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard expectValue else { throw failure("expected ',' between items") }
                open.append(byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                index += 1
                skipSpace()
                if index < end, bytes[index] == open.last! {
                    index += 1
                    open.removeLast()
                    expectValue = false
                } else if byte == UInt8(ascii: "{") {
                    try skipMemberName()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !expectValue, byte == open.last else { throw failure("unexpected '\(Character(Unicode.Scalar(byte)))'") }
                open.removeLast()
                index += 1
            case UInt8(ascii: ","):
                guard !expectValue else { throw failure("unexpected ','") }
                index += 1
                expectValue = true
                if open.last == UInt8(ascii: "}") {
                    skipSpace()
                    try skipMemberName()
                }
            default:
                guard expectValue else { throw failure("expected ',' between items") }
                _ = try value(depth: maxDepth)
                expectValue = false
            }
        } while !open.isEmpty
    }

    private mutating func skipMemberName() throws(JSONReader.Failure) {
        guard index < end, bytes[index] == UInt8(ascii: "\"") || (pythonLiterals && bytes[index] == UInt8(ascii: "'")) else {
            throw failure("expected a quoted member name")
        }
        _ = try string()
        skipSpace()
        guard index < end, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after the member name") }
        index += 1
    }
}
