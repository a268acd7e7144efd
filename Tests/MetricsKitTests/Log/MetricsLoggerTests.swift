import Foundation
import Synchronization
import Testing
@testable import MetricsKit

@Suite struct MetricsLoggerTests {
    private func records<D: RecordDecoder>(in path: String, decoder: D) -> [MetricRecord] {
        var decoder = decoder
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return decodeLines(lines, with: &decoder).records
    }

    private func logSampleRun(_ logger: MetricsLogger, episodes: Int) {
        for episode in 0..<episodes {
            let custom: [String: JSONValue] = episode >= episodes / 2 ? ["volatility": .number(Double(episode) / 100)] : [:]
            logger.logEpisode(
                episode: episode, profit: episode == 3 ? .nan : Double(episode) * 1.25 - 10, sharpe: episode == 4 ? .infinity : 0.1,
                winRate: 0.5, drawdown: 2, numTrades: episode, epsilon: 1 / Double(episode + 1), learningRate: 1e-4, custom: custom)
            if episode % 3 == 0 {
                logger.logModelMetrics(loss: episode == 6 ? .nan : 1 / Double(episode + 1), qValues: [1, 2, Double(episode)], gradients: ["mean": 0.01, "std": 0.001])
            }
        }
    }

    @Test func whatTheLoggerWritesIsReadBackExactly() throws {
        let directory = TemporaryDirectory("logger")
        let logger = MetricsLogger(experimentName: "dqn", outputDir: directory.path, bufferSize: 7, autoSaveInterval: 5)
        logSampleRun(logger, episodes: 60)
        logger.close()
        let run = directory.file("dqn")
        let expectedEpisodes = logger.allEpisodes.map(\.record)
        let expectedModels = logger.allModelMetrics.map(\.record)
        #expect(expectedEpisodes.count == 60 && expectedModels.count == 20)

        #expect(records(in: run + "/episodes.jsonl", decoder: JSONLinesDecoder(requiresEpisode: true)) == expectedEpisodes)
        #expect(records(in: run + "/model_metrics.jsonl", decoder: JSONLinesDecoder(requiresEpisode: false)) == expectedModels)
        // CSV cells are empty where an episode had no custom metric: compare without the absent keys.
        #expect(records(in: run + "/metrics.csv", decoder: CSVRecordDecoder()) == expectedEpisodes)
        #expect(records(in: run + "/model_metrics.csv", decoder: CSVRecordDecoder()) == expectedModels)
        let document = SnapshotStream.read(Array(try Data(contentsOf: URL(fileURLWithPath: run + "/metrics.json"))), catalog: MetricCatalog())
        #expect(document.outcome == .complete && document.stream.experimentName == "dqn")
        #expect(document.episodes.records == expectedEpisodes)
        #expect(document.modelMetrics.records == expectedModels)
        #expect(document.stream.skipped.isEmpty)
        // The wider header arrived when "volatility" first appeared.
        #expect(directory.read("dqn/metrics.csv").hasPrefix("episode,profit,sharpe,win_rate,drawdown,num_trades,epsilon,learning_rate,volatility,timestamp\n"))
    }

    @Test func synchronousModeWritesTheSameFiles() {
        let directory = TemporaryDirectory("logger")
        let logger = MetricsLogger(experimentName: "sync", outputDir: directory.path, bufferSize: 4, enableAsync: false)
        logSampleRun(logger, episodes: 10)
        // Eight entries pending at most: the first flushes happened in the log calls.
        #expect(records(in: directory.file("sync/episodes.jsonl"), decoder: JSONLinesDecoder(requiresEpisode: true)).count >= 6)
        logger.close()
        #expect(records(in: directory.file("sync/episodes.jsonl"), decoder: JSONLinesDecoder(requiresEpisode: true)) == logger.allEpisodes.map(\.record))
    }

    @Test func entriesReachTheDiskWithinTheFlushLatencyWithoutClosing() throws {
        let directory = TemporaryDirectory("logger")
        let logger = MetricsLogger(experimentName: "live", outputDir: directory.path, bufferSize: 1000, flushLatency: 0.2)
        defer { logger.close() }
        logger.logEpisode(episode: 1, profit: 5)
        let deadline = Date().addingTimeInterval(3)
        while directory.read("live/episodes.jsonl").isEmpty && Date() < deadline { usleep(20_000) }
        #expect(records(in: directory.file("live/episodes.jsonl"), decoder: JSONLinesDecoder(requiresEpisode: true)).map(\.episode) == [1])
    }

