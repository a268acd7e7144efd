import Foundation
import Testing
@testable import MetricsKit

/// Episode numbers beyond 2^53, where a double no longer holds every whole number: read exactly
/// from their digits in JSON lines and CSV, and said (never silently rounded) where only a
/// double is at hand.
@Suite struct EpisodePrecisionTests {
    private func read(_ name: String, _ text: String) throws -> RunSource {
        let directory = TemporaryDirectory("precision")
        directory.write(name, text)
        let source = try RunSource(path: directory.file(name), mustExist: true)
        source.readToEnd()
        return source
    }

    @Test func jsonLinesAndCSVKeepEpisodeNumbersBeyond2To53Exact() throws {
        let lines = try read("run.jsonl", "{\"episode\": 9007199254740993, \"profit\": 1}\n{\"episode\": -9007199254740995, \"profit\": 2}\n")
        #expect(lines.store.episodeCount == 2 && lines.store.latestEpisode == 9_007_199_254_740_993)
        let csv = try read("metrics.csv", "episode,profit\n9007199254740993,1\n9007199254740994,2\n")
        #expect(csv.store.episodeCount == 2 && csv.store.latestEpisode == 9_007_199_254_740_994)
        let written = try read("other.jsonl", "{\"episode\": 1e16, \"profit\": 1}\n{\"episode\": 99999999999999999999, \"profit\": 1}\n")
        #expect(written.store.latestEpisode == 10_000_000_000_000_000 && written.skipped.count == 1, "beyond Int: skipped and counted")
    }

    @Test func whereTheDigitsAreGoneItIsSaid() throws {
        let nested = try read("nested.jsonl", "{\"episode\": 9007199254740993, \"profit\": 1, \"info\": {\"a\": [1]}}\n")
        #expect(nested.store.episodeCount == 0)
        #expect(nested.skipped.examples.first?.reason.contains("beyond 2^53 a number here is not exact") == true, "\(nested.skipped.examples)")
    }

    @Test(arguments: [("9007199254740993", 9_007_199_254_740_993), ("-9223372036854775808", Int.min), (" +9007199254740999 ", 9_007_199_254_740_999),
                      ("9223372036854775808", nil), ("12", 12), ("1.5", nil)] as [(String, Int?)])
    func exactWholeReadsTheDigits(literal: String, expected: Int?) {
        let parsed = Double(literal.trimmingCharacters(in: .whitespaces)) ?? .nan
        #expect(Array(literal.utf8).withUnsafeBufferPointer { NumberParser.exactWhole($0, parsed: parsed) } == expected)
    }
}
