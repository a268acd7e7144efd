import Foundation
import MetricsKit

/// Alert settings from the seed's `neural_config.json` (`training_dashboard.alerts`), a
/// top-level `alerts` object, or a bare alerts object:
///
/// ```json
/// {"training_dashboard": {"alerts": {
///   "enabled": true,
///   "slack": {"enabled": true, "webhook_url": "https://hooks.slack.com/services/…"},
///   "webhook": {"enabled": true, "url": "https://ops.example/hook"},
///   "email": {"enabled": true, "smtp_host": "smtp.gmail.com", "smtp_port": 587, "username": "me@x",
///             "password_env": "SMTP_PASSWORD", "to_addrs": ["team@x"]},
///   "thresholds": "moderate",            // or {"no_improvement_episodes": 100, …}
///   "repeat_seconds": 14400, "stall_seconds": 300, "for_checks": 1, "disabled_rules": ["new_best"],
///   "retry_attempts": 5, "retry_delay_seconds": 1
/// }}}
/// ```
/// Invalid settings are rejected at start with the field and the reason.
public struct AlertConfig: Sendable {
    /// A setting that cannot be used.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let field: String
        public let reason: String
        public var description: String { "\(field): \(reason)" }
    }

    public var enabled = true
    public var thresholds = HealthThresholds.moderate
    public var repeatSeconds: TimeInterval = 4 * 3600
    /// `AlertSystem`'s throttle, as the guide's: an alert is held back while one of the same
    /// title was sent within this many seconds (`throttle_window_seconds`, 300 by default).
    public var throttleWindowSeconds: TimeInterval = 300
    public var slackWebhookURL: String?
    public var webhookURL: String?
    public var email: EmailChannel.Settings?
    /// Which metric plays each role (`training_dashboard.panels`: `{"profit": "rollout/ep_rew_mean"}`),
    /// for the rules as for the dashboard's panels and cards.
    public var roles = MetricRoles.standard
    /// How deliveries are retried (`retry_attempts`, `retry_delay_seconds`).
    public var retry = AlertDispatcher.RetryPolicy()
    /// Values never to show: webhook URLs and passwords.
    public var secrets: [String] { [slackWebhookURL, webhookURL, email?.password].compactMap { $0 } }

    /// The longest duration a setting takes (a year, in seconds).
    static let longestSeconds: Double = 366 * 86_400

    public init() {}

    /// The channels this configuration enables: Slack, webhook, e-mail.
    public func makeChannels() throws -> [AlertChannel] {
        var channels: [AlertChannel] = []
        if let url = slackWebhookURL { channels.append(try SlackChannel(webhookURL: url)) }
        if let url = webhookURL { channels.append(try WebhookChannel(url: url)) }
        if let email { channels.append(try EmailChannel(settings: email)) }
        return channels
    }

    /// `~/.config/nexlify/config.json` (or under `$XDG_CONFIG_HOME`).
    public static var defaultPath: String {
        let base = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("nexlify/config.json")
    }

    public static func load(path: String) throws -> AlertConfig {
        try parse(contents(of: path), source: path)
    }

    /// A config file's bytes, or a failure saying why it cannot be read.
    static func contents(of path: String) throws -> Data {
        do {
            return try RegularFile.contents(of: path, limit: 16 << 20)
        } catch {
            throw Failure(field: path, reason: "cannot read it (\(error)); pass --config with the path of a neural_config.json")
        }
    }

    /// The top-level object of a config file's bytes.
    static func topObject(_ data: Data, source: String) throws -> [String: JSONValue] {
        let root: JSONValue
        do {
            root = try JSONValue.decode(data)
        } catch {
            throw Failure(field: source, reason: "not valid JSON: \(error)")
        }
        guard case .object(let top) = root else { throw Failure(field: source, reason: "expected a JSON object") }
        return top
    }

    public static func parse(_ data: Data, source: String = "config") throws -> AlertConfig {
        try parse(top: topObject(data, source: source))
    }

    /// The alert settings of a config's top-level object.
    static func parse(top: [String: JSONValue]) throws -> AlertConfig {
        var prefix = "alerts"
        var alerts = top
        if case .object(let dashboard)? = top["training_dashboard"], case .object(let nested)? = dashboard["alerts"] {
            alerts = nested
            prefix = "training_dashboard.alerts"
        } else if case .object(let nested)? = top["alerts"] {
            alerts = nested
        }
        var config = AlertConfig()
        config.roles = try roles(top)
        let reader = FieldReader(fields: alerts, prefix: prefix)
        config.enabled = try reader.bool("enabled") ?? reader.bool("enable_alerts") ?? true
        // The guide's `throttle_window_seconds` is how long the same alert is held back.
        config.repeatSeconds = try reader.number("repeat_seconds", in: 1...Self.longestSeconds)
            ?? reader.number("throttle_window_seconds", in: 0...Self.longestSeconds).map { max(1, $0) } ?? config.repeatSeconds
        config.throttleWindowSeconds = try reader.number("throttle_window_seconds", in: 0...Self.longestSeconds) ?? config.throttleWindowSeconds
        config.retry.maxAttempts = try reader.integer("retry_attempts", minimum: 1, maximum: 100) ?? config.retry.maxAttempts
        config.retry.initialDelay = try reader.number("retry_delay_seconds", in: 0...3600) ?? config.retry.initialDelay
        config.thresholds = try thresholds(alerts["thresholds"], prefix: prefix + ".thresholds")
        config.thresholds.stallSeconds = try reader.number("stall_seconds", in: 1...Self.longestSeconds) ?? config.thresholds.stallSeconds
        config.thresholds.forChecks = try reader.integer("for_checks", minimum: 1, maximum: 1_000_000) ?? config.thresholds.forChecks
        for name in try reader.strings("disabled_rules") {
            guard let rule = HealthRule(rawValue: name) else {
                throw Failure(field: prefix + ".disabled_rules", reason: "unknown rule \"\(name)\"; rules are \(HealthRule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.thresholds.disabled.insert(rule)
        }
        if let slack = try reader.object("slack"), try slack.bool("enabled") ?? true {
            config.slackWebhookURL = try slack.url("webhook_url")
        }
        if let webhook = try reader.object("webhook"), try webhook.bool("enabled") ?? true {
            config.webhookURL = try webhook.url("url")
        }
        if let email = try reader.object("email"), try email.bool("enabled") ?? false {
            config.email = try emailSettings(email)
        }
        return config
    }

    /// `training_dashboard.panels`: role key → metric name, each key a role.
    private static func roles(_ top: [String: JSONValue]) throws -> MetricRoles {
        guard let dashboard = try FieldReader(fields: top, prefix: "").object("training_dashboard"),
              let panels = try dashboard.object("panels") else { return .standard }
        var names: [String: String] = [:]
        for key in panels.fields.keys.sorted() {
            guard let metric = try panels.string(key), !metric.isEmpty else {
                throw Failure(field: panels.prefix + "." + key, reason: "expected a metric name")
            }
            names[key] = metric
        }
        do {
            return try MetricRoles(config: names)
        } catch {
            throw Failure(field: panels.prefix + "." + error.key, reason: error.reason)
        }
    }

    /// The seed's `email` block plus `from_addr` (default: `username`), `password_env`,
    /// `allow_insecure` and `ca_file`.
    private static func emailSettings(_ email: FieldReader) throws -> EmailChannel.Settings {
        guard let host = try email.string("smtp_host"), !host.isEmpty else { throw Failure(field: email.prefix + ".smtp_host", reason: "missing") }
        let port = try email.integer("smtp_port", minimum: 1, maximum: 65_535) ?? 587
        guard port <= 65_535 else { throw Failure(field: email.prefix + ".smtp_port", reason: "not a port number") }
        let username = try email.string("username").flatMap { $0.isEmpty ? nil : $0 }
        var password = try email.string("password")
        if let variable = try email.string("password_env") {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw Failure(field: email.prefix + ".password_env", reason: "the environment variable \(variable) is not set")
            }
            password = value
        }
        if username != nil && (password ?? "").isEmpty {
            throw Failure(field: email.prefix + ".password", reason: "missing (or set password_env) for username")
        }
        guard let from = try email.string("from_addr") ?? username else {
            throw Failure(field: email.prefix + ".from_addr", reason: "missing (and no username to send from)")
        }
        let recipients = try email.strings("to_addrs")
        guard !recipients.isEmpty else { throw Failure(field: email.prefix + ".to_addrs", reason: "needs at least one address") }
        var settings = EmailChannel.Settings(host: host, port: port, username: username, password: password, from: from, recipients: recipients)
        settings.allowInsecure = try email.bool("allow_insecure") ?? false
        settings.caFile = try email.string("ca_file")
        return settings
    }

    private static func thresholds(_ value: JSONValue?, prefix: String) throws -> HealthThresholds {
        switch value {
        case nil, .null?:
            return .moderate
        case .string(let name)?:
            guard let preset = HealthThresholds.preset(named: name) else {
                throw Failure(field: prefix, reason: "unknown preset \"\(name)\"; use conservative, moderate or aggressive")
            }
            return preset
        case .object(let fields)?:
            let reader = FieldReader(fields: fields, prefix: prefix)
            var thresholds = try reader.string("preset").map { name -> HealthThresholds in
                guard let preset = HealthThresholds.preset(named: name) else { throw Failure(field: prefix + ".preset", reason: "unknown preset \"\(name)\"") }
                return preset
            } ?? .moderate
            thresholds.noImprovementEpisodes = try reader.integer("no_improvement_episodes", minimum: 1, maximum: 1_000_000_000) ?? thresholds.noImprovementEpisodes
            thresholds.criticalLossThreshold = try reader.number("critical_loss_threshold") ?? thresholds.criticalLossThreshold
            thresholds.minProfitWarning = try reader.number("min_profit_warning") ?? thresholds.minProfitWarning
            return thresholds
        default:
            throw Failure(field: prefix, reason: "expected a preset name or an object of thresholds")
        }
    }
}

