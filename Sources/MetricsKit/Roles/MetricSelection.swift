/// The metrics a one-shot reading needs (`summary` needs the metrics playing profit, Sharpe,
/// epsilon and loss, and the run's x): readers may leave the others unread. A CSV log's other
/// columns are not parsed at all (an SB3 `progress.csv` of 16 columns reads 3), so the figures
/// are those of reading everything, sooner.
///
/// The choice is made per file from its columns, as `MetricRoles` chooses among a run's metrics:
/// each file keeps its best candidate for every role, so the run's choice (the best of them)
/// is among what was read.
///
/// ```swift
/// let selection = MetricSelection(roles: [.profit, .loss]).keeping(["time/total_timesteps"])
/// selection.kept(among: ["rollout/ep_len_mean", "rollout/ep_rew_mean", "train/loss", "time/fps"])
/// // ["rollout/ep_rew_mean", "train/loss"]
/// ```
public struct MetricSelection: Sendable {
    public let roles: [MetricRole]
    public let table: MetricRoles
    /// Names kept whatever the roles choose (the axes a format reads its x from).
    public let alwaysKept: Set<String>

    public init(roles: [MetricRole], table: MetricRoles = .standard, alwaysKept: Set<String> = []) {
        self.roles = roles
        self.table = table
        self.alwaysKept = Set(alwaysKept.map(MetricName.canonical))
    }

    /// The same, keeping `names` too (a format's axes).
    public func keeping(_ names: Set<String>) -> MetricSelection {
        MetricSelection(roles: roles, table: table, alwaysKept: alwaysKept.union(names))
    }

    /// The names among `names` (canonical, as the catalog holds them) to read.
    public func kept(among names: [String]) -> Set<String> {
        var kept = alwaysKept.intersection(names)
        for role in roles {
            if let name = table.name(for: role, among: names) { kept.insert(name) }
        }
        return kept
    }
}
