import Foundation
import Testing
@testable import AlertKit

@Suite struct AlertEngineTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func engine(_ channel: RecordingChannel, statePath: String? = nil, forChecks: Int = 1) -> (AlertEngine, AlertDispatcher) {
        var thresholds = HealthThresholds.moderate
        thresholds.forChecks = forChecks
        let dispatcher = AlertDispatcher(channels: [channel], audit: nil, retry: .init(maxAttempts: 1, initialDelay: 0))
        return (AlertEngine(run: "runs/dqn", thresholds: thresholds, dispatcher: dispatcher, audit: nil, statePath: statePath), dispatcher)
    }

    private func healthy(episode: Int, loss: Double = 1) -> HealthSnapshot {
        HealthSnapshot(latestEpisode: episode, latestProfit: 10, bestProfit: 50, bestEpisode: episode - 1, latestLoss: loss, secondsSinceNewEpisode: 1)
    }

    @Test func aFiringRuleIsSentOnceInsideTheRepeatWindowThenResolvedOnce() async {
        let channel = RecordingChannel()
        let (engine, dispatcher) = engine(channel)
        engine.check(healthy(episode: 10), now: Self.start)
        for minute in 1...30 { engine.check(healthy(episode: 10 + minute, loss: 5000), now: Self.start.addingTimeInterval(Double(minute) * 60)) }
        engine.check(healthy(episode: 50, loss: 1), now: Self.start.addingTimeInterval(3600))
        engine.check(healthy(episode: 51, loss: 1), now: Self.start.addingTimeInterval(3660))
        await dispatcher.drain()
        let lossEvents = channel.events.filter { $0.rule == "loss_too_high" }
        #expect(lossEvents.map(\.status) == [.firing, .resolved])
        #expect(lossEvents[0].level == .critical && lossEvents[0].message.contains("5000"))
        #expect(lossEvents[1].durationSeconds == 3540)
        #expect(engine.highestFiringLevel == nil)
    }

    @Test func stillFiringRepeatsAfterTheInterval() async {
        let channel = RecordingChannel()
        let (engine, dispatcher) = engine(channel)
        for hour in 0...9 { engine.check(HealthSnapshot(latestEpisode: hour, latestProfit: -900, secondsSinceNewEpisode: 1), now: Self.start.addingTimeInterval(Double(hour) * 3600)) }
        await dispatcher.drain()
        #expect(channel.events.filter { $0.rule == "profit_too_low" }.map(\.reason) == ["firing", "still firing", "still firing"])
        #expect(engine.highestFiringLevel == .warning)
    }

    @Test func eachRuleFiresOnACraftedRun() async {
        let channel = RecordingChannel()
        let (engine, dispatcher) = engine(channel)
        engine.check(HealthSnapshot(latestEpisode: 0, latestProfit: 1, bestProfit: 1, bestEpisode: 0, latestLoss: 1, secondsSinceNewEpisode: 1), now: Self.start)
        engine.check(HealthSnapshot(latestEpisode: 150, latestProfit: -700, bestProfit: 2, bestEpisode: 40, latestLoss: 4000,
                                    nonFinite: ["loss": (1, 137)], secondsSinceNewEpisode: 400), now: Self.start.addingTimeInterval(60))
        engine.check(HealthSnapshot(latestEpisode: 151, latestProfit: 900, bestProfit: 900, bestEpisode: 151, latestLoss: 1,
                                    nonFinite: ["loss": (1, 137)], secondsSinceNewEpisode: 1, trainingComplete: true), now: Self.start.addingTimeInterval(120))
        await dispatcher.drain()
        let fired = Set(channel.events.filter { $0.status == .firing }.map(\.rule))
        #expect(fired == ["no_improvement", "loss_too_high", "profit_too_low", "non_finite", "stalled", "new_best", "training_complete"])
        let resolved = Set(channel.events.filter { $0.status == .resolved }.map(\.rule))
        #expect(resolved == ["no_improvement", "loss_too_high", "profit_too_low", "non_finite", "stalled"])
        #expect(channel.events.first { $0.rule == "non_finite" }?.message == "loss became NaN or infinite, first at episode 137.")
    }

    @Test func forChecksWaitsForTheConditionToPersist() async {
        let channel = RecordingChannel()
        let (engine, dispatcher) = engine(channel, forChecks: 3)
        engine.check(healthy(episode: 1, loss: 5000), now: Self.start)
        engine.check(healthy(episode: 2, loss: 5000), now: Self.start.addingTimeInterval(10))
        engine.check(healthy(episode: 3, loss: 1), now: Self.start.addingTimeInterval(20))
        engine.check(healthy(episode: 4, loss: 5000), now: Self.start.addingTimeInterval(30))
        engine.check(healthy(episode: 5, loss: 5000), now: Self.start.addingTimeInterval(40))
        await dispatcher.drain()
        #expect(channel.events.filter { $0.rule == "loss_too_high" }.isEmpty)
        engine.check(healthy(episode: 6, loss: 5000), now: Self.start.addingTimeInterval(50))
        await dispatcher.drain()
        #expect(channel.events.filter { $0.rule == "loss_too_high" }.count == 1)
    }

    @Test func aRestartDoesNotSendAgainWhatWasSent() async throws {
        let statePath = NSTemporaryDirectory() + "alert-state-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: statePath) }
        let first = RecordingChannel()
        let (engine, dispatcher) = engine(first, statePath: statePath)
        let bad = HealthSnapshot(latestEpisode: 5, latestProfit: -900, bestProfit: 3, bestEpisode: 5, nonFinite: ["sharpe": (1, 4)], secondsSinceNewEpisode: 1)
        engine.check(bad, now: Self.start)
        await dispatcher.drain()
        #expect(Set(first.events.map(\.rule)) == ["profit_too_low", "non_finite"])

        let second = RecordingChannel()
        let (restarted, secondDispatcher) = self.engine(second, statePath: statePath)
        restarted.check(bad, now: Self.start.addingTimeInterval(600))
        await secondDispatcher.drain()
        // Only what the same engine would have sent next: the NaN did not recur, so it resolves;
        // the low profit, still firing and sent 10 minutes ago, is not sent again.
        #expect(second.events.map(\.rule) == ["non_finite"], "\(second.events.map(\.rule))")
        #expect(second.events.first?.status == .resolved)
        #expect(restarted.highestFiringLevel == .warning)
    }

    @Test func sendAlertIsThrottledUnlessForced() async {
        let channel = RecordingChannel()
        let (engine, dispatcher) = engine(channel)
        #expect(engine.sendAlert(level: .warning, title: "Slow Learning", message: "No improvement in 100 episodes", now: Self.start))
        #expect(!engine.sendAlert(level: .warning, title: "Slow Learning", message: "again", now: Self.start.addingTimeInterval(60)))
        #expect(engine.sendAlert(level: .warning, title: "Slow Learning", message: "forced", force: true, now: Self.start.addingTimeInterval(61)))
        await dispatcher.drain()
        #expect(channel.events.map(\.reason) == ["firing", "forced"])
        #expect(engine.history.count == 2)
    }
}
