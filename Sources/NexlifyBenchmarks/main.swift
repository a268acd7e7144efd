import Benchmark
import Foundation
import AlertKit
import MetricsKit
import NexlifyTUI
import TestSupport

// Benchmarks for the speed targets of MetricsKit and the dashboard. Run in release mode:
//   swift run -c release NexlifyBenchmarks --columns name,median,p99,min,iterations
// Each iteration is timed on its own, so median and p99 are per call (logging) or per
// 100,000-line batch (reading: lines/s = 100,000 / time).

/// The TensorBoard run of the benchmarks: 200,000 steps × 9 scalar tags, as SB3 logs them.
let tensorBoardTags = ["rollout/ep_rew_mean", "rollout/ep_len_mean", "rollout/exploration_rate", "train/loss", "train/learning_rate",
                       "train/n_updates", "time/fps", "train/value_loss", "train/entropy_loss"]
// NEXLIFY_WRITE_EVENTS=DIR writes that run's event file into DIR and exits (scripts/bench-tensorboard).
if let directory = ProcessInfo.processInfo.environment["NEXLIFY_WRITE_EVENTS"] {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let bytes = TensorBoardEventFile.bytes(steps: 200_000, tags: tensorBoardTags)
    precondition(FileManager.default.createFile(atPath: directory + "/events.out.tfevents.1764000000.bench.1.0", contents: Data(bytes)))
    exit(0)
}

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

/// A run followed live: 12 more episodes a frame (50 episodes/s at four frames a second) into a
/// run of 20,000, its model and a 200×50 frame drawn as the dashboard draws them (memos kept).
final class LiveRun {
    let catalog = MetricCatalog()
    var store: RunStore
    var episode = 0
    let renderer: FrameRenderer

    init() throws {
        store = RunStore(catalog: catalog)
        renderer = try FrameRenderer(theme: "cyberpunk", following: true)
        grow(by: 20_000)
        renderer.update(from: store)
        _ = renderer.renderText(width: 200, height: 50)
    }

    func grow(by episodes: Int) {
        var batch = RecordBatch(catalog: catalog)
        for _ in 0..<episodes {
            let x = Double(episode)
            batch.append(MetricRecord(episode: episode, values: ["profit": sin(x / 300) * 40 + Double(episode % 17), "sharpe": cos(x / 50),
                                                                 "win_rate": Double(episode % 10) / 10, "drawdown": -Double(episode % 23),
                                                                 "epsilon": exp(-x / 50_000), "learning_rate": 1e-3]))
            episode += 1
        }
        store.ingestEpisodes(batch)
    }
}
let liveRun = try LiveRun()

benchmark("live frame: 12 new episodes on a 20k-episode run, its model and a 200×50 frame (as followed)") {
    liveRun.grow(by: 12)
    liveRun.renderer.update(from: liveRun.store)
    precondition(liveRun.renderer.renderText(width: 200, height: 50).count == 50)
}

/// The 100,000 episode lines decoded line by line, into batches of `linesPerBatch` lines
/// sharing one catalog.
func decodeEpisodeLines(linesPerBatch: Int = batchLines) -> [RecordBatch] {
    var decoder = JSONLinesDecoder(requiresEpisode: true)
    let catalog = MetricCatalog()
    var batches = [RecordBatch(catalog: catalog)]
    episodeBytes.withUnsafeBufferPointer { buffer in
        var start = 0
        var number = 0
        while let newline = buffer[start...].firstIndex(of: 0x0A) {
            if number > 0 && number % linesPerBatch == 0 { batches.append(RecordBatch(catalog: catalog)) }
            number += 1
            _ = decoder.decode(line: UnsafeBufferPointer(rebasing: buffer[start..<newline]), lineNumber: number, into: &batches[batches.count - 1])
            start = newline + 1
        }
    }
    return batches
}

benchmark("decode 100k flat episode lines (scanner only)") {
    precondition(decodeEpisodeLines()[0].count == batchLines)
}

/// The same lines decoded once, in batches of about what a 1 MiB piece of the file holds: what
/// storing them alone costs.
let decodedEpisodes = decodeEpisodeLines(linesPerBatch: 4_000)

benchmark("store 100k decoded episode lines, 4,000 a batch (store only)") {
    var store = RunStore(catalog: decodedEpisodes[0].catalog)
    precondition(decodedEpisodes.reduce(0) { $0 + store.ingestEpisodes($1) } == batchLines)
}

benchmark("ingest 100k episode lines (file → tailer → decoder → store)") {
    let source = try RunSource(path: runDirectory, mustExist: true)
    source.readToEnd()
    precondition(source.store.episodeCount == batchLines)
}

