import Testing
@testable import MetricsKit

/// A CSV log read as `LineFileSource` reads a backlog on two cores — parts of it by the decoder,
/// the parts between by one made for another catalog (`decoderForAnotherCatalog`) and handed
/// back with `adopt` — gives the records and outcomes of reading it line by line, wherever the
/// parts are cut: rows numbered in file order, steps that follow the last one, columns left
/// unread.
@Suite struct DecoderHalvesTests {
    /// Stable-Baselines3's progress.csv, with rows whose step is missing or not whole (they
    /// follow the row before), blank, comment and text lines.
    private static let progress = [
        "time/total_timesteps,rollout/ep_rew_mean,train/loss,time/fps",
        ",1.5,0.25,100", ",2.5,,101", "2048,3.5,0.5,102", "4096,-1,0.75,103", ",7,,104", "", ",8,1,105",
        "text,only,here,now", "12.5,9,2,106", "8192,10,3,107", ",11,inf,108", ",12,-inf,109", "16384,13,4,110",
        "# a comment", ",14,5,111", ",15,6,112", "20480,16,7,113", ",17,8,114", "24576,18,,115", ",19,9,116",
    ]

    /// A log without an episode column (rows numbered from 0), with Python lists in quotes and
    /// rows holding no value.
    private static let numbered = [
        "profit,epsilon,q_values", "1,0.9,", "2,0.8,\"[1.0, 2.0]\"", ",,", "3,0.7,", "x,y,z", "4,,\"[3, 5]\"", "5,0.5,",
        ",,", ",0.4,", "6,0.3,\"[1]\"", "7,,", "", "8,0.2,", ",,\"[]\"", "9,0.1,", "10,0.05,", ",0.01,",
    ]

    /// A log with its episode column, bad episode numbers among the rows.
    private static let withEpisodes = [
        "episode,profit,loss", "0,1,0.5", "1,2,", "x,3,1", "3,,0.25", "4.5,4,1", "5,5,2", ",6,3", "7,7,4", "8,-inf,5",
        "9,9,", "10,10,6", "11,11,7", "12,12,8",
    ]

    @Test(arguments: [progress, numbered, withEpisodes])
    func partsReadApartGiveWhatReadingInOrderGives(lines: [String]) {
        for keepsEveryColumn in [true, false] {
            let expected = Self.decode(lines, keepsEveryColumn: keepsEveryColumn, cuts: [])
            #expect(!expected.records.isEmpty)
            // Two parts read apart (a block's halves), then the rest in order; and two blocks' halves.
            for first in 2...lines.count {
                for second in first...lines.count {
                    let got = Self.decode(lines, keepsEveryColumn: keepsEveryColumn, cuts: [first, second])
                    #expect(got.records == expected.records, "cut at \(first), \(second)")
                    #expect(got.outcomes == expected.outcomes, "cut at \(first), \(second)")
                }
            }
            for cut in 2..<(lines.count - 2) {
                let cuts = [cut, cut + 1, cut + 2, lines.count]
                let got = Self.decode(lines, keepsEveryColumn: keepsEveryColumn, cuts: cuts)
                #expect(got.records == expected.records, "cuts \(cuts)")
                #expect(got.outcomes == expected.outcomes, "cuts \(cuts)")
            }
        }
    }

    @Test func noDecoderForAnotherCatalogBeforeTheHeader() {
        var decoder = CSVRecordDecoder()
        #expect(decoder.decoderForAnotherCatalog() == nil)
        _ = decodeLines(["# a comment"], with: &decoder)
        #expect(decoder.decoderForAnotherCatalog() == nil)
        _ = decodeLines(["a,b"], with: &decoder)
        #expect(decoder.decoderForAnotherCatalog() != nil)
        decoder.reset()
        #expect(decoder.decoderForAnotherCatalog() == nil)
    }

    /// Decodes `lines` with the decoder of the log's format: lines before `cuts[0]` by it, then
    /// alternately by one for another catalog (its records appended and adopted) and by it; all
    /// lines by it when `cuts` is empty. Without `keepsEveryColumn`, only `rollout/ep_rew_mean`,
    /// `profit` and `loss` (and the step) are read.
    private static func decode(_ lines: [String], keepsEveryColumn: Bool, cuts: [Int]) -> (records: [MetricRecord], outcomes: [LineOutcome]) {
        if lines[0].hasPrefix("time/") {
            var decoder = StepKeyedDecoder(CSVRecordDecoder(), step: "time/total_timesteps")
            return decode(lines, with: &decoder, keepsEveryColumn: keepsEveryColumn, cuts: cuts)
        }
        var decoder = CSVRecordDecoder()
        return decode(lines, with: &decoder, keepsEveryColumn: keepsEveryColumn, cuts: cuts)
    }

    private static func decode<D: RecordDecoder>(_ lines: [String], with decoder: inout D, keepsEveryColumn: Bool,
                                                 cuts: [Int]) -> (records: [MetricRecord], outcomes: [LineOutcome]) {
        let catalog = MetricCatalog()
        if !keepsEveryColumn {
            catalog.namesNeeded = { names in Set(names.filter { ["time/total_timesteps", "rollout/ep_rew_mean", "profit", "loss"].contains($0) }) }
        }
        var batch = RecordBatch(catalog: catalog)
        var outcomes: [LineOutcome] = []
        let bounds = [0] + cuts + [lines.count]
        var other: D?
        var otherBatch = RecordBatch(catalog: MetricCatalog())
        for part in 0..<(bounds.count - 1) {
            let range = bounds[part]..<bounds[part + 1]
            guard part % 2 == 1 else {
                for index in range { outcomes.append(decodeLine(lines[index], index + 1, &decoder, &batch)) }
                continue
            }
            if other == nil { other = decoder.decoderForAnotherCatalog() }
            guard var reader = other else {
                Issue.record("no decoder for another catalog after \(range.lowerBound) lines")
                return ([], [])
            }
            otherBatch.removeRecords(after: 0)
            for index in range { outcomes.append(decodeLine(lines[index], index + 1, &reader, &otherBatch)) }
            let firstRow = batch.count
            batch.append(contentsOf: otherBatch)
            decoder.adopt(&reader, rows: firstRow..<batch.count, in: &batch)
            other = reader
        }
        return (batch.records, outcomes)
    }

    private static func decodeLine<D: RecordDecoder>(_ line: String, _ number: Int, _ decoder: inout D, _ batch: inout RecordBatch) -> LineOutcome {
        Array(line.utf8).withUnsafeBufferPointer { decoder.decode(line: $0, lineNumber: number, into: &batch) }
    }
}
