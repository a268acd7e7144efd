/// How serious an alert is, as the seed's AlertSystem names it: `info` (green: training
/// complete, new best), `warning` (yellow: slow learning, low profit), `critical` (red: NaN,
/// exploding loss).
///
/// ```swift
/// AlertLevel.critical > .warning   // true
/// AlertLevel(rawValue: "warning")  // .warning
/// ```
public enum AlertLevel: String, Codable, Sendable, Comparable, CaseIterable {
    case info, warning, critical

    public static func < (lhs: AlertLevel, rhs: AlertLevel) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .critical: return 2
        }
    }
}
