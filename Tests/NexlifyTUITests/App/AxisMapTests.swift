import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

@Suite struct AxisMapTests {
    private func store(_ values: [Int: Double], metric: String = "timestamp") -> RunStore {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        for (x, value) in values.sorted(by: { $0.key < $1.key }) {
            batch.append(MetricRecord(episode: x, values: ["profit": Double(x), metric: value]))
        }
        store.ingestEpisodes(batch)
        return store
    }

    @Test func xBecomesTheMetricsValueInterpolatedBetweenItsPoints() throws {
        let clock = try #require(AxisMap(store: store([0: 1000, 10: 1100, 20: 1400]), choice: .wallClock))
        #expect(clock.value(at: 0) == 1000 && clock.value(at: 5) == 1050 && clock.value(at: 15) == 1250 && clock.value(at: 20) == 1400)
        #expect(clock.value(at: 30) == 1700, "extended past the last point")
        #expect(AxisMap(store: store([0: 1000]), choice: .wallClock) == nil, "one timestamp is not an axis")
        #expect(AxisMap(store: RunStore(catalog: MetricCatalog()), choice: .wallClock) == nil)
        #expect(AxisMap(store: store([0: 1000, 10: 1100]), choice: .own) == nil)
    }

    @Test func theDashboardOnWallTimeLabelsItsAxesWithClockReadings() throws {
        let start = Date().timeIntervalSince1970.rounded(.down) - 3600
        let run = store(Dictionary(uniqueKeysWithValues: (0..<100).map { ($0, start + Double($0) * 30) }))
        let model = DashboardModel(store: run, smoothing: 5, axis: .wallClock)
        let profit = model.panel(.profit)
        #expect(profit.xClock != nil)
        #expect(profit.xRange == start...(start + 99 * 30))
        #expect(profit.layers.allSatisfy { layer in layer.samples.allSatisfy { $0.x >= start } })
        #expect(DashboardModel(store: run, smoothing: 5).panel(.profit).xClock == nil)
        let frame = DashboardView.render(state: TestRuns.state(), model: model, width: 160, height: 40).lines.joined(separator: "\n")
        #expect(frame.contains(LocalTime.clock(Date(timeIntervalSince1970: start))) && !frame.contains("ep 0"))
    }

    @Test func xCyclesThroughWhatTheRunOffers() throws {
        // A step-keyed run with SB3's episode count and timestamps offers all three.
        let catalog = MetricCatalog()
        var steps = RunStore(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        for dump in 1...20 { batch.append(MetricRecord(episode: dump * 2048, values: ["r": Double(dump), "time/episodes": Double(dump * 8), "timestamp": 1000 + Double(dump)])) }
        steps.ingestEpisodes(batch)
        #expect(AxisMap.choices(store: steps, xAxis: .step) == [.own, .episodes, .wallClock])
        #expect(AxisMap.choices(store: steps, xAxis: .episode) == [.own, .wallClock], "an episode run is already on episodes")
        let onEpisodes = DashboardModel(store: steps, smoothing: 5, xAxis: .step, axis: .episodes).panel(.profit)
        #expect(onEpisodes.xLabel == "ep" && onEpisodes.xRange == 8...160)
        var state = AppState(theme: .cyberpunk)
        state.axisChoices = AxisMap.choices(store: steps, xAxis: .step)
        let cycle = (0..<3).map { _ in
            _ = AppUpdate.handle(.character("x"), state: &state)
            return state.axis
        }
        #expect(cycle == [.episodes, .wallClock, .own])
    }

    @Test func aClockReadingHasTheDateWhenItIsNotToday() {
        let now = Date()
        #expect(LocalTime.clock(now, now: now).count == 5)
        #expect(LocalTime.clock(now.addingTimeInterval(-3 * 86_400), now: now).count == 11)
    }
}
