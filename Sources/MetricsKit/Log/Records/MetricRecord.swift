/// One decoded log record: an episode number (absent only in model-metric records that carry
/// none) and its numeric values by canonical metric name.
///
/// Non-finite values (`NaN`, `±Infinity`) are values, not errors; a `null` is simply absent.
/// ```swift
/// let record = MetricRecord(episode: 3, values: ["profit": 12.5, "loss": .nan])
/// record["profit"]   // 12.5
/// ```
public struct MetricRecord: Equatable, Sendable {
    public var episode: Int?
    public var values: [String: Double]

    public init(episode: Int?, values: [String: Double]) {
        self.episode = episode
        self.values = values
    }

    public subscript(name: String) -> Double? { values[MetricName.canonical(name)] }

    /// Equality that treats two NaNs as the same value (a record read back must equal the one written).
    public static func == (lhs: MetricRecord, rhs: MetricRecord) -> Bool {
        guard lhs.episode == rhs.episode, lhs.values.count == rhs.values.count else { return false }
        for (key, value) in lhs.values {
            guard let other = rhs.values[key] else { return false }
            if value != other && !(value.isNaN && other.isNaN) { return false }
        }
        return true
    }
}
