/// JSON text as Python's `json.dumps` writes it: bare `NaN`, `Infinity`, `-Infinity`, shortest
/// round-trip numbers, the escapes JSON requires, keys sorted.
///
/// ```swift
/// JSONText.value(["b": 1, "a": .nan])   // {"a": NaN, "b": 1.0}
/// JSONText.string("say \"hi\"")          // "say \"hi\""
/// ```
public enum JSONText {
    /// Any JSON value on one line, as Python's `json.dumps` writes it (keys sorted).
    public static func value(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let figure): return Self.number(figure)
        case .string(let text): return Self.string(text)
        case .array(let items): return "[" + items.map(Self.value).joined(separator: ", ") + "]"
        case .object(let fields):
            return "{" + fields.sorted { $0.key < $1.key }.map { Self.string($0.key) + ": " + Self.value($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A number as Python's `json.dumps` writes it.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    /// A JSON string literal with the escapes JSON requires.
    public static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
