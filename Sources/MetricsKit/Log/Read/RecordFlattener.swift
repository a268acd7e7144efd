import Foundation

/// Turns one decoded JSON object into a `MetricRecord`: numbers are kept by canonical name,
/// `q_values` arrays — or the seed logger's `{"mean", "std", "min", "max"}` objects — become
/// `q_mean`/`q_std`/`q_min`/`q_max`, other nested objects are flattened with dots
/// (`gradients.mean`), numeric strings and ISO-8601 timestamps are read, and `null`, booleans and
/// other strings are left out.
///
/// ```swift
/// let record = try RecordFlattener.record(from: .object(["episode": .number(3), "lr": .number(0.1)]))
/// // MetricRecord(episode: 3, values: ["learning_rate": 0.1])
/// ```
public enum RecordFlattener {
    /// Why a JSON value could not become a record.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notAnObject
        case badEpisode(String)

        public var description: String {
            switch self {
            case .notAnObject: return "not a JSON object"
            case .badEpisode(let detail): return "episode is not a whole number (\(detail))"
            }
        }
    }

    /// Flattens `value` into a record. The episode key is optional here; callers that need one check it.
    public static func record(from value: JSONValue) throws -> MetricRecord {
        guard case .object(let fields) = value else { throw Failure.notAnObject }
        var values: [String: Double] = [:]
        var episode: Int?
        // When several keys name one metric, the canonical spelling wins over aliases, and
        // aliases are applied in a fixed (name) order, so the result never depends on hash order.
        let ordered = fields.sorted { lhs, rhs in
            let lhsCanonical = MetricName.canonical(lhs.key) == lhs.key
            let rhsCanonical = MetricName.canonical(rhs.key) == rhs.key
            return lhsCanonical == rhsCanonical ? lhs.key > rhs.key : rhsCanonical
        }
        for (rawKey, field) in ordered {
            let key = MetricName.canonical(rawKey)
            if key == MetricName.episode {
                switch field {
                case .null: continue
                case .number(let number):
                    guard let whole = Int(exactly: number) else { throw Failure.badEpisode("\(number)") }
                    // Beyond 2^53 the literal's last digits were lost reading it as a double: say so.
                    guard abs(number) < 9_007_199_254_740_992 else {
                        throw Failure.badEpisode("\(whole) may not be the number written: beyond 2^53 a number here is not exact; write it as a string")
                    }
                    episode = whole
                case .string(let text):
                    guard let whole = Int(text.trimmingCharacters(in: .whitespaces)) else { throw Failure.badEpisode(text) }
                    episode = whole
                default: throw Failure.badEpisode("not a number")
                }
                continue
            }
            add(field, as: key, into: &values)
        }
        return MetricRecord(episode: episode, values: values)
    }

    /// Adds what `field` holds under `key` (as `record(from:)` does for each member).
    static func add(_ field: JSONValue, as key: String, into values: inout [String: Double]) {
        switch field {
        case .number(let number):
            values[key] = number
        case .string(let text):
            if let number = numericString(text) {
                values[key] = number
            } else if key == MetricName.timestamp, let date = ISODate.parse(text) {
                values[key] = date.timeIntervalSince1970
            }
        case .array(let items):
            let numbers = items.compactMap { item -> Double? in
                if case .number(let number) = item { return number }
                return nil
            }
            guard !numbers.isEmpty else { return }
            let summary = ValueSummary(numbers)
            if key == MetricName.qValues {
                values[MetricName.qMean] = summary.mean
                values[MetricName.qStd] = summary.standardDeviation
                values[MetricName.qMin] = summary.min
                values[MetricName.qMax] = summary.max
            } else {
                values[key + ".mean"] = summary.mean
            }
        case .object(let nested):
            for (nestedKey, nestedValue) in nested {
                add(nestedValue, as: nestedName(parent: key, child: nestedKey), into: &values)
            }
        case .null, .bool:
            return
        }
    }

    /// The name of a value nested in an object: `<parent>.<child>`, except the seed's summary of
    /// Q-values, whose `mean`, `std`, `min` and `max` are the Q-value metrics.
    static func nestedName(parent: String, child: String) -> String {
        if parent == MetricName.qValues, let summary = qSummaryNames[child] { return summary }
        return parent + "." + child
    }

    private static let qSummaryNames = ["mean": MetricName.qMean, "std": MetricName.qStd, "min": MetricName.qMin, "max": MetricName.qMax]

    private static func numericString(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { NumberParser.parseLenient($0) }
    }
}

/// Mean, population standard deviation, minimum and maximum of a list of values (as numpy's
/// `mean`, `std`, `min`, `max`: a NaN anywhere makes every result NaN).
public struct ValueSummary: Equatable, Sendable {
    public let mean: Double
    public let standardDeviation: Double
    public let min: Double
    public let max: Double

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "ValueSummary needs at least one value")
        if values.contains(where: \.isNaN) {
            (mean, standardDeviation, min, max) = (.nan, .nan, .nan, .nan)
            return
        }
        // numpy's, as the guide's `np.mean` / `np.std` give them.
        mean = NumpyMean.mean(values)
        standardDeviation = NumpyMean.std(values)
        self.min = values.min()!
        self.max = values.max()!
    }
}
