import MetricsKit

/// Panels a run cannot fill give their place away: a panel whose role's metric the run lacks
/// (a PPO run has no epsilon, sharpe, drawdown or Q-values) shows instead the run's next most
/// useful metric that no panel shows, titled with its name: those of `preferred` first, in its
/// order, then the rest by name. A panel the config's `panels` points at a metric keeps saying
/// the run lacks it (the user asked for that one), and the win-rate panel keeps its fallback (the
/// share of profitable episodes).
///
/// ```swift
/// let specs = PanelFill.filled(PanelSpec.all, store: store, roles: roles)
/// specs[2].metric   // "train/entropy_loss" for a PPO run
/// ```
enum PanelFill {
    /// What RL runs log beside the panels' metrics, most useful first.
    static let preferred = [
        "train/entropy_loss", "train/value_loss", "train/approx_kl", "rollout/ep_len_mean", "train/policy_gradient_loss",
        "train/clip_fraction", "train/explained_variance", "train/std", "eval/mean_reward", "eval/mean_ep_length",
        "num_trades", "steps", "reward", "return",
    ]

    /// Metrics that are axes or counters, never charted in a freed place.
    static let excluded: Set<String> = [
        MetricName.episode, MetricName.timestamp, "time/iterations", "time/fps", "time/time_elapsed", "time/total_timesteps",
        "train/n_updates", "step", "global_step", "wall_time",
    ]

    static func filled(_ specs: [PanelSpec], store: RunStore, roles: MetricRoles) -> [PanelSpec] {
        let shown = Set(specs.flatMap(\.drawnRoles).compactMap { roles.name(for: $0, in: store) })
        let names = Set(store.episodeMetricNames + store.modelMetricNames)
        var spare = (preferred.filter(names.contains) + names.subtracting(preferred).sorted())
            .filter { !shown.contains($0) && !excluded.contains($0) && !$0.hasPrefix("time/") }[...]
        return specs.map { spec in
            guard spec.metric == nil, roles.overrides[spec.role] == nil, roles.name(for: spec.role, in: store) == nil,
                  !hasFallback(spec, store: store, roles: roles), let metric = spare.popFirst() else { return spec }
            return spec.showing(metric)
        }
    }

    /// Whether the panel draws something without its metric (the win rate's profitable share).
    private static func hasFallback(_ spec: PanelSpec, store: RunStore, roles: MetricRoles) -> Bool {
        if case .percent = spec.drawing { return roles.series(for: .profit, in: store) != nil }
        return false
    }
}