// The guide's MetricsLogger snapshot of 100,000 episodes + 100,000 model records (about 70 MB,
// indent=2), written by scripts/make-seed-snapshots.py, read as the dashboard reads it.
let seedDirectory = scratch + "/seed"
let seedScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/make-seed-snapshots.py").path
let seedWriter = Process()
seedWriter.executableURL = URL(fileURLWithPath: "/usr/bin/env")
seedWriter.arguments = ["python3", seedScript, seedDirectory, "dqn", "100000"]
try seedWriter.run()
seedWriter.waitUntilExit()
precondition(seedWriter.terminationStatus == 0, "scripts/make-seed-snapshots.py failed")

benchmark("read a 100k-episode guide snapshot (70 MB) into the store") {
    let source = try RunSource(path: seedDirectory + "/dqn", mustExist: true, recentCapacity: 1024)
    source.readToEnd()
    precondition(source.store.episodeCount == 100_000 && source.store.modelRecordCount == 100_000)
}

let tensorBoardDirectory = scratch + "/tensorboard"
try FileManager.default.createDirectory(atPath: tensorBoardDirectory, withIntermediateDirectories: true)
FileManager.default.createFile(atPath: tensorBoardDirectory + "/events.out.tfevents.1764000000.bench.1.0",
                               contents: Data(TensorBoardEventFile.bytes(steps: 200_000, tags: tensorBoardTags)))

benchmark("read a TensorBoard event file, 200k steps × 9 scalar tags (1.8 M events)") {
    let source = try RunSource(path: tensorBoardDirectory, mustExist: true, recentCapacity: 1024)
    source.readToEnd()
    precondition(source.store.episodeCount == 200_000 && source.store.episodeSeries(named: "train/loss")?.count == 200_000)
}

// Stable-Baselines3's progress.csv: 1,000,000 dumps × 16 columns, as CSVOutputFormat writes them.
let progressDirectory = scratch + "/sb3"
try FileManager.default.createDirectory(atPath: progressDirectory, withIntermediateDirectories: true)
let progressColumns = ["time/total_timesteps", "time/iterations", "time/fps", "time/time_elapsed", "rollout/ep_rew_mean", "rollout/ep_len_mean",
                       "rollout/exploration_rate", "train/loss", "train/learning_rate", "train/n_updates", "train/value_loss",
                       "train/policy_gradient_loss", "train/entropy_loss", "train/approx_kl", "train/clip_fraction", "train/explained_variance"]
var progressText = progressColumns.joined(separator: ",") + "\n"
for row in 0..<1_000_000 {
    let reward = Double.random(in: -500...500, using: &generator)
    progressText += "\(2048 * (row + 1)),\(row + 1),1500,\(row),\(reward),200.0,0.05,\(Double.random(in: 0...1, using: &generator)),0.0003,\(row * 10),"
        + "\(Double.random(in: 0...5, using: &generator)),-0.0123,-1.38,0.0042,0.11,\(Double.random(in: -1...1, using: &generator))\n"
}
FileManager.default.createFile(atPath: progressDirectory + "/progress.csv", contents: Data(progressText.utf8))
progressText = ""

benchmark("read an SB3 progress.csv, 1,000,000 rows × 16 columns") {
    let source = try RunSource(path: progressDirectory, mustExist: true, recentCapacity: 1024)
    source.readToEnd()
    precondition(source.store.episodeCount == 1_000_000)
}

// The every-metric view: a run of 200 metrics × 100,000 points (kept as the dashboard keeps them).
let gridCatalog = MetricCatalog()
var gridStore = RunStore(catalog: gridCatalog, recentCapacity: 1024)
let gridIDs = (0..<200).map { gridCatalog.id(for: "metric_\($0)") }
for chunk in stride(from: 0, to: 100_000, by: 10_000) {
    var batch = RecordBatch(catalog: gridCatalog)
    for episode in chunk..<chunk + 10_000 {
        batch.beginRecord()
        for (index, id) in gridIDs.enumerated() { batch.appendField(id, sin(Double(episode) / Double(100 + index)) + Double.random(in: 0...0.1, using: &generator)) }
        batch.commitRecord(episode: episode)
    }
    gridStore.ingestEpisodes(batch)
}
let gridRenderer = try FrameRenderer(theme: "cyberpunk")
gridRenderer.update(from: gridStore)
gridRenderer.showEveryMetric()

benchmark("every-metric grid, 200 metrics × 100k points: render a 200×50 frame") {
    precondition(gridRenderer.renderText(width: 200, height: 50).count == 50)
}

benchmark("every-metric grid, 200 metrics × 100k points: new data, the page's charts and a frame") {
    gridRenderer.update(from: gridStore)
    precondition(gridRenderer.renderText(width: 200, height: 50).count == 50)
}

