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
///   "thresholds": "moderate",            // or {"no_improvement_episodes": 100, …, "trend_window": 100,
///                                        //     "q_rise_fraction": 0.25, "max_gradient": 100, …}
///   "repeat_seconds": 14400, "stall_seconds": 300, "for_checks": 1, "disabled_rules": ["new_best"],
///   "retry_attempts": 5, "retry_delay_seconds": 1
/// }}}
/// ```
/// Invalid settings are rejected at start with the field and the reason.
public struct AlertConfig: Sendable {
    /// A setting that cannot be used.
    public typealias Failure = ConfigFailure

    public var enabled = true
    public var thresholds = HealthThresholds.moderate
    public var repeatSeconds: TimeInterval = 4 * 3600
    /// `AlertSystem`'s throttle, as the guide's: an alert is held back while one of the same
    /// title was sent within this many seconds (`throttle_window_seconds`, 300 by default).
    public var throttleWindowSeconds: TimeInterval = 300
    /// The channels the config turns on, in the order of `ChannelKinds.all`.
    public var channels: [any ChannelSettings] = []
    /// Which metric plays each role (`training_dashboard.panels`: `{"profit": "rollout/ep_rew_mean"}`),
    /// for the rules as for the dashboard's panels and cards.
    public var roles = MetricRoles.standard
    /// How deliveries are retried (`retry_attempts`, `retry_delay_seconds`).
    public var retry = AlertDispatcher.RetryPolicy()
    /// Values never to show: webhook URLs and passwords.
    /// The config keys of the channels there are (`slack`, `webhook`, `email`, `alertmanager`).
    public static var channelKeys: [String] { ChannelKinds.all.map { $0.key } }
    public var secrets: [String] { channels.flatMap(\.secrets) }

    /// The longest duration a setting takes (a year, in seconds).
    static let longestSeconds: Double = 366 * 86_400

    public init() {}

    /// The channels this configuration enables.
    public func makeChannels() throws -> [AlertChannel] {
        try channels.map { try $0.makeChannel() }
    }

    /// The settings of the channel of kind `Settings`, when the config turns it on.
    public func channel<Settings: ChannelSettings>(_ kind: Settings.Type) -> Settings? {
        channels.lazy.compactMap { $0 as? Settings }.first
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
        for kind in ChannelKinds.all {
            if let block = try reader.object(kind.key), try block.bool("enabled") ?? kind.enabledByDefault {
                config.channels.append(try kind.init(block: block))
            }
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
            thresholds.trendWindow = try reader.integer("trend_window", minimum: RLHealthRules.minimumPoints, maximum: HealthThresholds.longestTrendWindow) ?? thresholds.trendWindow
            thresholds.qRiseFraction = try reader.number("q_rise_fraction", in: 0.001...1000) ?? thresholds.qRiseFraction
            thresholds.improvementSigma = try reader.number("improvement_sigma", in: 0...100) ?? thresholds.improvementSigma
            thresholds.entropyFraction = try reader.number("entropy_fraction", in: 0...1) ?? thresholds.entropyFraction
            thresholds.lossFallFraction = try reader.number("loss_fall_fraction", in: 0.001...1) ?? thresholds.lossFallFraction
            thresholds.maxGradient = try reader.number("max_gradient", in: 1e-300...1e300) ?? thresholds.maxGradient
            thresholds.gradientGrowthOrders = try reader.number("gradient_growth_orders", in: 0.1...300) ?? thresholds.gradientGrowthOrders
            return thresholds
        default:
            throw Failure(field: prefix, reason: "expected a preset name or an object of thresholds")
        }
    }
}
