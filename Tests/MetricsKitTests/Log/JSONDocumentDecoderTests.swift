import Foundation
import Testing
@testable import MetricsKit

@Suite struct JSONDocumentDecoderTests {
    @Test func readsTheSnapshotLayout() throws {
        let text = """
            {"experiment_name": "dqn", "episodes": [{"episode": 1, "profit": NaN}, {"profit": 2}, {"episode": 2, "profit": 3}],
             "model_metrics": [{"episode": 2, "loss": 0.5, "q_values": [1, 3]}], "statistics": {"best_profit": 3}}
            """
        let document = try JSONDocumentDecoder.decode(Data(text.utf8), catalog: MetricCatalog())
        #expect(document.experimentName == "dqn")
        #expect(document.episodes.records.map(\.episode) == [1, 2])
        #expect(document.episodes.records[0]["profit"]!.isNaN)
        #expect(document.modelMetrics.records == [MetricRecord(episode: 2, values: ["loss": 0.5, "q_mean": 2, "q_std": 1, "q_min": 1, "q_max": 3])])
        #expect(document.skipped.count == 1)
        #expect(document.skipped[0].section == "episodes" && document.skipped[0].index == 1)
    }

    @Test func readsABareArrayOfEpisodes() throws {
        let document = try JSONDocumentDecoder.decode(Data(#"[{"ep": 1, "pnl": 2}]"#.utf8), catalog: MetricCatalog())
        #expect(document.episodes.records == [MetricRecord(episode: 1, values: ["profit": 2])])
    }

    @Test func explainsWhatIsWrong() {
        #expect(throws: JSONDocumentDecoder.Failure.self) { try JSONDocumentDecoder.decode(Data(#"{"episodes": [1,"#.utf8), catalog: MetricCatalog()) }
        #expect(throws: JSONDocumentDecoder.Failure.self) { try JSONDocumentDecoder.decode(Data(#"{"config": 1}"#.utf8), catalog: MetricCatalog()) }
        #expect(throws: JSONDocumentDecoder.Failure.self) { try JSONDocumentDecoder.decode(Data("42".utf8), catalog: MetricCatalog()) }
    }
}
