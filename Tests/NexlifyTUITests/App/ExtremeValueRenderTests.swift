import Foundation
import MetricsKit
import Testing
import TestSupport
@testable import NexlifyTUI

/// Every number a file can hold, through every view that draws it: the dashboard (own axis and
/// wall time), the every-metric view, the runs table, the compare view and `summary`, at every
/// layout. A trap anywhere kills the test process, so reaching the end is the assertion that
/// matters; each frame is also checked to have its full size.
@Suite struct ExtremeValueRenderTests {
    /// The values the property draws from (written as Python's `json.dumps` writes them).
    static let extremes: [String] = [
        "0", "5e-324", "-5e-324", "1e-320", "1.8e308", "-1.8e308", "Infinity", "-Infinity", "NaN",
        "9007199254740993", "-0.0", "1e400", "-1e-400", "2.2250738585072014e-308", "1", "-1",
    ]

    static let sizes: [(Int, Int)] = [(200, 50), (120, 40), (80, 24), (60, 30), (40, 12), (20, 6), (3, 2), (1, 1)]

    /// A run whose every metric is drawn from `extremes` (seeded), with extreme timestamps and
    /// episode numbers among ordinary ones.
    static func writeRun(at directory: String, seed: UInt64, episodes: Int) {
        var random = SplitMix64(seed: seed)
        func pick() -> String {
            // Half the points extreme, half ordinary, so scales have a spread to compute.
            Bool.random(using: &random) ? extremes.randomElement(using: &random)! : String(Double.random(in: -50...50, using: &random))
        }
        let episodeNumbers = (0..<episodes).map { index -> String in
            index == episodes - 1 && seed % 2 == 0 ? "9007199254740993" : String(index)
        }
        var episodeLines = ""
        var modelLines = ""
        for (index, episode) in episodeNumbers.enumerated() {
            let timestamp = index % 7 == 3 ? pick() : String(1_764_000_000 + index)
            let fields = ["profit", "sharpe", "win_rate", "drawdown", "epsilon", "learning_rate", "num_trades", "custom/score"]
                .map { "\"\($0)\": \(pick())" }.joined(separator: ", ")
            episodeLines += "{\"episode\": \(episode), \(fields), \"timestamp\": \(timestamp)}\n"
            modelLines += "{\"episode\": \(episode), \"loss\": \(pick()), \"q_values\": [\(pick()), \(pick()), \(pick())], \"timestamp\": \(timestamp)}\n"
        }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/episodes.jsonl", contents: Data(episodeLines.utf8))
        FileManager.default.createFile(atPath: directory + "/model_metrics.jsonl", contents: Data(modelLines.utf8))
    }

    /// Each value alone as a whole series (constant extreme), and mixed with ordinary values.
    static func constantRun(at directory: String, value: String) {
        let lines = (0..<40).map { "{\"episode\": \($0), \"profit\": \(value), \"sharpe\": \(value), \"win_rate\": \(value), \"drawdown\": \(value), \"epsilon\": \(value), \"learning_rate\": \(value), \"timestamp\": \(value)}\n" }
        let model = (0..<40).map { "{\"episode\": \($0), \"loss\": \(value), \"q_values\": [\(value), \(value)]}\n" }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: directory + "/episodes.jsonl", contents: Data(lines.joined().utf8))
        FileManager.default.createFile(atPath: directory + "/model_metrics.jsonl", contents: Data(model.joined().utf8))
    }

    private func renderEverything(runs: [String], collection: String) throws {
        let sources = runs.map { path -> RunSource in
            let source = try! RunSource(path: path, mustExist: true)
            source.readToEnd()
            return source
        }
        for source in sources {
            let summary = RunSummary(store: source.store, skippedLines: source.skipped.count, writerStatistics: source.writerStatistics)
            #expect(!summary.text().isEmpty && !summary.json().isEmpty)
            for wallClock in [false, true] {
                for ascii in [false, true] {
                    let renderer = try FrameRenderer(theme: "cyberpunk", ascii: ascii)
                    renderer.useWallClock(wallClock)
                    renderer.update(from: source.store, xAxis: source.layout.xAxis)
                    renderer.updateStatus(from: source, now: Date(), state: "snapshot")
                    try check(renderer)
                    renderer.showEveryMetric()
                    try check(renderer)
                }
            }
        }
        let comparing = try FrameRenderer()
        comparing.update(comparing: zip(runs, sources).map { (name: ($0.0 as NSString).lastPathComponent, store: $0.1.store) })
        try check(comparing)
        let table = try FrameRenderer()
        let entries = RunCollection(path: collection)
        while entries.refresh(maxDuration: .seconds(1)).moreRemaining {}
        table.update(from: entries)
        try check(table)
    }

    private func check(_ renderer: FrameRenderer) throws {
        for (width, height) in Self.sizes {
            let lines = renderer.renderText(width: width, height: height)
            #expect(lines.count == height && lines.allSatisfy { $0.count == width }, "\(width)×\(height)")
        }
    }

    @Test(arguments: 0..<12)
    func randomExtremeSeriesRenderEverywhere(seed: Int) throws {
        let scratch = ScratchDirectory()
        let runs = (0..<3).map { scratch.path + "/runs/run\($0)" }
        for (index, run) in runs.enumerated() {
            Self.writeRun(at: run, seed: UInt64(seed * 3 + index), episodes: [1, 2, 5, 60, 300][(seed + index) % 5])
        }
        try renderEverything(runs: runs, collection: scratch.path + "/runs")
    }

    @Test(arguments: extremes)
    func aSeriesOfOneExtremeValueRendersEverywhere(value: String) throws {
        let scratch = ScratchDirectory()
        let run = scratch.path + "/runs/constant"
        Self.constantRun(at: run, value: value)
        let single = scratch.path + "/runs/single"
        try? FileManager.default.createDirectory(atPath: single, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: single + "/episodes.jsonl", contents: Data("{\"episode\": 1, \"profit\": \(value)}\n".utf8))
        try renderEverything(runs: [run, single], collection: scratch.path + "/runs")
    }

    @Test func theSubnormalReproducerSnapshotsThroughTheBinary() throws {
        let scratch = ScratchDirectory()
        let path = scratch.write("x.jsonl", "{\"episode\":1,\"profit\":5e-324}\n")
        let result = try BinaryRunner.run(["snapshot", "--run", path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("4.9e-324") || result.standardOutput.contains("5e-324"), "\(result.standardOutput)")
    }
}