// Compare view: 8 runs of 100,000 episodes (plus model metrics) each, as the screen keeps them.
let comparedRuns: [(name: String, store: RunStore)] = try (0..<8).map { index in
    let source = try RunSource(path: renderRunDirectory, mustExist: true, recentCapacity: 1024)
    source.readToEnd()
    return (name: "run_\(index)", store: source.store)
}
let compareRenderer = try FrameRenderer(theme: "cyberpunk")
compareRenderer.update(comparing: comparedRuns)

benchmark("compare 8 runs × 100k episodes: overlay charts (when data arrives)") {
    compareRenderer.update(comparing: comparedRuns)
}

benchmark("compare 8 runs × 100k episodes: render a 200×50 frame") {
    precondition(compareRenderer.renderText(width: 200, height: 50).count == 50)
}

// Runs view: 1,000 experiments in ExperimentTracker's layout, 200 results each.
let experimentsDirectory = scratch + "/experiments"
let experimentTracker = ExperimentTracker(experimentsDir: experimentsDirectory)
var experimentIDs: [String] = []
for index in 0..<1000 {
    let id = try experimentTracker.createExperiment(name: "exp_\(index)", hyperparameters: ["learning_rate": .number([1e-4, 5e-4, 1e-3][index % 3]), "gamma": .number(0.99)],
                                                    tags: [index % 2 == 0 ? "dqn" : "ppo"])
    let results = (0..<200).map { #"{"episode": \#($0), "profit": \#(Double(($0 * 7 + index) % 113) - 50), "sharpe": 0.8, "win_rate": 0.55}"# + "\n" }.joined()
    FileManager.default.createFile(atPath: experimentsDirectory + "/" + id + "/results.jsonl", contents: Data(results.utf8))
    experimentIDs.append(id)
}
let runsRenderer = try FrameRenderer(theme: "cyberpunk")

benchmark("runs view: open 1,000 experiments × 200 results (read all, first full 200×50 frame)") {
    let collection = RunCollection(path: experimentsDirectory)
    while collection.refresh(maxDuration: .milliseconds(40)).moreRemaining {}
    runsRenderer.update(from: collection)
    precondition(collection.entries.count == 1000 && runsRenderer.renderText(width: 200, height: 50).count == 50)
}

let liveCollection = RunCollection(path: experimentsDirectory)
while liveCollection.refresh().moreRemaining {}
var liveEpisode = 200

benchmark("runs view: refresh 1,000 experiments that each gained a result, and redraw") { state in
    for id in experimentIDs {
        try LogFile(path: experimentsDirectory + "/" + id + "/results.jsonl").append(Array(#"{"episode": \#(liveEpisode), "profit": 1.5}"#.utf8) + [0x0A])
    }
    liveEpisode += 1
    try state.measure {
        liveCollection.refresh()
        runsRenderer.update(from: liveCollection)
        precondition(runsRenderer.renderText(width: 200, height: 50).count == 50)
    }
}

benchmark("runs view: idle refresh of 1,000 experiments (nothing new), and redraw") {
    liveCollection.refresh()
    runsRenderer.update(from: liveCollection)
    precondition(runsRenderer.renderText(width: 200, height: 50).count == 50)
}

/// A training loop's last 1,000 episodes, as `checkTrainingHealth` receives them.
let healthHistory: [[String: Double]] = (0..<1000).map { ["episode": Double($0), "profit": Double($0 % 97) - 40, "loss": 0.5, "sharpe": 1.2] }
let alertSystem = try AlertSystem(config: AlertConfig(), run: "bench", channels: [RecordingChannel()], alertLogPath: nil)
var healthEpisode = 1000.0

benchmark("checkTrainingHealth, 1,000-episode history") {
    healthEpisode += 1
    alertSystem.checkTrainingHealth(latestEpisode: ["episode": healthEpisode, "profit": 3, "loss": 0.5], recentHistory: healthHistory)
}

// What watch, the dashboard and export do for a run at each refresh: its health (latest figures
// and the RL rules' trend windows) and every rule's verdict.
benchmark("health snapshot and every rule's verdict, 100k-episode run with model metrics") {
    let snapshot = HealthSnapshot(store: loadedRun.store, secondsSinceNewEpisode: 1, trainingComplete: false)
    precondition(!HealthRules.evaluate(snapshot, thresholds: .moderate).isEmpty)
}

let enqueueDispatcher = AlertDispatcher(channels: [RecordingChannel()], audit: nil)
let sampleEvent = AlertEvent(status: .firing, reason: "firing", level: .warning, rule: "bench", run: "bench", title: "t", message: "m",
                             firedAt: Date(), sentAt: Date())

benchmark("enqueue an alert (delivery in the background)") {
    enqueueDispatcher.enqueue(sampleEvent)
}

Benchmark.main()
logger.close()
