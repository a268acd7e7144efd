/// A JSON document as a Python script builds it: keys in insertion order and integers told
/// from floats, written as `json.dump(value, indent=2)` writes it (`NaN`/`Infinity` bare, floats
/// always with a point or exponent).
///
/// ```swift
/// let document: OrderedJSON = .object([("episode", .int(1)), ("profit", .float(100))])
/// document.text()   // "{\n  \"episode\": 1,\n  \"profit\": 100.0\n}"
/// ```
public indirect enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    /// A value read from a file or given by a caller: numbers become floats, object keys sorted.
    public init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .float(number)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(OrderedJSON.init))
        case .object(let fields): self = .object(fields.sorted { $0.key < $1.key }.map { ($0.key, OrderedJSON($0.value)) })
        }
    }

    /// The document as `json.dump(indent=2)` writes it, without a final newline.
    public func text() -> String {
        var output = ""
        write(into: &output, depth: 0)
        return output
    }

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        lhs.text() == rhs.text()
    }

    private func write(into output: inout String, depth: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .float(let number): output += JSONText.number(number)
        case .string(let text): output += JSONText.string(text)
        case .array(let items):
            guard !items.isEmpty else { return output += "[]" }
            output += "["
            for (index, item) in items.enumerated() {
                output += index == 0 ? "\n" : ",\n"
                Self.indent(&output, depth + 1)
                item.write(into: &output, depth: depth + 1)
            }
            output += "\n"
            Self.indent(&output, depth)
            output += "]"
        case .object(let fields):
            guard !fields.isEmpty else { return output += "{}" }
            output += "{"
            for (index, (key, value)) in fields.enumerated() {
                output += index == 0 ? "\n" : ",\n"
                Self.indent(&output, depth + 1)
                output += JSONText.string(key) + ": "
                value.write(into: &output, depth: depth + 1)
            }
            output += "\n"
            Self.indent(&output, depth)
            output += "}"
        }
    }

    private static func indent(_ output: inout String, _ depth: Int) {
        output += String(repeating: " ", count: depth * 2)
    }
}