    @Test func manyThreadsCanLogAtOnce() {
        let directory = TemporaryDirectory("logger")
        let logger = MetricsLogger(experimentName: "threads", outputDir: directory.path, bufferSize: 16)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<500 {
                logger.logEpisode(episode: thread * 500 + index, profit: Double(index))
                if index % 10 == 0 { logger.logModelMetrics(loss: Double(thread)) }
            }
        }
        logger.close()
        let episodes = records(in: directory.file("threads/episodes.jsonl"), decoder: JSONLinesDecoder(requiresEpisode: true))
        #expect(Set(episodes.compactMap(\.episode)) == Set(0..<4000))
        #expect(episodes.count == 4000)
        #expect(records(in: directory.file("threads/model_metrics.jsonl"), decoder: JSONLinesDecoder(requiresEpisode: false)).count == 400)
    }

    @Test func queriesMirrorTheSeed() throws {
        let directory = TemporaryDirectory("logger")
        let logger = MetricsLogger(experimentName: "q", outputDir: directory.path)
        defer { logger.close() }
        for (episode, profit) in [10.0, 30, .nan, 20, 30].enumerated() {
            logger.logEpisode(episode: episode, profit: profit, sharpe: Double(episode), custom: ["score": .number(Double(10 - episode))])
        }
        logger.logModelMetrics(loss: 0.5)
        #expect(logger.latestEpisode?.episode == 4)
        #expect(logger.bestEpisode()?.episode == 1)
        #expect(logger.bestEpisode(metric: "score")?.episode == 0)
        #expect(logger.bestEpisode(metric: "sharpe_ratio")?.episode == 4)
        #expect(logger.smoothedMetric("profit", window: 3)?.isNaN == true, "numpy's mean: a NaN among the values gives NaN")
        #expect(logger.smoothedMetric("profit", window: 2) == 25)
        #expect(logger.smoothedMetric("missing") == nil)
        let stats = logger.statistics()
        #expect(stats.totalEpisodes == 5)
        #expect(stats.bestProfit == 30 && stats.bestEpisode == 1)
        #expect(stats.averageProfit == 22.5)
        #expect(stats.latestLoss == 0.5)
        #expect(stats.writeFailures == 0)
        let saved = try logger.saveMetrics(format: .csv)
        #expect(saved.lastPathComponent.hasPrefix("q_") && saved.pathExtension == "csv" && saved.deletingLastPathComponent().path == directory.path)
        let source = try RunSource(path: saved.path, mustExist: true)
        source.readToEnd()
        #expect(source.store.episodeCount == 5)
    }

    @Test func aDiskFullFailureIsReportedAndTrainingIsNotSlowed() throws {
        let directory = TemporaryDirectory("logger")
        try FileManager.default.createDirectory(atPath: directory.file("full"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.file("full/episodes.jsonl"), withDestinationPath: "/dev/full")
        let failures = Mutex<[String]>([])
        let logger = MetricsLogger(experimentName: "full", outputDir: directory.path, bufferSize: 10, onWriteFailure: { failure in
            failures.withLock { $0.append(failure.description) }
        })
        let start = ContinuousClock.now
        for episode in 0..<5000 { logger.logEpisode(episode: episode, profit: 1) }
        let elapsed = ContinuousClock.now - start
        logger.flush()
        let stats = logger.statistics()
        #expect(stats.writeFailures > 0)
        #expect(stats.lastWriteFailure?.contains("No space left on device") == true)
        #expect(stats.pendingEntries == 5000)
        #expect(failures.withLock { $0.first?.contains("episodes.jsonl") } == true)
        // 5,000 calls in well under a second even while every write fails (they are ~1 µs each).
        #expect(elapsed < .seconds(1))
        logger.close()
    }

    /// A write that keeps failing is retried once per flush latency, not in a loop that burns a core.
    @Test func aFailingDiskIsRetriedAtTheFlushLatencyNotInALoop() throws {
        let directory = TemporaryDirectory("logger-retry")
        directory.write("blocked", "a file where the run directory should be")
        let logger = MetricsLogger(experimentName: "blocked", outputDir: directory.path, bufferSize: 5, flushLatency: 0.2)
        for episode in 0..<50 { logger.logEpisode(episode: episode, profit: 1) }
        Thread.sleep(forTimeInterval: 1)
        let failures = logger.statistics().writeFailures
        #expect(failures >= 1 && failures <= 8, "\(failures) attempts in 1 s at a flush latency of 0.2 s")
        try FileManager.default.removeItem(atPath: directory.file("blocked"))
        logger.close()
        #expect(records(in: directory.file("blocked/episodes.jsonl"), decoder: JSONLinesDecoder(requiresEpisode: true)).count == 50)
    }

    @Test func aRemovedDirectoryIsRecreatedWithTheWholeHistory() throws {
        let directory = TemporaryDirectory("logger")
        let logger = MetricsLogger(experimentName: "gone", outputDir: directory.path, bufferSize: 5)
        for episode in 0..<20 { logger.logEpisode(episode: episode, profit: 1) }
        logger.flush()
        // The run directory is deleted and a plain file put in its place: writes must fail.
        try FileManager.default.removeItem(atPath: directory.file("gone"))
        directory.write("gone", "not a directory")
        for episode in 20..<40 { logger.logEpisode(episode: episode, profit: 2) }
        logger.flush()
        #expect(logger.statistics().writeFailures > 0)
        #expect(logger.statistics().lastWriteFailure?.contains("gone") == true)
        // The obstacle goes away: the next write re-creates the directory with every episode.
        try FileManager.default.removeItem(atPath: directory.file("gone"))
        for episode in 40..<45 { logger.logEpisode(episode: episode, profit: 3) }
        logger.close()
        let episodes = records(in: directory.file("gone/episodes.jsonl"), decoder: JSONLinesDecoder(requiresEpisode: true))
        #expect(episodes.compactMap(\.episode) == Array(0..<45))
        #expect(logger.statistics().pendingEntries == 0)
    }
}
