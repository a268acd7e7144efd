import Foundation

/// The config's `email` block (off unless `"enabled": true`).
extension EmailChannel.Settings: ConfiguredChannelSettings {
    static let key = "email"
    static let enabledByDefault = false

    /// The seed's `email` block plus `from_addr` (default: `username`), `password_env`,
    /// `allow_insecure` and `ca_file`.
    init(block email: FieldReader) throws {
        guard let host = try email.string("smtp_host"), !host.isEmpty else { throw ConfigFailure(field: email.prefix + ".smtp_host", reason: "missing") }
        let port = try email.integer("smtp_port", minimum: 1, maximum: 65_535) ?? 587
        guard port <= 65_535 else { throw ConfigFailure(field: email.prefix + ".smtp_port", reason: "not a port number") }
        let username = try email.string("username").flatMap { $0.isEmpty ? nil : $0 }
        var password = try email.string("password")
        if let variable = try email.string("password_env") {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw ConfigFailure(field: email.prefix + ".password_env", reason: "the environment variable \(variable) is not set")
            }
            password = value
        }
        if username != nil && (password ?? "").isEmpty {
            throw ConfigFailure(field: email.prefix + ".password", reason: "missing (or set password_env) for username")
        }
        guard let from = try email.string("from_addr") ?? username else {
            throw ConfigFailure(field: email.prefix + ".from_addr", reason: "missing (and no username to send from)")
        }
        let recipients = try email.strings("to_addrs")
        guard !recipients.isEmpty else { throw ConfigFailure(field: email.prefix + ".to_addrs", reason: "needs at least one address") }
        self.init(host: host, port: port, username: username, password: password, from: from, recipients: recipients)
        allowInsecure = try email.bool("allow_insecure") ?? false
        caFile = try email.string("ca_file")
    }

    public var secrets: [String] { password.map { [$0] } ?? [] }
    public func makeChannel() throws -> AlertChannel { try EmailChannel(settings: self) }
}
