import Foundation

/// Any JSON value, as `JSONReader` reads it from bytes: numbers are `Double` (as Python's `float`,
/// with `NaN` and `±Infinity`), strings are valid Unicode (invalid UTF-8 and lone surrogates
/// become U+FFFD), and an object keeps the last value of a repeated key, as Python's `dict` does.
///
/// ```swift
/// let value = try JSONValue.decode(Data(#"{"loss": NaN, "q_values": [1, 2]}"#.utf8))
/// value["loss"]   // .number(.nan)
/// ```
public enum JSONValue: Equatable, Sendable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Any value, through a decoder (our `JSONValueDecoder`: never Foundation's on file bytes).
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        }
    }

    /// Compact JSON text of the value (object members sorted), as a hyperparameter is shown.
    public var compactText: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
        case .string(let text): return JSONText.string(text)
        case .array(let items): return "[" + items.map(\.compactText).joined(separator: ", ") + "]"
        case .object(let fields): return "{" + fields.sorted { $0.key < $1.key }.map { JSONText.string($0.key) + ": " + $0.value.compactText }.joined(separator: ", ") + "}"
        }
    }

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
