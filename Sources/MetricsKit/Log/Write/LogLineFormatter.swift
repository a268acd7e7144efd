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
            line += ", " + JSONText.string(name) + ": " + (name == MetricName.numTrades ? "\(entry.numTrades)" : JSONText.number(value))
        }
        for (key, value) in entry.sortedCustom { line += ", " + JSONText.string(key) + ": " + JSONText.value(value) }
        return line + ", \"timestamp\": " + JSONText.number(entry.timestamp) + "}\n"
    }

    public static func jsonLine(_ entry: ModelEntry) -> String {
        var line = "{\"episode\": \(entry.episode), \"loss\": \(JSONText.number(entry.loss))"
        if let qValues = entry.qValues {
            line += ", \"q_values\": [" + qValues.map(JSONText.number).joined(separator: ", ") + "]"
        }
        if let gradients = entry.gradients {
            line += ", \"gradients\": {" + gradients.sorted { $0.key < $1.key }
                .map { JSONText.string($0.key) + ": " + JSONText.number($0.value) }.joined(separator: ", ") + "}"
        }
        for (key, value) in entry.custom.sorted(by: { $0.key < $1.key }) {
            line += ", " + JSONText.string(key) + ": " + JSONText.number(value)
        }
        return line + ", \"timestamp\": \(JSONText.number(entry.timestamp))}\n"
    }

    /// A value as Python's `str()` gives it in a CSV cell (`nan`, `True`, `None`, a list's JSON).
    public static func csvText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .number(let number): return csvNumber(number)
        case .string(let text): return text
        case .array, .object: return JSONText.value(value)
        }
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
