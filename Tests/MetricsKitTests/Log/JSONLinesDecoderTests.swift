import Foundation
import Testing
@testable import MetricsKit

@Suite struct JSONLinesDecoderTests {
    /// Flat lines the fast scanner accepts: the slow path must read each one identically.
    static let flatCorpus = [
        #"{"episode": 0, "profit": 100.0, "sharpe": 1.5, "win_rate": 0.6, "drawdown": 50.0, "num_trades": 10, "epsilon": 0.5, "learning_rate": 0.001, "timestamp": 1732540000.123456}"#,
        #"{"episode":1,"profit":-3.25e2,"sharpe":NaN,"epsilon":Infinity,"loss":-Infinity}"#,
        #"{ "profit" : 1 , "episode" : 2 }"#,
        #"{"episode": 3.0, "lr": 0.0003, "exploration_rate": 0.1, "sharpe_ratio": 2, "max_drawdown": 7, "winrate": 0.5, "pnl": 9}"#,
        #"{"step": 4, "custom_score": 0.95, "volatility": 0.15, "risk_score": 0.3}"#,
        #"{"episode": 5, "profit": null, "sharpe": 0.25}"#,
        #"{"episode": 6, "profit": 1.7976931348623157e308, "tiny": 5e-324, "big": 123456789012345678901234567890}"#,
        "{\"episode\": 8, \"profit\": 0.1}\r",
        "\u{FEFF}{\"episode\": 9, \"profit\": 0.2}",
        #"{"episode": 10, "Profit": 3, "EPSILON": 0.2, "ünïcode_metric": 1}"#,
        #"{"episode": -11, "profit": -0.0}"#,
        "{}",
        #"{"episode": 12, "loss": 0.5, "q_values": [1.0, 2.0, 3.5], "gradients": {"mean": 0.01, "std": 0.001}, "timestamp": 1.5}"#,
        #"{"episode": 13, "q_values": [NaN, 1], "gradients": {}, "weights": [4, 6], "lr": {"head": 0.1, "body": null}}"#,
        #"{"episode": 14, "q_values": [], "gradients": {"mean": Infinity}}"#,
        #"{"episode": 4, "loss": 0.5, "q_values": [1.0, 2.0, 3.0], "gradients": {"mean": 0.01, "std": 0.001}, "note": "warm-up", "done": true}"#,
        // What the seed's MetricsLogger writes: ISO timestamps, a Q-value summary object, null loss.
        #"{"timestamp": "2026-12-01T06:20:48.716833", "episode": 15, "profit": 12.5, "custom_score": "0.95", "flag": false}"#,
        #"{"timestamp": "2026-12-01T06:20:48.716833", "loss": null, "q_values": {"mean": 1.5, "std": 0.2, "min": 1, "max": 2}, "gradients": {"mean": 0.01, "note": "x", "ok": true}, "weights": null}"#,
        "{\n  \"timestamp\": \"2026-12-01T06:20:49\",\n  \"episode\": 16,\n  \"profit\": NaN\n}",
        #"{"episode": 17, "timestamp": "not a date", "tag": "dqn", "lr_text": "1e-3"}"#,
    ]

    /// Lines the fast scanner declines: the slow path must still read them.
    static let slowOnlyCorpus = [
        #"{"episode": 4, "note": "with an \u0065scape"}"#,
        #"{"episode": 5, "deep": {"a": {"b": 1}}}"#,
        #"{"episode": 6, "q_values": [1, null, 2]}"#,
        #"{"episode": 7, "lr": 1, "learning_rate": 2}"#,
        #"{"episode": 8, "esc\u0061ped": 1}"#,
    ]

    @Test(arguments: slowOnlyCorpus)
    func linesTheScannerDeclinesAreReadSlowly(line: String) {
        #expect(fastRecord(line) == nil)
        #expect(slowRecord(line) != nil)
    }

    @Test(arguments: flatCorpus)
    func fastAndSlowPathsAgree(line: String) throws {
        let fast = try #require(fastRecord(line.trimmingCharacters(in: .init(charactersIn: "\r\u{FEFF}"))), "fast path declined \(line)")
        let slow = try #require(slowRecord(line, requiresEpisode: false), "slow path rejected \(line)")
        #expect(fast == slow)
    }

