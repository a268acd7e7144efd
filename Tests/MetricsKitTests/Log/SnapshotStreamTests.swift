import Foundation
import Testing
@testable import MetricsKit

@Suite struct SnapshotStreamTests {
    @Test func readsOurSnapshotLayout() {
        let text = """
            {"experiment_name": "dqn", "episodes": [{"episode": 1, "profit": NaN}, {"profit": 2}, {"episode": 2, "profit": 3}],
             "model_metrics": [{"episode": 2, "loss": 0.5, "q_values": [1, 3]}], "statistics": {"best_profit": 3}}
            """
        let document = SnapshotStream.read(Array(text.utf8), catalog: MetricCatalog())
        #expect(document.outcome == .complete)
        #expect(document.stream.experimentName == "dqn" && document.stream.statistics == ["best_profit": 3])
        #expect(document.episodes.records.map(\.episode) == [1, 2])
        #expect(document.episodes.records[0]["profit"]!.isNaN)
        #expect(document.modelMetrics.records == [MetricRecord(episode: 2, values: ["loss": 0.5, "q_mean": 2, "q_std": 1, "q_min": 1, "q_max": 3])])
        #expect(document.stream.skipped.count == 1)
        #expect(document.stream.skipped[0].section == .episodes && document.stream.skipped[0].index == 1)
    }

    @Test func readsABareArrayOfEpisodes() {
        let document = SnapshotStream.read(Array(#"[{"ep": 1, "pnl": 2}]"#.utf8), catalog: MetricCatalog())
        #expect(document.outcome == .complete)
        #expect(document.episodes.records == [MetricRecord(episode: 1, values: ["profit": 2])])
    }

    @Test func saysWhatIsWrongOrMissing() {
        #expect(SnapshotStream.read(Array(#"{"episodes": [1,"#.utf8), catalog: MetricCatalog()).outcome == .incomplete)
        #expect(SnapshotStream.read(Array("42".utf8), catalog: MetricCatalog()).outcome == .invalid("neither a JSON object nor an array of records"))
        #expect(SnapshotStream.read(Array(#"{"a" 1}"#.utf8), catalog: MetricCatalog()).outcome == .invalid(#"expected ':' after "a" at byte 5"#))
        #expect(SnapshotStream.read(Array("".utf8), catalog: MetricCatalog()).outcome == .incomplete)
        let other = SnapshotStream.read(Array(#"{"config": {"a": [1, {"b": "]"}]}}"#.utf8), catalog: MetricCatalog())
        #expect(other.outcome == .complete && other.episodes.isEmpty && other.stream.checkpoints.isEmpty)
    }

    /// The seed's file, `json.dump(indent=2)`: ISO timestamps, model records without an episode
    /// placed by time, a `null` loss missing, the Q-value summary object.
    @Test func readsTheSeedsSnapshotAndPlacesModelRecordsByTime() {
        let text = """
            {
              "experiment_name": "dqn_with_monitoring_20251114_101500",
              "timestamp": "20251114_102000",
              "episode_metrics": [
                {
                  "timestamp": "2025-11-14T10:15:01.000000",
                  "episode": 0,
                  "profit": -5.0,
                  "num_trades": 3
                },
                {
                  "timestamp": "2025-11-14T10:15:03.000000",
                  "episode": 1,
                  "profit": Infinity
                },
                {
                  "timestamp": "2025-11-14T10:15:05.000000",
                  "episode": 2,
                  "profit": 7.5,
                  "custom_score": 0.95
                }
              ],
              "model_metrics": [
                {"timestamp": "2025-11-14T10:15:00.500000", "loss": 1.0, "q_values": null, "gradients": null, "weights": null},
                {"timestamp": "2025-11-14T10:15:03.000000", "loss": null, "q_values": {"mean": 1.5, "std": 0.25, "min": 1.0, "max": 2.0}},
                {"loss": 0.25},
                {"timestamp": "2025-11-14T10:15:09.000000", "loss": 0.5, "gradients": {"mean": 0.01, "std": 0.001}}
              ],
              "diagnostics": {"q_spread": [{"timestamp": "2025-11-14T10:15:03", "value": 2.0}]},
              "statistics": {"total_episodes": 3, "training_time": 4.0, "best_profit": 7.5, "avg_log_time_ms": NaN}
            }
            """
        let document = SnapshotStream.read(Array(text.utf8), catalog: MetricCatalog())
        #expect(document.outcome == .complete)
        #expect(document.stream.experimentName == "dqn_with_monitoring_20251114_101500")
        #expect(document.episodes.records.map(\.episode) == [0, 1, 2])
        #expect(document.episodes.records[2]["custom_score"] == 0.95 && document.episodes.records[1]["profit"] == .infinity)
        #expect(document.episodes.records[0]["timestamp"] == 1_763_115_301)
        // Before the first episode → the first; at an episode's time → that one; no time → as before; later → the last.
        #expect(document.modelMetrics.records.map(\.episode) == [0, 1, 1, 2])
        #expect(document.modelMetrics.records[1]["loss"] == nil && document.modelMetrics.records[1]["q_mean"] == 1.5 && document.modelMetrics.records[1]["q_std"] == 0.25)
        #expect(document.modelMetrics.records[3]["gradients.mean"] == 0.01)
        #expect(document.stream.statistics["total_episodes"] == 3 && document.stream.statistics["avg_log_time_ms"]!.isNaN)
    }

    /// Bytes arriving in pieces of every size give the same records as all at once.
    @Test func piecesOfAnySizeGiveTheSameRecords() {
        let text = #"{"experiment_name": "x", "episode_metrics": [{"episode": 0, "profit": 1, "note": "a \"quoted\" ] } text"}, {"episode": 1, "profit": 2}], "model_metrics": [{"loss": 1}], "statistics": {"n": 2}}"#
        let bytes = Array(text.utf8)
        let whole = SnapshotStream.read(bytes, catalog: MetricCatalog())
        for size in [1, 2, 3, 7, 64] {
            var stream = SnapshotStream(catalog: MetricCatalog())
            var episodes = RecordBatch(catalog: MetricCatalog())
            var models = RecordBatch(catalog: MetricCatalog())
            var available = 0
            var outcome = SnapshotStream.Outcome.more
            while true {
                outcome = stream.read(maxBytes: 1 << 20, episodes: &episodes, models: &models) { buffer, count, offset in
                    guard offset < available else { return 0 }
                    let length = min(count, available - offset)
                    bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: length) }
                    return length
                }
                if outcome == .complete || available == bytes.count { break }
                #expect(outcome == .incomplete, "size \(size)")
                available = min(bytes.count, available + size)
            }
            #expect(outcome == .complete, "size \(size)")
            #expect(episodes.records == whole.episodes.records && models.records.count == 1 && stream.statistics == ["n": 2], "size \(size)")
        }
    }
}
