import Benchmark
import Foundation
import AlertKit
import MetricsKit
import NexlifyTUI

// Benchmarks for the speed targets of MetricsKit and the dashboard. Run in release mode:
//   swift run -c release NexlifyBenchmarks --columns name,median,p99,min,iterations
// Each iteration is timed on its own, so median and p99 are per call (logging) or per
// 100,000-line batch (reading: lines/s = 100,000 / time).

let scratch = NSTemporaryDirectory() + "nexlify-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

let logger = MetricsLogger(experimentName: "bench", outputDir: scratch)
var loggedEpisode = 0

benchmark("logEpisode (async), one call") {
    loggedEpisode += 1
    logger.logEpisode(episode: loggedEpisode, profit: 12.5, sharpe: 1.25, winRate: 0.55, drawdown: -3.5, numTrades: 12,
                      epsilon: 0.3, learningRate: 3e-4)
}

benchmark("logModelMetrics (async), one call") {
    logger.logModelMetrics(loss: 0.42, qValues: [1.5, 2.5, 3.5], gradients: ["mean": 0.01, "std": 0.001])
}

/// 100,000 episode lines as Python's MetricsLogger writes them (17-digit floats and all).
let batchLines = 100_000
var generator = SystemRandomNumberGenerator()
let episodeText: String = (0..<batchLines).map { episode in
    LogLineFormatter.jsonLine(EpisodeEntry(
        episode: episode, profit: Double.random(in: -500...500, using: &generator), sharpe: Double.random(in: -2...3, using: &generator),
        winRate: Double.random(in: 0...1, using: &generator), drawdown: -Double.random(in: 0...50, using: &generator),
        numTrades: Int.random(in: 0...60, using: &generator), epsilon: exp(-Double(episode) / 50_000), learningRate: 1e-3,
        timestamp: 1_764_000_000 + Double(episode) * 0.1 + Double.random(in: 0...0.01, using: &generator)))
}.joined()
let episodeBytes = Array(episodeText.utf8)
let runDirectory = scratch + "/run"
try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
FileManager.default.createFile(atPath: runDirectory + "/episodes.jsonl", contents: Data(episodeBytes))

let modelText: String = (0..<batchLines).map { step in
    LogLineFormatter.jsonLine(ModelEntry(episode: step, loss: 1 / Double(step + 1) + Double.random(in: 0...0.1, using: &generator),
                                         qValues: (0..<4).map { _ in Double.random(in: 0...5, using: &generator) }, timestamp: 1_764_000_000))
}.joined()
// The dashboard benchmarks use a run with model metrics too; the ingest one only episodes.
let renderRunDirectory = scratch + "/render-run"
try FileManager.default.createDirectory(atPath: renderRunDirectory, withIntermediateDirectories: true)
FileManager.default.createFile(atPath: renderRunDirectory + "/episodes.jsonl", contents: Data(episodeBytes))
FileManager.default.createFile(atPath: renderRunDirectory + "/model_metrics.jsonl", contents: Data(modelText.utf8))
let loadedRun = try RunSource(path: renderRunDirectory, mustExist: true)
loadedRun.readToEnd()
let renderer = try FrameRenderer(theme: "cyberpunk")
renderer.update(from: loadedRun.store)

benchmark("dashboard charts from 100k episodes (when data arrives)") {
    renderer.update(from: loadedRun.store)
}

benchmark("render a 200×50 frame, 100k episodes (every redraw)") {
    precondition(renderer.renderText(width: 200, height: 50).count == 50)
}

benchmark("decode 100k flat episode lines (scanner only)") {
    var decoder = JSONLinesDecoder(requiresEpisode: true)
    var batch = RecordBatch(catalog: MetricCatalog())
    episodeBytes.withUnsafeBufferPointer { buffer in
        var start = 0
        var number = 0
        while let newline = buffer[start...].firstIndex(of: 0x0A) {
            number += 1
            _ = decoder.decode(line: UnsafeBufferPointer(rebasing: buffer[start..<newline]), lineNumber: number, into: &batch)
            start = newline + 1
        }
    }
    precondition(batch.count == batchLines)
}

benchmark("ingest 100k episode lines (file → tailer → decoder → store)") {
    let source = try RunSource(path: runDirectory, mustExist: true)
    source.readToEnd()
    precondition(source.store.episodeCount == batchLines)
}

/// A training loop's last 1,000 episodes, as `checkTrainingHealth` receives them.
let healthHistory: [[String: Double]] = (0..<1000).map { ["episode": Double($0), "profit": Double($0 % 97) - 40, "loss": 0.5, "sharpe": 1.2] }
let alertSystem = try AlertSystem(config: AlertConfig(), run: "bench", channels: [RecordingChannel()])
var healthEpisode = 1000.0

benchmark("checkTrainingHealth, 1,000-episode history") {
    healthEpisode += 1
    alertSystem.checkTrainingHealth(latestEpisode: ["episode": healthEpisode, "profit": 3, "loss": 0.5], recentHistory: healthHistory)
}

let enqueueDispatcher = AlertDispatcher(channels: [RecordingChannel()], audit: nil)
let sampleEvent = AlertEvent(status: .firing, reason: "firing", level: .warning, rule: "bench", run: "bench", title: "t", message: "m",
                             firedAt: Date(), sentAt: Date())

benchmark("enqueue an alert (delivery in the background)") {
    enqueueDispatcher.enqueue(sampleEvent)
}

Benchmark.main()
logger.close()
