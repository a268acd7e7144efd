import Foundation

/// Any JSON value, decoded leniently: Foundation's `JSONDecoder` with `allowsJSON5`, so bare
/// `NaN`/`Infinity` (Python's `json.dumps`), single quotes and trailing commas are accepted.
///
/// This is the slow, general path; flat lines of numbers go through `FlatLineScanner` instead.
/// ```swift
/// let value = try JSONValue.decode(Data(#"{"loss": NaN, "q_values": [1, 2]}"#.utf8))
/// ```
public enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Why text was refused before decoding.
    public struct UnsafeInput: Error, CustomStringConvertible {
        public var description: String { "a number with an exponent but no exponent digits" }
    }

    /// Decodes one JSON document leniently. Text that would crash Foundation's decoder is
    /// refused with `UnsafeInput` (see `JSON5Guard`).
    public static func decode(_ data: Data) throws -> JSONValue {
        guard JSON5Guard.isSafe(data) else { throw UnsafeInput() }
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return try decoder.decode(JSONValue.self, from: data)
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
