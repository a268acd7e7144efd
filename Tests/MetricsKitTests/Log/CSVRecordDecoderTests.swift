import Testing
@testable import MetricsKit

@Suite struct CSVRecordDecoderTests {
    @Test func readsColumnsByNameInAnyOrder() {
        var decoder = CSVRecordDecoder()
        let (records, outcomes) = decodeLines(["profit,Episode,lr,num_trades", "1.5,0,0.001,3", "-2,1,,4", "nan,2,inf,-inf"], with: &decoder)
        #expect(outcomes == [.ignored, .record, .record, .record])
        #expect(records[0] == MetricRecord(episode: 0, values: ["profit": 1.5, "learning_rate": 0.001, "num_trades": 3]))
        #expect(records[1] == MetricRecord(episode: 1, values: ["profit": -2, "num_trades": 4]))
        #expect(records[2].episode == 2)
        #expect(records[2]["profit"]!.isNaN)
        #expect(records[2]["learning_rate"] == .infinity)
        #expect(records[2]["num_trades"] == -.infinity)
    }

    @Test func quotedCellsAndPythonListsAreRead() {
        var decoder = CSVRecordDecoder()
        let lines = [#"episode,loss,q_values,"odd, name""#, #"3,0.5,"[1.0, 2.0, 3.0]",7"#, "4,0.25,\"[NaN, 1.0]\",8\r"]
        let (records, _) = decodeLines(lines, with: &decoder)
        #expect(records[0] == MetricRecord(episode: 3, values: ["loss": 0.5, "q_mean": 2, "q_std": (2.0 / 3.0).squareRoot(), "q_min": 1, "q_max": 3, "odd, name": 7]))
        #expect(records[1]["q_mean"]!.isNaN)
        #expect(records[1]["odd, name"] == 8)
    }

    @Test func rowsWithoutAnEpisodeColumnAreNumberedInOrder() {
        // Stable-Baselines3's monitor.csv: a JSON comment line, then r,l,t.
        var decoder = CSVRecordDecoder()
        let lines = [#"#{"t_start": 1700000000.0, "env_id": "Trading-v0"}"#, "r,l,t", "1.5,200,0.5", "text,only,here", "-0.5,180,1.0"]
        let (records, outcomes) = decodeLines(lines, with: &decoder)
        #expect(outcomes == [.ignored, .ignored, .record, .skipped("no numeric values"), .record])
        #expect(records.map(\.episode) == [0, 1])
        #expect(records[1]["r"] == -0.5)
    }

    @Test func badEpisodesAreSkipped() {
        var decoder = CSVRecordDecoder()
        let (records, outcomes) = decodeLines(["episode,profit", ",1", "x,2", "1.5,3", "4,4"], with: &decoder)
        #expect(outcomes == [.ignored, .skipped("no episode number"), .skipped("episode is not a whole number"), .skipped("episode is not a whole number"), .record])
        #expect(records == [MetricRecord(episode: 4, values: ["profit": 4])])
    }

    @Test func resetReadsTheNextLineAsAHeader() {
        var decoder = CSVRecordDecoder()
        _ = decodeLines(["episode,profit", "1,2"], with: &decoder)
        decoder.reset()
        let (records, _) = decodeLines(["episode,profit,sharpe", "1,2,3"], with: &decoder)
        #expect(records == [MetricRecord(episode: 1, values: ["profit": 2, "sharpe": 3])])
    }
}
