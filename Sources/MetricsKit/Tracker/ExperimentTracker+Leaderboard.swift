import Foundation

/// One row of the guide's `leaderboard` (and `leaderboard.json`): a completed experiment with
/// its best profit and Sharpe, average profit and episodes.
public struct LeaderboardRow: Equatable, Sendable {
    public var id: String
    public var name: String
    public var created: Date
    public var bestProfit: Double?
    public var bestSharpe: Double?
    public var averageProfit: Double?
    public var totalEpisodes: Int
    public var hyperparameters: [String: HyperparameterValue]

    var guideJSON: OrderedJSON {
        func number(_ value: Double?) -> OrderedJSON { value.map(OrderedJSON.float) ?? .null }
        return .object([
            ("id", .string(id)), ("name", .string(name)), ("created", .string(LocalTime.isoformat(created))),
            ("best_profit", number(bestProfit)), ("best_sharpe", number(bestSharpe)), ("avg_profit", number(averageProfit)),
            ("total_episodes", .int(totalEpisodes)),
            ("hyperparameters", .object(hyperparameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value.guideJSON) })),
        ])
    }
}

extension ExperimentTracker {
    /// The guide's `leaderboard`: every completed experiment (archived ones left out) in the order
    /// they completed, as the guide appends each; `leaderboard.json` holds the same list,
    /// rewritten when one completes. Only `leaderboard(metric:topN:)` sorts. Profit and Sharpe
    /// are the metrics playing those roles (`MetricRoles`) in the results; the average is numpy's.
    public var leaderboard: [LeaderboardRow] {
        let completed = listExperiments(status: .completed).sorted { lhs, rhs in
            switch (lhs.completedAt, rhs.completedAt) {
            case let (left?, right?) where left != right: return left < right
            case (_?, nil): return true
            case (nil, _?): return false
            default: return lhs.id < rhs.id
            }
        }
        return completed.map { experiment -> LeaderboardRow in
            let records = results(experiment.id)
            let names = Set(records.flatMap(\.values.keys)).sorted()
            func role(_ role: MetricRole) -> MetricSummary {
                summary(of: MetricRoles.standard.name(for: role, among: names) ?? role.guideName, in: records, finalMetrics: experiment.finalMetrics)
            }
            let profit = role(.profit)
            let sharpe = role(.sharpe)
            return LeaderboardRow(id: experiment.id, name: experiment.name, created: experiment.createdAt, bestProfit: profit.best,
                                  bestSharpe: sharpe.best, averageProfit: profit.mean, totalEpisodes: records.count,
                                  hyperparameters: experiment.hyperparameters)
        }
    }

    /// Rewrites `leaderboard.json` (atomically).
    func writeLeaderboard() throws {
        let path = (experimentsDir as NSString).appendingPathComponent(Self.leaderboardFile)
        try LogFile.replaceAtomically(path: path, with: Array((OrderedJSON.array(leaderboard.map(\.guideJSON)).text() + "\n").utf8))
    }
}
