/// The one table of which metric plays which role in a run: for each `MetricRole`, the
/// candidate names in order of preference — the guide's name first, then what each log format
/// declares its writers call it (`LogFormat.roleNames`: Stable-Baselines3's
/// `rollout/ep_rew_mean` for profit) — and the config's overrides. The panels, the KPI cards,
/// `summary`, the runs table, the leaderboard and every health rule ask this table.
///
/// A run's metric for a role is, in this order: the override when the config names one (and
/// nothing else); a metric named exactly as a candidate; one whose name matches a candidate with
/// case and separators ignored (`Q/Mean` for `q_mean`); one whose last `/` part is a candidate
/// or one of its aliases (`custom/sharpe`, `eval/sharpe_ratio` for `sharpe`).
///
/// ```swift
/// let roles = try MetricRoles(config: ["profit": "custom/pnl"])
/// roles.name(for: .loss, in: store)            // "train/loss" in an SB3 run
/// roles.series(for: .profit, in: store)        // the series of "custom/pnl"
/// roles.name(for: .sharpe, among: ["custom/sharpe", "loss"])   // "custom/sharpe"
/// ```
public struct MetricRoles: Equatable, Sendable {
    /// The table without overrides.
    public static let standard = MetricRoles()

    /// Every role's candidates, from the guide and the registry's formats.
    public static let candidates: [MetricRole: [String]] = {
        var table: [MetricRole: [String]] = [:]
        for role in MetricRole.allCases {
            var names = [role.guideName]
            for format in LogFormats.all {
                for name in format.roleNames[role] ?? [] where !names.contains(name) { names.append(name) }
            }
            table[role] = names
        }
        return table
    }()

    /// Metric names the config sets for roles.
    public let overrides: [MetricRole: String]

    public init(overrides: [MetricRole: String] = [:]) {
        self.overrides = overrides
    }

    /// A config's `panels` object (role key → metric name).
    public init(config: [String: String]) throws(MetricRoles.Failure) {
        var overrides: [MetricRole: String] = [:]
        for (key, name) in config.sorted(by: { $0.key < $1.key }) {
            guard let role = MetricRole(rawValue: key) else {
                throw Failure(key: key, reason: "no such role; the roles are " + MetricRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            overrides[role] = name
        }
        self.init(overrides: overrides)
    }

    /// A config names a role that does not exist.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        /// The key of the config's `panels` object.
        public let key: String
        public let reason: String
        public var description: String { "training_dashboard.panels.\(key): \(reason)" }
    }

    /// The candidates of `role`, in order of preference.
    public func candidates(for role: MetricRole) -> [String] {
        Self.candidates[role] ?? [role.guideName]
    }

    /// The metric playing `role` in the run, when the run has one.
    public func name(for role: MetricRole, in store: RunStore) -> String? {
        let names = role.isModelMetric ? store.modelMetricNames + store.episodeMetricNames : store.episodeMetricNames + store.modelMetricNames
        return name(for: role, among: names)
    }

    /// The series of the metric playing `role` in the run.
    public func series(for role: MetricRole, in store: RunStore) -> MetricSeries? {
        name(for: role, in: store).flatMap { Self.series(named: $0, in: store, modelFirst: role.isModelMetric) }
    }

    /// A metric's series, among the preferred kind of metrics first.
    public static func series(named name: String, in store: RunStore, modelFirst: Bool) -> MetricSeries? {
        modelFirst ? store.modelSeries(named: name) ?? store.episodeSeries(named: name)
            : store.episodeSeries(named: name) ?? store.modelSeries(named: name)
    }

    /// The name among `names` playing `role` (the keys of a record, the metrics of a run); with
    /// several at one rule, the first in `names`.
    public func name(for role: MetricRole, among names: [String]) -> String? {
        if let named = overrides[role] { return names.contains(named) ? named : nil }
        return RoleMatchCache.shared.name(for: .init(role: role, names: names)) { match(role, among: names) }
    }

    /// The match without the config's overrides (which `name(for:among:)` applies first).
    private func match(_ role: MetricRole, among names: [String]) -> String? {
        let candidates = candidates(for: role)
        let present = Set(names)
        if let exact = candidates.first(where: present.contains) { return exact }
        let loose = candidates.map(Self.loose)
        for candidate in loose {
            if let match = names.first(where: { Self.loose($0) == candidate }) { return match }
        }
        let canonical = Set(candidates.map(MetricName.canonical))
        return names.first { name in
            guard let slash = name.lastIndex(of: "/") else { return false }
            return canonical.contains(MetricName.canonical(String(name[name.index(after: slash)...])))
        }
    }

    /// A name with case and separators (`/`, `.`, `-`, space) ignored.
    private static func loose(_ name: String) -> String {
        String(name.lowercased().map { "/.- ".contains($0) ? "_" : $0 })
    }
}
