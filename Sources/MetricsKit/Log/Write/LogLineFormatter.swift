/// Writes entries in the run-log format: JSON lines as Python's `json.dumps` would (bare `NaN`,
/// `Infinity`, `-Infinity`; shortest round-trip numbers) and CSV rows as `csv.DictWriter` would
/// (`nan`, `inf`; lists as quoted `[1.0, 2.0]`).
///
/// ```swift
/// LogLineFormatter.jsonLine(EpisodeEntry(episode: 1, profit: .nan, timestamp: 5))
/// // {"episode": 1, "profit": NaN, "sharpe": 0.0, ..., "timestamp": 5.0}
/// ```
public enum LogLineFormatter {
    public static func jsonLine(_ entry: EpisodeEntry) -> String {
        var line = "{\"episode\": \(entry.episode)"
        for (name, value) in entry.standardValues {
            line += ", " + jsonString(name) + ": " + (name == MetricName.numTrades ? "\(entry.numTrades)" : jsonNumber(value))
        }
        for (key, value) in entry.sortedCustom { line += ", " + jsonString(key) + ": " + json(value) }
        return line + ", \"timestamp\": " + jsonNumber(entry.timestamp) + "}\n"
    }

    public static func jsonLine(_ entry: ModelEntry) -> String {
        var line = "{\"episode\": \(entry.episode), \"loss\": \(jsonNumber(entry.loss))"
        if let qValues = entry.qValues {
            line += ", \"q_values\": [" + qValues.map(jsonNumber).joined(separator: ", ") + "]"
        }
        if let gradients = entry.gradients {
            line += ", \"gradients\": {" + gradients.sorted { $0.key < $1.key }
                .map { jsonString($0.key) + ": " + jsonNumber($0.value) }.joined(separator: ", ") + "}"
        }
        for (key, value) in entry.custom.sorted(by: { $0.key < $1.key }) {
            line += ", " + jsonString(key) + ": " + jsonNumber(value)
        }
        return line + ", \"timestamp\": \(jsonNumber(entry.timestamp))}\n"
    }

    /// Any JSON value on one line, as Python's `json.dumps` writes it (keys sorted).
    public static func json(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return jsonNumber(number)
        case .string(let text): return jsonString(text)
        case .array(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case .object(let fields):
            return "{" + fields.sorted { $0.key < $1.key }.map { jsonString($0.key) + ": " + json($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A value as Python's `str()` gives it in a CSV cell (`nan`, `True`, `None`, a list's JSON).
    public static func csvText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .number(let number): return csvNumber(number)
        case .string(let text): return text
        case .array, .object: return json(value)
        }
    }

    /// A number as Python's `json.dumps` writes it.
    public static func jsonNumber(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return "\(value)"
    }

    /// A JSON string literal with the escapes JSON requires.
    public static func jsonString(_ text: String) -> String {
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

    /// A number as Python's `csv` module writes a float.
    public static func csvNumber(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    /// A CSV cell, quoted when it holds a comma, quote or line break.
    public static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
