import MetricsKit
@testable import NexlifyTUI

/// Runs built in memory for view tests: the seeded demo generator, ingested into a store.
enum TestRuns {
    static func demoStore(episodes: Int, seed: UInt64 = 7) -> RunStore {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var episodesBatch = RecordBatch(catalog: catalog)
        var modelBatch = RecordBatch(catalog: catalog)
        var training = DemoTraining(seed: seed)
        for _ in 0..<episodes {
            let step = training.next()
            episodesBatch.append(MetricRecord(episode: step.episode, values: [
                "profit": step.profit, "sharpe": step.sharpe, "win_rate": step.winRate, "drawdown": step.drawdown,
                "num_trades": Double(step.numTrades), "epsilon": step.epsilon, "learning_rate": step.learningRate,
            ]))
            let summary = ValueSummary(step.qValues)
            modelBatch.append(MetricRecord(episode: step.episode, values: [
                "loss": step.loss, "q_mean": summary.mean, "q_std": summary.standardDeviation, "q_min": summary.min, "q_max": summary.max,
            ]))
        }
        store.ingestEpisodes(episodesBatch)
        store.ingestModelMetrics(modelBatch)
        return store
    }

    static func state(theme: String = "cyberpunk") -> AppState {
        var state = AppState(theme: Theme.builtIn(theme)!)
        state.status = SourceStatus(runPath: "training_logs/dqn", state: "following", skippedLines: 0, secondsSinceUpdate: 3)
        return state
    }

    /// A run fed episode by episode, as a followed log grows.
    struct GrowingRun {
        let catalog = MetricCatalog()
        var store: RunStore
        var training: DemoTraining

        init(seed: UInt64) {
            store = RunStore(catalog: catalog)
            training = DemoTraining(seed: seed)
        }

        var heldBack: Int?

        /// `holdBack`: the first episode's record is kept back; `sendLate`: the one kept back
        /// arrives now, with a spike (a record out of order).
        mutating func grow(by episodes: Int, gapAt: Int? = nil, holdBack: Bool = false, sendLate: Bool = false) {
            var batch = RecordBatch(catalog: catalog), model = RecordBatch(catalog: catalog)
            if sendLate, let episode = heldBack { batch.append(MetricRecord(episode: episode, values: ["profit": 5e6])) }
            for index in 0..<episodes {
                let step = training.next()
                if holdBack && index == 0 {
                    heldBack = step.episode
                    continue
                }
                let profit = step.episode == gapAt ? Double.nan : step.profit
                batch.append(MetricRecord(episode: step.episode, values: ["profit": profit, "sharpe": step.sharpe, "win_rate": step.winRate,
                                                                          "drawdown": step.drawdown, "epsilon": step.epsilon, "learning_rate": step.learningRate]))
                let summary = ValueSummary(step.qValues)
                model.append(MetricRecord(episode: step.episode, values: ["loss": step.loss, "q_mean": summary.mean, "q_std": summary.standardDeviation]))
            }
            store.ingestEpisodes(batch)
            store.ingestModelMetrics(model)
        }
    }
}