    /// The scanner's key cache keeps how each key was written (its quote, colon and spaces):
    /// lines that write the same keys another way, or keys that begin like the cached ones, are
    /// read as they are, all on the fast path.
    @Test func cachedKeysMatchOnlyAsWritten() {
        let lines = [
            #"{"episode": 1, "profit": 2.5, "sharpe": 1}"#,
            #"{"episode":2,"profit":3.5,"sharpe":2}"#,
            #"{"episode" : 3 , "profit" :  4.5, "sharpe":3}"#,
            #"{"episode": 4, "profit":    5.5, "sharpe": 4}"#,
            #"{"episode": 5, "profits": 6.5, "sharp": 5}"#,
            #"{"episode": 6, "profit": 7.5, "sharpe": 6}"#,
        ]
        let catalog = MetricCatalog()
        var scanner = FlatLineScanner(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        for line in lines {
            #expect(Array(line.utf8).withUnsafeBufferPointer { scanner.scan($0, into: &batch) } == .decoded, "\(line)")
        }
        #expect(batch.records == lines.map { slowRecord($0) })
    }

    @Test func twoKeysForOneMetricAreSettledTheSameWayEveryTime() {
        #expect(fastRecord(#"{"episode": 7, "lr": 1, "learning_rate": 2}"#) == nil)
        #expect(slowRecord(#"{"episode": 7, "lr": 1, "learning_rate": 2}"#) == MetricRecord(episode: 7, values: ["learning_rate": 2]))
        #expect(slowRecord(#"{"learning_rate": 2, "episode": 7, "lr": 1}"#) == MetricRecord(episode: 7, values: ["learning_rate": 2]))
        #expect(slowRecord(#"{"ep": 8, "episode": 7, "step": 9}"#)?.episode == 7)
        #expect(slowRecord(#"{"pnl": 3, "episode": 1, "PnL": 4}"#)?["profit"] == 4)
    }

    @Test func readsValuesByCanonicalName() {
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        let (records, outcomes) = decodeLines([Self.flatCorpus[3], Self.flatCorpus[1]], with: &decoder)
        #expect(outcomes == [.record, .record])
        #expect(records[0] == MetricRecord(episode: 3, values: ["learning_rate": 0.0003, "epsilon": 0.1, "sharpe": 2, "drawdown": 7, "win_rate": 0.5, "profit": 9]))
        #expect(records[1].episode == 1)
        #expect(records[1]["profit"] == -325)
        #expect(records[1]["sharpe"]!.isNaN)
        #expect(records[1]["epsilon"] == .infinity)
        #expect(records[1]["loss"] == -.infinity)
    }

    @Test func nestedValuesAreFlattened() {
        let line = #"{"episode": 4, "loss": 0.5, "q_values": [1.0, 2.0, 3.0], "gradients": {"mean": 0.01, "std": 0.001}, "note": "warm-up", "done": true}"#
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        let (records, outcomes) = decodeLines([line], with: &decoder)
        #expect(outcomes == [.record])
        let record = records[0]
        #expect(record.values.count == 7)
        #expect(record["q_mean"] == 2)
        #expect(record["q_std"] == (2.0 / 3.0).squareRoot())
        #expect(record["q_min"] == 1)
        #expect(record["q_max"] == 3)
        #expect(record["gradients.mean"] == 0.01)
        #expect(record["gradients.std"] == 0.001)
        #expect(record["loss"] == 0.5)
    }

    @Test func stringsAreReadWhereTheyHoldNumbersOrTimestamps() {
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        let (records, _) = decodeLines([#"{"episode": "12", "profit": "nan", "timestamp": "2026-11-25T12:00:00Z"}"#], with: &decoder)
        #expect(records[0].episode == 12)
        #expect(records[0]["profit"]!.isNaN)
        #expect(records[0]["timestamp"] == 1_795_608_000)
    }

    @Test func malformedLinesAreSkippedWithAReason() {
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        let lines = [
            #"{"episode": 1, "profit": 1"#,          // truncated
            #"{"profit": 1}"#,                      // no episode
            #"{"episode": 1.5, "profit": 1}"#,      // fractional episode
            #"{"episode": NaN, "profit": 1}"#,
            #"[1, 2, 3]"#,
            "\u{0}\u{1}\u{FF}binary\u{7F}",
            "not json at all",
            #"{"episode": 1, "profit": -3.25e-}"#,  // crashed Foundation's JSON5 decoder
            #"{"episode": 1, "profit": [1E+]}"#,
            "",
            "   ",
        ]
        let (records, outcomes) = decodeLines(lines, with: &decoder)
        #expect(records.isEmpty)
        #expect(outcomes == [
            .skipped("not valid JSON: the input ends inside an object at byte 26"), .skipped("no episode number"),
            .skipped("episode is not a whole number"), .skipped("episode is not a whole number"), .skipped("not a JSON object"),
            .skipped("not valid JSON: unexpected byte 0x0 where a value should be at byte 0"),
            .skipped("not valid JSON: unexpected 'n' where a value should be at byte 0"),
            .skipped("not valid JSON: a malformed number at byte 25"),
            .skipped("not valid JSON: a malformed number at byte 26"), .ignored, .ignored,
        ])
    }

    @Test func modelMetricLinesMayLackAnEpisode() {
        var decoder = JSONLinesDecoder(requiresEpisode: false)
        let (records, outcomes) = decodeLines([#"{"loss": 0.25}"#], with: &decoder)
        #expect(outcomes == [.record])
        #expect(records == [MetricRecord(episode: nil, values: ["loss": 0.25])])
    }

    @Test func aFailedFastScanLeavesNoPartialRecordBehind() {
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        let (records, _) = decodeLines([#"{"episode": 1, "profit": 5, "bad": tru}"#, #"{"episode": 2, "profit": 6}"#], with: &decoder)
        #expect(records == [MetricRecord(episode: 2, values: ["profit": 6])])
    }
}

/// Values Python's `json` writes or reads that once dropped a whole record: they are values now,
/// read as Python reads them, the same as the CSV reader takes them.
@Suite struct PythonValuesInLinesTests {
    @Test func outOfRangeNumbersDeepNestingAndLoneSurrogatesKeepTheRecord() {
        var decoder = JSONLinesDecoder(requiresEpisode: true)
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let lines = [
            #"{"episode": 0, "profit": 1e400, "loss": 1e-400}"#,
            #"{"episode": 1, "profit": -1e400, "nested": \#(deep), "sharpe": 2}"#,
            #"{"episode": 2, "profit": 3, "note": "\ud800", "\udc00key": 4}"#,
        ]
        let (records, outcomes) = decodeLines(lines, with: &decoder)
        #expect(outcomes == [.record, .record, .record])
        #expect(records[0]["profit"] == .infinity && records[0]["loss"] == 0)
        #expect(records[1]["profit"] == -.infinity && records[1]["sharpe"] == 2)
        #expect(records[2]["profit"] == 3 && records[2]["\u{FFFD}key"] == 4)
        var csv = CSVRecordDecoder()
        let (rows, _) = decodeLines(["episode,profit,loss", "0,1e400,1e-400"], with: &csv)
        #expect(rows[0]["profit"] == records[0]["profit"] && rows[0]["loss"] == records[0]["loss"])
    }
}

@Suite struct SeedRecordTests {
    @Test func theSeedsRecordsReadOnTheFastPath() throws {
        let episode = try #require(fastRecord(#"{"timestamp": "2026-12-01T06:20:48.5", "episode": 15, "profit": 12.5, "num_trades": 7, "custom_score": "0.95", "done": false}"#))
        #expect(episode == MetricRecord(episode: 15, values: ["timestamp": 1_796_106_048.5, "profit": 12.5, "num_trades": 7, "custom_score": 0.95]))
        let model = try #require(fastRecord(#"{"timestamp": "2026-12-01T06:20:48", "loss": null, "q_values": {"mean": 1.5, "std": 0.2, "min": 1, "max": 2}, "gradients": {"mean": 0.01, "std": 0.001}, "weights": null}"#))
        #expect(model == MetricRecord(episode: nil, values: ["timestamp": 1_796_106_048, "q_mean": 1.5, "q_std": 0.2, "q_min": 1, "q_max": 2,
                                                             "gradients.mean": 0.01, "gradients.std": 0.001]))
        #expect(model["loss"] == nil, "a null loss is a missing point, never 0")
    }
}
