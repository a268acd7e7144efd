@testable import MetricsKit

/// One spelling of a JSON value that Python and Swift can both produce exactly, to compare
/// readings: numbers by bit pattern (every NaN alike), strings by scalar, object members sorted.
/// The Python side of it is `JSONParityTests.canonicalPython`.
func canonicalForm(_ value: JSONValue) -> String {
    switch value {
    case .null: return "n"
    case .bool(let flag): return flag ? "t" : "f"
    case .number(let number):
        if number.isNaN { return "nan" }
        let hex = String(number.bitPattern, radix: 16)
        return "d" + String(repeating: "0", count: 16 - hex.count) + hex
    case .string(let text): return canonicalString(text)
    case .array(let items): return "[" + items.map(canonicalForm).joined(separator: ",") + "]"
    case .object(let fields):
        let members = fields.map { canonicalString($0.key) + ":" + canonicalForm($0.value) }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return "{" + members.joined(separator: ",") + "}"
    }
}

private func canonicalString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        if scalar.value >= 0x20 && scalar.value < 0x7F && scalar != "\"" && scalar != "\\" {
            out.unicodeScalars.append(scalar)
        } else {
            out += "\\" + String(scalar.value, radix: 16) + ";"
        }
    }
    return out + "\""
}
