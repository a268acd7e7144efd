import Foundation

/// Any JSON value, as `JSONReader` reads it from bytes: numbers are `Double` (as Python's `float`,
/// with `NaN` and `±Infinity`), strings are valid Unicode (invalid UTF-8 and lone surrogates
/// become U+FFFD), and an object keeps the last value of a repeated key, as Python's `dict` does.
///
/// ```swift
/// let value = try JSONValue.decode(Data(#"{"loss": NaN, "q_values": [1, 2]}"#.utf8))
/// value["loss"]   // .number(.nan)
/// ```
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Reads one JSON document (see `JSONReader`); throws `JSONReader.Failure` saying what is
    /// wrong and at which byte.
    public static func decode(_ data: Data) throws -> JSONValue {
        try JSONReader.value(of: data)
    }

    /// The member `key` of an object; nil for anything else.
    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// What kind of value this is, in words, for error messages ("a string", "an array").
    public var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }
}
