import Foundation
import Testing
@testable import MetricsKit

/// A backlog of JSON lines or CSV (ours, Stable-Baselines3's) decoded on two cores (each
/// read's second part with a catalog of its own, as its piece is read ahead or once it is read)
/// gives the store and the skipped lines that decoding it line by line gives: the same records,
/// the same metric names in the same order (one first named in a second part included), the
/// same values bit for bit, and the malformed lines with their numbers.
/// One file at a time: the counters of parts decoded are the process's.
@Suite(.serialized) struct LineBlockTests {
    private static func log() -> String {
        var lines: [String] = []
        for episode in 0..<40_000 {
            var fields = "\"episode\": \(episode), \"profit\": \(Double(episode % 97) * 1.37 - 50), \"epsilon\": \(1.0 / Double(episode + 1))"
            if episode % 1_000 == 7 { fields += ", \"profit_nan\": NaN, \"spike\": Infinity" }
            if episode % 3 == 0 { fields += ", \"q_values\": [\(episode % 5), 2.5, -1]" }
            if episode % 11 == 0 { fields += ", \"gradients\": {\"layer1\": \(episode % 13), \"layer2\": 0.5}" }
            if episode >= 30_555 { fields += ", \"late_metric\": \(episode)" }
            lines.append("{\(fields)}")
            if episode >= 20_000 && episode % 1_999 == 0 { lines.append("{\"episode\": \"not a number\"}") }
            if episode >= 20_000 && episode % 2_503 == 0 { lines.append("{broken") }
            if episode % 5_000 == 1 { lines.append("") }
            if episode >= 20_000 && episode % 7_919 == 0 { lines.append("{\"profit\": 1}") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Stable-Baselines3's progress.csv or progress.json (x = its step) with stretches of rows
    /// without a step (each follows the row before), rows of text and blank lines.
    private static func progress(json: Bool) -> String {
        let keys = ["time/total_timesteps", "rollout/ep_rew_mean", "train/loss", "train/approx_kl", "time/fps"]
        var lines = json ? [] : [keys.joined(separator: ",")]
        for row in 0..<40_000 {
            let cells = [(row / 150) % 4 == 1 ? "" : "\((row + 1) * 2048)", "\(Double(row % 89) * 0.73 - 20)",
                         row % 7 == 0 ? "" : "\(1.0 / Double(row + 1))", "\(Double(row % 13) / 1e3)", "\(300 + row % 50)"]
            if json {
                let fields = zip(keys, cells).filter { !$0.1.isEmpty }.map { "\"\($0.0)\": \($0.1)" }
                lines.append("{\(fields.joined(separator: ", "))}")
            } else {
                lines.append(cells.joined(separator: ","))
            }
            if row >= 20_000 && row % 1_511 == 0 { lines.append(json ? "{not json" : "not,a,row,of,numbers") }
            if row % 4_999 == 3 { lines.append("") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func read(_ path: String, chunkBytes: Int) throws -> RunSource {
        let source = try RunSource(path: path, mustExist: true, chunkBytes: chunkBytes, recentCapacity: 100_000)
        source.readToEnd()
        return source
    }

    @Test(arguments: ["episodes.jsonl", "progress.csv", "progress.json"])
    func twoCoresDecodeWhatOneDecodes(file: String) throws {
        let directory = TemporaryDirectory("line-block")
        directory.write("run/\(file)", file.hasPrefix("progress") ? Self.progress(json: file.hasSuffix(".json")) : Self.log())
        let before = (LineBlock.halvesDecoded.load(ordering: .relaxed), LineBlock.halvesDecodedAhead.load(ordering: .relaxed))
        let halved = try Self.read(directory.file("run"), chunkBytes: 1 << 20)
        #expect(LineBlock.halvesDecoded.load(ordering: .relaxed) > before.0, "reads were decoded in halves")
        #expect(LineBlock.halvesDecodedAhead.load(ordering: .relaxed) > before.1, "pieces read ahead were decoded in halves as they were read")
        let inOrder = try Self.read(directory.file("run"), chunkBytes: 64 << 10)
        #expect(halved.store.episodeCount == inOrder.store.episodeCount)
        #expect(halved.store.episodeMetricNames == inOrder.store.episodeMetricNames)
        #expect(halved.store.episodeMetricNames.contains(file.hasPrefix("progress") ? "train/approx_kl" : "late_metric"))
        for name in inOrder.store.episodeMetricNames {
            let one = try #require(inOrder.store.episodeSeries(named: name)), two = try #require(halved.store.episodeSeries(named: name))
            #expect(one.recentX == two.recentX, "\(name)")
            #expect(one.recentY.map(\.bitPattern) == two.recentY.map(\.bitPattern), "\(name)")
        }
        #expect(halved.skipped == inOrder.skipped)
        #expect(halved.skipped.count > 10 && halved.skipped.examples.allSatisfy { $0.line > 20_000 })
    }
}
