import Foundation
import Testing
@testable import MetricsKit

/// The guide's MetricsLogger behaviours, translated from its package's own test cases, with the
/// exact values the guide documents.
@Suite struct MetricsLoggerGuideTests {
    @Test func diagnosticsLatestModelHistoryAndWeights() {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "g", outputDir: directory.path)
        defer { logger.close() }
        #expect(logger.latestModel == nil && logger.diagnostics.isEmpty && logger.episodeHistory().isEmpty)
        for episode in 0..<30 { logger.logEpisode(episode: episode, profit: Double(episode)) }
        logger.logModelMetrics(loss: 0.5, qValues: [1, 2, 3], gradients: ["mean": 0.01], weights: ["layer1": ["norm": 2.5], "frozen": false])
        logger.logDiagnostic("replay_size", 1024)
        logger.logDiagnostic("replay_size", 2048)
        logger.logDiagnostic("note", "target network synced")
        #expect(logger.latestModel?.loss == 0.5 && logger.latestModel?.weights?["frozen"] == .bool(false))
        #expect(logger.latestModel?.episode == 29)
        #expect(logger.diagnostics["replay_size"]?.map(\.value) == [1024, 2048])
        #expect(logger.diagnostics["note"]?.first?.value == "target network synced")
        #expect(logger.episodeHistory(lastN: 3).map(\.episode) == [27, 28, 29])
        #expect(logger.episodeHistory(lastN: 100).count == 30 && logger.episodeHistory().count == 30 && logger.episodeHistory(lastN: 0).isEmpty)
    }

    @Test func smoothingUsesTheGuidesWindowPerMetric() {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "s", outputDir: directory.path)
        defer { logger.close() }
        for episode in 1...40 {
            logger.logEpisode(episode: episode, profit: Double(episode), sharpe: Double(episode) * 2, winRate: Double(episode) / 100,
                              custom: ["score": .number(Double(episode))])
            logger.logModelMetrics(loss: Double(episode))
        }
        #expect(MetricsLogger.smoothingWindows == ["profit": 10, "loss": 20, "sharpe": 10, "win_rate": 20])
        #expect(logger.smoothedMetric("profit") == 35.5)                  // mean of 31…40
        #expect(logger.smoothedMetric("sharpe") == 71)                    // 2 × 35.5
        #expect(logger.smoothedMetric("win_rate") == 0.30500000000000005) // numpy's mean of 0.21…0.40, to the last digit
        #expect(logger.smoothedMetric("loss") == nil)                     // episode records only, as the guide's
        #expect(logger.smoothedMetric("score") == 35.5)                   // other metrics: 10
        #expect(logger.smoothedMetric("profit", window: 4) == 38.5)
    }

    @Test func statisticsCarryTheGuidesKeys() throws {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "st", outputDir: directory.path)
        defer { logger.close() }
        #expect(logger.statistics().guideJSON() == .object([]))
        for episode in 0..<60 { logger.logEpisode(episode: episode, profit: Double(episode % 7), sharpe: episode == 5 ? 9 : Double(episode) / 100) }
        let stats = logger.statistics()
        #expect(stats.totalEpisodes == 60 && stats.bestProfit == 6 && stats.bestSharpe == 9)
        let recentProfits: [Double] = (10..<60).map { Double($0 % 7) }
        let recentSharpes: [Double] = (10..<60).map { Double($0) / 100 }
        let expectedProfit = recentProfits.reduce(0, +) / 50
        let expectedSharpe = recentSharpes.reduce(0, +) / 50
        #expect(stats.recentAverageProfit == expectedProfit)
        #expect(stats.recentAverageSharpe == expectedSharpe)
        #expect(stats.trainingTime > 0 && (stats.averageLogTimeMs ?? -1) > 0 && (stats.averageLogTimeMs ?? 1) < 1)
        guard case .object(let fields) = stats.guideJSON() else { Issue.record("not an object"); return }
        #expect(fields.prefix(7).map(\.0) == ["total_episodes", "training_time", "best_profit", "best_sharpe", "recent_avg_profit", "recent_avg_sharpe", "avg_log_time_ms"])
    }

    @Test func aCSVSaveWithNoEpisodeWritesNoFile() throws {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "none", outputDir: directory.path)
        defer { logger.close() }
        logger.logModelMetrics(loss: 0.5)
        let saved = try logger.saveMetrics(format: .csv)
        #expect(saved.pathExtension == "csv" && !FileManager.default.fileExists(atPath: saved.path), "as the guide's: the path, no file")
        #expect(FileManager.default.fileExists(atPath: try logger.saveMetrics(format: .json).path))
    }

    @Test func customMetricsTakeAnyValue() throws {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "c", outputDir: directory.path)
        logger.logEpisode(episode: 1, profit: 100, custom: ["custom_score": 0.95, "regime": "bull", "positions": [1, 2, 3], "hedged": true, "note": nil])
        let entry = try #require(logger.latestEpisode)
        #expect(entry.value(of: "custom_score") == 0.95 && entry.value(of: "positions.mean") == 2 && entry.value(of: "regime") == nil)
        logger.close()
        let line = directory.read("c/episodes.jsonl")
        #expect(line.contains(#""hedged": true, "note": null, "positions": [1.0, 2.0, 3.0], "regime": "bull""#))
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        let records = decodeLines([String(line.dropLast())], with: &decoder).records
        #expect(records == [entry.record])
    }

    @Test func theScopedFormClosesOnExitAndOnThrow() throws {
        struct Stop: Error {}
        let directory = TemporaryDirectory("guide-logger")
        let total = MetricsLogger.with(experimentName: "w", outputDir: directory.path) { logger -> Int in
            for episode in 0..<3 { logger.logEpisode(episode: episode, profit: 1) }
            return logger.statistics().totalEpisodes
        }
        #expect(total == 3)
        #expect(FileManager.default.fileExists(atPath: directory.file("w/metrics.json")))
        #expect(throws: Stop.self) {
            try MetricsLogger.with(experimentName: "t", outputDir: directory.path) { logger in
                logger.logEpisode(episode: 0, profit: 1)
                throw Stop()
            }
        }
        #expect(directory.read("t/episodes.jsonl").split(separator: "\n").count == 1)
    }

    @Test func saveMetricsWritesTheGuidesFileThatAPythonReaderLoads() throws {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "dqn_20261201_062047", outputDir: directory.path)
        for episode in 0..<6 {
            logger.logEpisode(episode: episode, profit: episode == 3 ? .nan : Double(episode) * 1.5, sharpe: 0.5, winRate: 0.6, drawdown: 2,
                              numTrades: episode, epsilon: 0.9, learningRate: 0.001, custom: ["custom_score": .number(Double(episode) / 10)])
            if episode % 2 == 0 {
                logger.logModelMetrics(loss: episode == 2 ? .nan : 0.25, qValues: episode == 4 ? nil : [1, 2, 3, 6], gradients: ["mean": 0.01, "std": 0.001])
            }
        }
        logger.logDiagnostic("replay_size", 512)
        let saved = try logger.saveMetrics(format: .json)
        logger.close()
        #expect(saved.deletingLastPathComponent().path == directory.path)
        let stamp = String(saved.deletingPathExtension().lastPathComponent.dropFirst("dqn_20261201_062047_".count))
        #expect(saved.lastPathComponent.hasPrefix("dqn_20261201_062047_") && saved.pathExtension == "json" && stamp.count == 15 && stamp.dropFirst(8).first == "_")

        let data = try PythonScript.run(GuideReader.snapshot, [saved.path])
        #expect(data["experiment_name"] == "dqn_20261201_062047" && data["timestamp"] == .string(stamp))
        guard case .array(let episodes)? = data["episode_metrics"], case .array(let models)? = data["model_metrics"] else {
            Issue.record("no record lists"); return
        }
        #expect(episodes.count == 6 && models.count == 3)
        #expect(episodes[1]["profit"] == .number(1.5) && episodes[5]["custom_score"] == .number(0.5) && episodes[4]["num_trades"] == .number(4))
        if case .number(let profit)? = episodes[3]["profit"] { #expect(profit.isNaN) } else { Issue.record("NaN profit lost") }
        if case .string(let time)? = episodes[0]["timestamp"] { #expect(ISODate.parse(time) != nil && !time.hasSuffix("Z")) }
        #expect(models[1]["loss"] == .null && models[0]["loss"] == .number(0.25) && models[2]["q_values"] == .null)
        #expect(models[0]["q_values"] == ["mean": 3, "std": .number(ValueSummary([1, 2, 3, 6]).standardDeviation), "min": 1, "max": 6])
        #expect(models[0]["weights"] == .null && models[0]["gradients"] == ["mean": 0.01, "std": 0.001])
        if case .array(let replay)? = data["diagnostics"]?["replay_size"] { #expect(replay.first?["value"] == 512) } else { Issue.record("no diagnostics") }
        #expect(data["statistics"]?["total_episodes"] == 6 && data["statistics"]?["best_profit"] == 7.5)

        // And the dashboard reads it as the guide's snapshot, model metrics placed by time.
        try FileManager.default.removeItem(atPath: directory.file("dqn_20261201_062047"))
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file != saved.lastPathComponent {
            try FileManager.default.removeItem(atPath: directory.file(file))
        }
        let source = try RunSource(path: saved.path, mustExist: true)
        source.readToEnd()
        #expect(source.store.episodeCount == 6 && source.store.modelRecordCount == 3 && source.skipped.count == 0)
    }

    @Test func theCSVSnapshotIsTheGuidesEpisodeTable() throws {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "csv", outputDir: directory.path)
        defer { logger.close() }
        logger.logEpisode(episode: 0, profit: .nan, numTrades: 3)
        logger.logEpisode(episode: 1, profit: .infinity, custom: ["regime": "bull, calm"])
        let saved = try logger.saveMetrics(format: .csv)
        let lines = try String(contentsOf: saved, encoding: .utf8).components(separatedBy: "\r\n")
        #expect(lines[0] == "timestamp,episode,profit,sharpe,win_rate,drawdown,num_trades,epsilon,learning_rate,regime")
        #expect(lines[1].hasSuffix(",0,nan,0.0,0.0,0.0,3,0.0,0.0,"))
        #expect(lines[2].hasSuffix(",1,inf,0.0,0.0,0.0,0,0.0,0.0,\"bull, calm\""))
        #expect(lines.count == 4 && lines[3].isEmpty)
    }

    @Test func autoSaveWritesGuideSnapshotsAtDoublingIntervals() throws {
        let directory = TemporaryDirectory("guide-logger")
        let logger = MetricsLogger(experimentName: "auto", outputDir: directory.path, bufferSize: 1, autoSaveInterval: 10, enableAsync: false)
        for episode in 0..<1000 { logger.logEpisode(episode: episode, profit: 1) }
        // At 10, 20, 40, 80, 160, 320 and 640 episodes: 1,270 episodes written in all, not 50,500.
        #expect(logger.statistics().guideSnapshots == 7)
        logger.close()
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("auto_") && $0.hasSuffix(".json") }.sorted()
        let newest = try PythonScript.run(GuideReader.snapshot, [directory.file(snapshots.last!)])
        #expect(newest["statistics"]?["total_episodes"] == 1000)
    }
}
