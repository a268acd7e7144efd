import Foundation
import MetricsKit

/// Runs `DemoTraining` on a background thread through a real `MetricsLogger`, so `--demo`
/// exercises the same files, tailer and store as `--run`: a burst of history first, then about
/// `episodesPerSecond` episodes a second until `stop()`, or until the dashboard's `S` asks the
/// run to stop.
final class DemoWriter: @unchecked Sendable {
    let runDirectory: String
    private let logger: MetricsLogger
    private let episodesPerSecond: Double
    private let initialEpisodes: Int
    private let seed: UInt64
    private let stopped = NSCondition()
    private var stopping = false
    private var finished = false

    /// Writes into `runDirectory` (created if needed).
    init(runDirectory: String, seed: UInt64 = 42, episodesPerSecond: Double = 10, initialEpisodes: Int = 200) {
        self.runDirectory = runDirectory
        self.episodesPerSecond = episodesPerSecond
        self.initialEpisodes = initialEpisodes
        self.seed = seed
        let url = URL(fileURLWithPath: runDirectory)
        logger = MetricsLogger(experimentName: url.lastPathComponent, outputDir: url.deletingLastPathComponent().path,
                               bufferSize: 5, autoSaveInterval: 50, flushLatency: 0.25)
    }

    func start() {
        let thread = Thread { self.generate() }
        thread.name = "nexlify-demo"
        thread.start()
    }

    /// Stops generating and closes the logger (which writes the final snapshots).
    func stop() {
        stopped.lock()
        stopping = true
        stopped.broadcast()
        while !finished { stopped.wait() }
        stopped.unlock()
        logger.close()
    }

    private func generate() {
        var training = DemoTraining(seed: seed)
        var produced = 0
        while true {
            let step = training.next()
            logger.logEpisode(episode: step.episode, profit: step.profit, sharpe: step.sharpe, winRate: step.winRate,
                              drawdown: step.drawdown, numTrades: step.numTrades, epsilon: step.epsilon, learningRate: step.learningRate)
            logger.logModelMetrics(loss: step.loss, qValues: step.qValues)
            produced += 1
            // The dashboard's S ends the demo's training as it would a real one (the run is then
            // finished); its C is acknowledged, and the demo has no model to save.
            let stopRequested = logger.shouldStop()
            _ = logger.checkpointRequested()
            if stopRequested { logger.close() }
            let pause = produced < initialEpisodes ? 0 : 1 / episodesPerSecond
            stopped.lock()
            if pause > 0 && !stopping && !stopRequested { _ = stopped.wait(until: Date().addingTimeInterval(pause)) }
            let done = stopping || stopRequested
            if done {
                finished = true
                stopped.broadcast()
            }
            stopped.unlock()
            if done { return }
        }
    }
}
