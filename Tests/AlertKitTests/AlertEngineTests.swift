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
                                    nonFinite: ["loss": .init(count: 1, firstEpisode: 137, lastEpisode: 137, sinceLast: 13)], secondsSinceNewEpisode: 400),
                     now: Self.start.addingTimeInterval(60))
        engine.check(HealthSnapshot(latestEpisode: 251, latestProfit: 900, bestProfit: 900, bestEpisode: 251, latestLoss: 1,
                                    nonFinite: ["loss": .init(count: 1, firstEpisode: 137, lastEpisode: 137, sinceLast: 114)], secondsSinceNewEpisode: 1,
                                    trainingComplete: true), now: Self.start.addingTimeInterval(420))
        await dispatcher.drain()
        let fired = Set(channel.events.filter { $0.status == .firing }.map(\.rule))
        #expect(fired == ["no_improvement", "loss_too_high", "profit_too_low", "non_finite", "stalled", "new_best", "training_complete"])
        let resolved = Set(channel.events.filter { $0.status == .resolved }.map(\.rule))
        #expect(resolved == ["no_improvement", "loss_too_high", "profit_too_low", "non_finite", "stalled"])
        #expect(channel.events.first { $0.rule == "non_finite" }?.message == "loss was NaN or infinite at episode 137 (once since episode 137).")
        #expect(channel.events.filter { $0.rule == "new_best" }.map(\.message) == ["New best profit 1 at episode 0.", "New best profit 900 at episode 251."])
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

    private func temporaryState() -> String {
        NSTemporaryDirectory() + "alert-state-\(UUID().uuidString)/alert_state.json"
    }

    private let nanRun = HealthSnapshot(latestEpisode: 5, latestProfit: -900, bestProfit: 3, bestEpisode: 5,
                                        nonFinite: ["sharpe": .init(count: 1, firstEpisode: 4, lastEpisode: 4, sinceLast: 1)], secondsSinceNewEpisode: 1)

    @Test func aRestartDoesNotSendAgainWhatWasSent() async throws {
        let statePath = temporaryState()
        defer { try? FileManager.default.removeItem(atPath: (statePath as NSString).deletingLastPathComponent) }
        let first = RecordingChannel()
        let (engine, dispatcher) = engine(first, statePath: statePath)
        engine.check(nanRun, now: Self.start)
        await dispatcher.drain()
        #expect(Set(first.events.map(\.rule)) == ["profit_too_low", "non_finite", "new_best"])
        #expect(engine.pendingDeliveries.isEmpty)

        let second = RecordingChannel()
        let (restarted, secondDispatcher) = self.engine(second, statePath: statePath)
        restarted.check(nanRun, now: Self.start.addingTimeInterval(600))
        await secondDispatcher.drain()
        // The same data gives the same verdicts: nothing resolves, nothing is sent again.
        #expect(second.events.isEmpty, "\(second.events.map(\.headline))")
        #expect(restarted.highestFiringLevel == .critical)
    }

    /// `watch --once` twice on unchanged files, or the dashboard checking every refresh: the
    /// verdict is the data's, so no spurious "resolved" ever follows.
    @Test func checkingUnchangedDataAgainSendsNothing() async {
        let channel = RecordingChannel()
        let (engine, dispatcher) = engine(channel)
        for minute in 0..<30 { engine.check(nanRun, now: Self.start.addingTimeInterval(Double(minute) * 60)) }
        await dispatcher.drain()
        #expect(channel.events.filter { $0.rule == "non_finite" }.map(\.status) == [.firing])
        #expect(!channel.events.contains { $0.status == .resolved })
    }

    /// Killed mid-delivery (the receiver never answered): the alert is still pending on disk, and
    /// the next start delivers it before anything else, so the receiver never sees a RESOLVED
    /// for an alert it did not get.
    @Test func whatWasPendingAtAKillIsDeliveredAtTheNextStart() async throws {
        let statePath = temporaryState()
        defer { try? FileManager.default.removeItem(atPath: (statePath as NSString).deletingLastPathComponent) }
        let hanging = HangingChannel()
        do {
            var thresholds = HealthThresholds.moderate
            thresholds.disabled = [.newBest]
            let dispatcher = AlertDispatcher(channels: [hanging], audit: nil, retry: .init(maxAttempts: 1, initialDelay: 0))
            let engine = AlertEngine(run: "runs/dqn", thresholds: thresholds, dispatcher: dispatcher, audit: nil, statePath: statePath)
            engine.check(HealthSnapshot(latestEpisode: 3, latestLoss: 5000, secondsSinceNewEpisode: 1), now: Self.start)
            #expect(!dispatcher.drain(timeout: 0.2), "the hanging receiver cannot have answered")
        }
        let saved = AlertState.load(from: statePath).state
        #expect(saved.pending.map(\.event.rule) == ["loss_too_high"] && saved.pending.first?.channels == ["recording"])

        let receiver = RecordingChannel()
        var thresholds = HealthThresholds.moderate
        thresholds.disabled = [.newBest]
        let dispatcher = AlertDispatcher(channels: [receiver], audit: nil, retry: .init(maxAttempts: 1, initialDelay: 0))
        let restarted = AlertEngine(run: "runs/dqn", thresholds: thresholds, dispatcher: dispatcher, audit: nil, statePath: statePath)
        restarted.check(HealthSnapshot(latestEpisode: 9, latestLoss: 1, secondsSinceNewEpisode: 1), now: Self.start.addingTimeInterval(60))
        await dispatcher.drain()
        #expect(receiver.events.map(\.status) == [.firing, .resolved])
        #expect(receiver.events.map(\.rule) == ["loss_too_high", "loss_too_high"])
        #expect(restarted.pendingDeliveries.isEmpty)
        #expect(AlertState.load(from: statePath).state.pending.isEmpty)
    }

    @Test func aCorruptStateFileIsKeptAsideReportedAndTheRulesStartFromTheData() async throws {
        let statePath = temporaryState()
        let directory = (statePath as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(#"{"trackers": {"loss_too_high": 1e-}"#.utf8).write(to: URL(fileURLWithPath: statePath))
        let channel = RecordingChannel()
        let (engine, dispatcher) = engine(channel, statePath: statePath)
        let problem = try #require(engine.stateProblem)
        #expect(problem.hasPrefix("alert_state.json was unreadable (not valid JSON: a malformed number at byte 31); kept as alert_state.json.corrupt-"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("alert_state.json.corrupt-") }
        #expect(aside.count == 1)
        #expect(try String(contentsOfFile: directory + "/" + aside[0], encoding: .utf8) == #"{"trackers": {"loss_too_high": 1e-}"#)
        engine.check(HealthSnapshot(latestEpisode: 3, latestLoss: 5000, secondsSinceNewEpisode: 1), now: Self.start)
        await dispatcher.drain()
        #expect(channel.events.map(\.rule).contains("loss_too_high"))
        let (again, _) = self.engine(RecordingChannel(), statePath: statePath)
        #expect(again.stateProblem == nil, "reported once: the new state file reads")
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

/// A receiver that accepts an alert and never answers (named like the recording channel, so a
/// restart with a `RecordingChannel` is the same channel).
struct HangingChannel: AlertChannel {
    let name = "recording"

    func deliver(_ event: AlertEvent) async throws {
        try await Task.sleep(nanoseconds: 3_600 * 1_000_000_000)
    }
}

@Suite struct AlertStateTests {
    @Test func whatIsSavedReadsBackThroughOurReader() throws {
        let path = NSTemporaryDirectory() + "state-\(UUID().uuidString)/alert_state.json"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        var state = AlertState()
        var tracker = RuleTracker(forChecks: 2)
        _ = tracker.update(holds: true, clear: false, now: AlertEngineTests.start)
        _ = tracker.update(holds: true, clear: false, now: AlertEngineTests.start.addingTimeInterval(5))
        state.trackers["loss_too_high"] = tracker
        state.sent["run\u{1F}loss_too_high"] = Throttle.Record(lastSent: AlertEngineTests.start, status: .firing)
        state.sent["run\u{1F}new_best"] = Throttle.Record(lastSent: AlertEngineTests.start, status: .firing, occurrence: "episode 4")
        let event = AlertEvent(status: .firing, reason: "firing", level: .critical, rule: "loss_too_high", run: "run", title: "Loss too high",
                               message: "m", data: ["loss": 5000], firedAt: AlertEngineTests.start, sentAt: AlertEngineTests.start)
        state.pending = [PendingDelivery(id: "A", event: event, channels: ["webhook", "slack"])]
        try state.save(to: path)
        let loaded = AlertState.load(from: path)
        #expect(loaded.problem == nil)
        #expect(loaded.state == state)
    }
}
