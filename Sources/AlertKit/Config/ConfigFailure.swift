/// A setting of the config that cannot be used: its full name and why
/// (`training_dashboard.alerts.email.smtp_port: expected a whole number from 1 to 65535`).
///
/// ```swift
/// ConfigFailure(field: "alerts.for_checks", reason: "expected a whole number").description
/// ```
public struct ConfigFailure: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let reason: String
    public var description: String { "\(field): \(reason)" }

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}
