import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

@Suite struct WallClockAxisTests {
    private func store(timestamps: [Int: Double]) -> RunStore {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        for (episode, time) in timestamps.sorted(by: { $0.key < $1.key }) {
            batch.append(MetricRecord(episode: episode, values: ["profit": Double(episode), "timestamp": time]))
        }
        store.ingestEpisodes(batch)
        return store
    }

    @Test func xBecomesTheTimeItWasLoggedInterpolatedBetweenTimestamps() throws {
        let clock = try #require(WallClockAxis(store: store(timestamps: [0: 1000, 10: 1100, 20: 1400])))
        #expect(clock.time(at: 0) == 1000 && clock.time(at: 5) == 1050 && clock.time(at: 15) == 1250 && clock.time(at: 20) == 1400)
        #expect(clock.time(at: 30) == 1700, "extended past the last timestamp")
        #expect(WallClockAxis(store: store(timestamps: [0: 1000])) == nil, "one timestamp is not an axis")
        #expect(WallClockAxis(store: RunStore(catalog: MetricCatalog())) == nil)
    }

    @Test func theDashboardOnWallTimeLabelsItsAxesWithClockReadings() throws {
        let start = Date().timeIntervalSince1970.rounded(.down) - 3600
        let run = store(timestamps: Dictionary(uniqueKeysWithValues: (0..<100).map { ($0, start + Double($0) * 30) }))
        let model = DashboardModel(store: run, smoothing: 5, wallClock: true)
        let profit = model.panel(.profit)
        let labels = try #require(profit.xEndLabels)
        #expect(labels == [LocalTime.clock(Date(timeIntervalSince1970: start)), LocalTime.clock(Date(timeIntervalSince1970: start + 99 * 30))])
        #expect(profit.xRange == start...(start + 99 * 30))
        #expect(profit.layers.allSatisfy { layer in layer.samples.allSatisfy { $0.x >= start } })
        // Without timestamps, or not asked for: episodes as before.
        #expect(DashboardModel(store: run, smoothing: 5).panel(.profit).xEndLabels == nil)
        var state = AppState(theme: .cyberpunk)
        #expect(AppUpdate.handle(.character("x"), state: &state) == .rebuildModel && state.wallClock)
        let frame = DashboardView.render(state: state, model: model, width: 160, height: 40).lines.joined(separator: "\n")
        #expect(frame.contains(labels[0]) && !frame.contains("ep 0"))
    }

    @Test func aClockReadingHasTheDateWhenItIsNotToday() {
        let now = Date()
        #expect(LocalTime.clock(now, now: now).count == 5)
        #expect(LocalTime.clock(now.addingTimeInterval(-3 * 86_400), now: now).count == 11)
    }
}
