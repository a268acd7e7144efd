/// Gauges in Prometheus's text exposition format (0.0.4) or in OpenMetrics 1.0 text, whichever a
/// scraper asks for with `Accept`. Our own writer, not swift-prometheus's registry: the exposition
/// is rebuilt whole from the runs at each refresh (a snapshot, not live instruments), OpenMetrics
/// must end with `# EOF` and spell NaN and the infinities `NaN`, `+Inf`, `-Inf` (Swift's `nan`, `inf`
/// do not parse there), and the registry rewrites metric names with the digits 1–8 in them.
///
/// ```swift
/// var family = PrometheusText.Family(name: "nexlify_profit", help: "Latest episode profit.")
/// family.add(12.5, labels: [("run", "dqn"), ("host", "gpu1")])
/// PrometheusText.render([family], format: .prometheus)
/// // # HELP nexlify_profit Latest episode profit.\n# TYPE nexlify_profit gauge\nnexlify_profit{run="dqn",host="gpu1"} 12.5\n
/// ```
public enum PrometheusText {
    /// The two text formats, and the content type each is served with.
    public enum Format: Equatable, Sendable {
        case prometheus, openMetrics

        public var contentType: String {
            switch self {
            case .prometheus: return "text/plain; version=0.0.4; charset=utf-8"
            case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
            }
        }

        /// OpenMetrics when the `Accept` header names it, else Prometheus's text format.
        public static func negotiated(accept: String?) -> Format {
            accept?.lowercased().contains("application/openmetrics-text") == true ? .openMetrics : .prometheus
        }
    }

    /// One gauge and its samples, one per label set.
    public struct Family: Equatable, Sendable {
        public let name: String
        public let help: String
        public private(set) var samples: [(labels: [(String, String)], value: Double)] = []

        public init(name: String, help: String) {
            self.name = name
            self.help = help
        }

        public mutating func add(_ value: Double, labels: [(String, String)]) {
            samples.append((labels, value))
        }

        public static func == (lhs: Family, rhs: Family) -> Bool {
            lhs.name == rhs.name && lhs.help == rhs.help && lhs.samples.count == rhs.samples.count
                && zip(lhs.samples, rhs.samples).allSatisfy { $0.value.bitPattern == $1.value.bitPattern && $0.labels.elementsEqual($1.labels, by: ==) }
        }
    }

    /// The exposition of `families` (those without samples are left out).
    public static func render(_ families: [Family], format: Format) -> String {
        var text = ""
        for family in families where !family.samples.isEmpty {
            text += "# HELP \(family.name) \(escapedHelp(family.help))\n# TYPE \(family.name) gauge\n"
            for sample in family.samples {
                text += family.name
                if !sample.labels.isEmpty {
                    text += "{" + sample.labels.map { "\($0.0)=\"\(escapedLabelValue($0.1))\"" }.joined(separator: ",") + "}"
                }
                text += " " + number(sample.value) + "\n"
            }
        }
        if format == .openMetrics { text += "# EOF\n" }
        return text
    }

    /// A sample value as both formats spell it.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Backslash, double quote and line feed escaped, as both formats require in label values.
    static func escapedLabelValue(_ value: String) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    private static func escapedHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