/// Typed reads of a JSON object's fields, failing with the field's full name.
struct FieldReader {
    let fields: [String: JSONValue]
    let prefix: String

    private func failure(_ key: String, _ reason: String) -> AlertConfig.Failure {
        AlertConfig.Failure(field: name(key), reason: reason)
    }

    /// The field's full name (`training_dashboard.alerts.for_checks`).
    private func name(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw failure(key, "expected true or false")
        }
    }

    /// A finite number within `range` (by default any finite number): every setting has bounds,
    /// so that no later duration, product or conversion of it can overflow or trap.
    func number(_ key: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let value)? where value.isFinite && range.contains(value): return value
        default:
            let bounded = range.lowerBound > -Double.greatestFiniteMagnitude || range.upperBound < Double.greatestFiniteMagnitude
            throw failure(key, bounded ? "expected a number from \(HealthRules.format(range.lowerBound)) to \(HealthRules.format(range.upperBound))" : "expected a number")
        }
    }

    /// A whole number within `minimum...maximum` (never a trap on a huge or fractional value).
    func integer(_ key: String, minimum: Int, maximum: Int) throws -> Int? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let value)? where value >= Double(minimum) && value <= Double(maximum):
            if let whole = Int(exactly: value) { return whole }
            throw failure(key, "expected a whole number from \(minimum) to \(maximum)")
        default: throw failure(key, "expected a whole number from \(minimum) to \(maximum)")
        }
    }

    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw failure(key, "expected a string")
        }
    }

    func strings(_ key: String) throws -> [String] {
        switch fields[key] {
        case nil, .null?: return []
        case .array(let items)?:
            return try items.map {
                guard case .string(let value) = $0 else { throw failure(key, "expected a list of strings") }
                return value
            }
        default: throw failure(key, "expected a list of strings")
        }
    }

    func object(_ key: String) throws -> FieldReader? {
        switch fields[key] {
        case nil, .null?: return nil
        case .object(let value)?: return FieldReader(fields: value, prefix: name(key))
        default: throw failure(key, "expected an object")
        }
    }

    /// An http(s) URL; the reason never repeats the value (it may be a secret).
    func url(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else { throw failure(key, "missing") }
        guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw failure(key, "not an http(s) URL")
        }
        return value
    }
}
