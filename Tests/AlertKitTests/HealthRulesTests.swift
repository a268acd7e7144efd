import Foundation
import MetricsKit
import Testing
@testable import AlertKit

@Suite struct HealthRulesTests {
    private func verdict(_ rule: HealthRule, _ now: HealthSnapshot, _ thresholds: HealthThresholds = .moderate) -> RuleVerdict? {
        HealthRules.evaluate(now, thresholds: thresholds).first { $0.rule == rule }
    }

    @Test func presetsAreTheSeeds() {
        #expect([HealthThresholds.conservative, .moderate, .aggressive].map { [Double($0.noImprovementEpisodes), $0.criticalLossThreshold, $0.minProfitWarning] }
                == [[50, 500, -200], [100, 1000, -500], [200, 2000, -1000]])
        #expect(HealthThresholds.preset(named: "Aggressive") == .aggressive)
        #expect(HealthThresholds.preset(named: "wild") == nil)
    }

    @Test func noImprovementCountsEpisodesSinceTheBest() {
        let stuck = HealthSnapshot(latestEpisode: 150, bestProfit: 40, bestEpisode: 50)
        #expect(verdict(.noImprovement, stuck)?.holds == true)
        #expect(verdict(.noImprovement, stuck)?.message.contains("100 episodes") == true)
        #expect(verdict(.noImprovement, HealthSnapshot(latestEpisode: 149, bestProfit: 40, bestEpisode: 50))?.holds == false)
        #expect(verdict(.noImprovement, stuck, .conservative)?.level == .warning)
    }

    @Test func lossAndProfitThresholdsWithHysteresis() {
        let high = verdict(.lossTooHigh, HealthSnapshot(latestLoss: 1000.5))
        #expect(high?.holds == true && high?.level == .critical)
        let hovering = verdict(.lossTooHigh, HealthSnapshot(latestLoss: 950))
        #expect(hovering?.holds == false && hovering?.clear == false)
        #expect(verdict(.lossTooHigh, HealthSnapshot(latestLoss: 899))?.clear == true)
        #expect(verdict(.lossTooHigh, HealthSnapshot(latestLoss: .nan)) == nil)
        let low = verdict(.profitTooLow, HealthSnapshot(latestEpisode: 3, latestProfit: -501))
        #expect(low?.holds == true && low?.level == .warning)
        #expect(verdict(.profitTooLow, HealthSnapshot(latestProfit: -480))?.clear == false)
        #expect(verdict(.profitTooLow, HealthSnapshot(latestProfit: -440))?.clear == true)
    }

    /// The NaN rule holds while a metric had a non-finite value within the last
    /// `nonFiniteWindow` episodes of its series, and is clear once that many passed without one:
    /// the same data gives the same verdict, however often it is checked.
    @Test func nonFiniteHoldsWhileANonFiniteValueIsRecent() {
        let both = HealthSnapshot(latestEpisode: 140, nonFinite: [
            "sharpe": .init(count: 1, firstEpisode: 130, lastEpisode: 130, sinceLast: 10),
            "loss": .init(count: 2, firstEpisode: 100, lastEpisode: 137, sinceLast: 3),
        ])
        for _ in 0..<3 {
            let fired = verdict(.nonFinite, both)
            #expect(fired?.holds == true && fired?.clear == false && fired?.level == .critical)
            #expect(fired?.title == "NaN or Infinity in sharpe")
            #expect(fired?.message == "sharpe was NaN or infinite at episode 130 (once since episode 130) (also in loss).")
        }
        let onlyLoss = HealthSnapshot(latestEpisode: 140, nonFinite: ["loss": .init(count: 2, firstEpisode: 100, lastEpisode: 137, sinceLast: 3)])
        #expect(verdict(.nonFinite, onlyLoss)?.message == "loss was NaN or infinite at episode 137 (2 times since episode 100).")
        let old = HealthSnapshot(latestEpisode: 300, nonFinite: ["loss": .init(count: 2, firstEpisode: 100, lastEpisode: 200, sinceLast: 100)])
        #expect(verdict(.nonFinite, old)?.holds == false && verdict(.nonFinite, old)?.clear == true)
        var narrow = HealthThresholds.moderate
        narrow.nonFiniteWindow = 3
        #expect(verdict(.nonFinite, onlyLoss, narrow)?.clear == true)
        #expect(verdict(.nonFinite, HealthSnapshot())?.clear == true)
    }

    @Test func stallCompletionAndNewBest() {
        #expect(verdict(.stalled, HealthSnapshot(secondsSinceNewEpisode: 301))?.holds == true)
        #expect(verdict(.stalled, HealthSnapshot(secondsSinceNewEpisode: 30))?.clear == true)
        #expect(verdict(.stalled, HealthSnapshot(secondsSinceNewEpisode: 9999, trainingComplete: true))?.clear == true)
        #expect(verdict(.trainingComplete, HealthSnapshot(latestEpisode: 999, bestProfit: 5000, trainingComplete: true))?.message
                == "Training finished after 1000 episodes; best profit 5000.")
        #expect(verdict(.trainingComplete, HealthSnapshot(trainingComplete: true))?.occurrence == "complete")
        let best = verdict(.newBest, HealthSnapshot(bestProfit: 12, bestEpisode: 9))
        #expect(best?.holds == true && best?.occurrence == "episode 9" && best?.message == "New best profit 12 at episode 9.")
        #expect(verdict(.newBest, HealthSnapshot()) == nil)
    }

    @Test func disabledRulesSayNothing() {
        var thresholds = HealthThresholds.moderate
        thresholds.disabled = [.lossTooHigh]
        #expect(verdict(.lossTooHigh, HealthSnapshot(latestLoss: 5000), thresholds) == nil)
    }

    @Test func aSnapshotOfAStoreSeesNonFiniteValuesAndTheBest() {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        for (episode, profit) in [5.0, 9.0, .nan, 7.0].enumerated() { batch.append(MetricRecord(episode: episode, values: ["profit": profit])) }
        store.ingestEpisodes(batch)
        let snapshot = HealthSnapshot(store: store, secondsSinceNewEpisode: 1, trainingComplete: false)
        #expect(snapshot.bestProfit == 9 && snapshot.bestEpisode == 1 && snapshot.latestProfit == 7 && snapshot.latestEpisode == 3)
        #expect(snapshot.nonFinite["profit"] == .init(count: 1, firstEpisode: 2, lastEpisode: 2, sinceLast: 1))
    }

    @Test func theTrackerFiresAfterForChecksAndDoesNotFlap() {
        var tracker = RuleTracker(forChecks: 2)
        let t = Date(timeIntervalSince1970: 0)
        #expect(tracker.update(holds: true, clear: false, now: t) == nil)
        #expect(tracker.update(holds: false, clear: false, now: t) == nil)     // inside the band: count restarts
        #expect(tracker.update(holds: true, clear: false, now: t) == nil)
        #expect(tracker.update(holds: true, clear: false, now: t.addingTimeInterval(10)) == .fired)
        #expect(tracker.update(holds: true, clear: false, now: t.addingTimeInterval(20)) == nil)
        // Hovering just under the threshold (inside the hysteresis band) never resolves.
        for second in 30..<40 { #expect(tracker.update(holds: false, clear: false, now: t.addingTimeInterval(Double(second))) == nil) }
        #expect(tracker.update(holds: false, clear: true, now: t.addingTimeInterval(100)) == nil)
        #expect(tracker.update(holds: false, clear: true, now: t.addingTimeInterval(110)) == .resolved(duration: 100))
        #expect(!tracker.firing)
    }
}
