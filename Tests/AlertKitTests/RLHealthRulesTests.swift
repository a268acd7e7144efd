import Foundation
import MetricsKit
import Testing
@testable import AlertKit

/// Each RL rule on a synthetic run that shows its pattern, and on the healthy run beside it:
/// the runs go through a real `RunStore` and `HealthSnapshot(store:)`, so the role table picks
/// the metrics as it does for a user's files.
@Suite struct RLHealthRulesTests {
    /// A run of `count` episodes: `episode(i)` gives each episode's metrics, `model(i)` each
    /// training step's (one a episode, at x = i).
    static func snapshot(count: Int = 300, episode: (Int) -> [String: Double], model: (Int) -> [String: Double] = { _ in [:] },
                         thresholds: HealthThresholds = .moderate) -> HealthSnapshot {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var episodes = RecordBatch(catalog: catalog)
        var models = RecordBatch(catalog: catalog)
        for i in 0..<count {
            episodes.append(MetricRecord(episode: i, values: episode(i)))
            let values = model(i)
            if !values.isEmpty { models.append(MetricRecord(episode: i, values: values)) }
        }
        store.ingestEpisodes(episodes)
        store.ingestModelMetrics(models)
        return HealthSnapshot(store: store, secondsSinceNewEpisode: 1, trainingComplete: false, trendWindow: thresholds.trendWindow)
    }

    /// Noise in ±`amplitude`, the same for the same `i`.
    static func noise(_ i: Int, _ amplitude: Double, seed: UInt64 = 1) -> Double {
        var generator = SplitMix64(seed: seed &* 1_000_003 &+ UInt64(i))
        return (Double(generator.next() % 10_001) / 5_000 - 1) * amplitude
    }

    private func verdict(_ rule: HealthRule, _ snapshot: HealthSnapshot, _ thresholds: HealthThresholds = .moderate) -> RuleVerdict? {
        HealthRules.evaluate(snapshot, thresholds: thresholds).first { $0.rule == rule }
    }

    private func holds(_ rule: HealthRule, _ snapshot: HealthSnapshot) -> Bool {
        verdict(rule, snapshot)?.holds == true
    }

    // MARK: Q overestimation

    @Test func qRisingWhileTheReturnIsFlatIsOverestimation() throws {
        let diverging = Self.snapshot(episode: { ["profit": 10 + Self.noise($0, 5)] }, model: { ["q_mean": 1 + 0.05 * Double($0) + Self.noise($0, 0.1, seed: 2)] })
        let fired = try #require(verdict(.qOverestimation, diverging))
        #expect(fired.holds && fired.level == .warning)
        #expect(fired.message.hasPrefix("q_mean rose "))
        #expect(fired.message.contains("while profit stayed flat") && fired.message.contains("Double DQN"))
        let falling = Self.snapshot(episode: { ["profit": 100 - 0.3 * Double($0) + Self.noise($0, 5)] }, model: { ["q_mean": 1 + 0.05 * Double($0)] })
        #expect(verdict(.qOverestimation, falling)?.message.contains("while profit fell") == true)
        #expect(holds(.qOverestimation, falling))
    }

    @Test func qRisingWithTheReturnIsHealthy() {
        let learning = Self.snapshot(episode: { ["profit": 0.2 * Double($0) + Self.noise($0, 5)] }, model: { ["q_mean": 1 + 0.05 * Double($0)] })
        #expect(verdict(.qOverestimation, learning)?.holds == false && verdict(.qOverestimation, learning)?.clear == true)
        // A flat Q (converged) with a flat return is not overestimation either.
        let settled = Self.snapshot(episode: { ["profit": 10 + Self.noise($0, 5)] }, model: { ["q_mean": 20 + Self.noise($0, 0.5, seed: 3)] })
        #expect(!holds(.qOverestimation, settled))
    }

    // MARK: Exploration collapse

    /// Epsilon decays 1 → 0.05 over 60 episodes and stays there.
    static func epsilon(_ i: Int) -> Double { max(0.05, 1 - Double(i) * 0.95 / 60) }

    @Test func epsilonAtItsFloorWithoutImprovementIsACollapse() throws {
        let stuck = Self.snapshot(episode: { ["profit": -20 + Self.noise($0, 5), "epsilon": Self.epsilon($0)] })
        let fired = try #require(verdict(.explorationCollapse, stuck))
        #expect(fired.holds)
        #expect(fired.message.hasPrefix("Epsilon has sat at its floor 0.05 for its last 100 values (from "))
        #expect(fired.data["epsilon"] == 0.05)
    }

    @Test func epsilonAtItsFloorInARunThatLearnedIsHealthy() {
        let learning = Self.snapshot(episode: { ["profit": 0.5 * Double($0) + Self.noise($0, 5), "epsilon": Self.epsilon($0)] })
        #expect(!holds(.explorationCollapse, learning))
        // Climbed to its ceiling, then flat there (CartPole's 500): learned, not collapsed.
        let converged = Self.snapshot(episode: { ["profit": min(500, 20 + 4 * Double($0)) + Self.noise($0, 10), "epsilon": Self.epsilon($0)] })
        #expect(!holds(.explorationCollapse, converged))
        // Epsilon still decaying: not at a floor.
        let decaying = Self.snapshot(episode: { ["profit": -20 + Self.noise($0, 5), "epsilon": 1 - Double($0) / 400] })
        #expect(!holds(.explorationCollapse, decaying))
    }

    @Test func aCollapsedEntropyWithoutImprovementIsACollapse() throws {
        // SB3 logs the entropy loss: the entropy negated (1.38 → 0.05; its first ten values average 1.29).
        let collapsed = Self.snapshot(episode: { ["rollout/ep_rew_mean": 22 + Self.noise($0, 3), "train/entropy_loss": -max(0.05, 1.38 - Double($0) * 0.02)] })
        let fired = try #require(verdict(.explorationCollapse, collapsed))
        #expect(fired.holds)
        #expect(fired.message.hasPrefix("The policy's entropy (train/entropy_loss) fell to 4 % of its start (1.29 → 0.05)"))
        #expect(fired.message.contains("rollout/ep_rew_mean has not improved"))
        let healthy = Self.snapshot(episode: { ["rollout/ep_rew_mean": 22 + Self.noise($0, 3), "train/entropy_loss": -1.38 + Double($0) * 0.001] })
        #expect(!holds(.explorationCollapse, healthy))
    }

    // MARK: Loss falls while the return falls

    @Test func lossFallingWhileTheReturnFallsHolds() throws {
        let misfit = Self.snapshot(episode: { ["profit": 100 - 0.4 * Double($0) + Self.noise($0, 10)] }, model: { ["loss": 2 - 1.5 * Double($0) / 300] })
        let fired = try #require(verdict(.lossFallsProfitFalls, misfit))
        #expect(fired.holds && fired.level == .warning)
        #expect(fired.message.hasPrefix("loss fell ") && fired.message.contains("while profit fell"))
        let learning = Self.snapshot(episode: { ["profit": 0.4 * Double($0) + Self.noise($0, 10)] }, model: { ["loss": 2 - 1.5 * Double($0) / 300] })
        #expect(verdict(.lossFallsProfitFalls, learning)?.holds == false && verdict(.lossFallsProfitFalls, learning)?.clear == true)
        let noisyFlat = Self.snapshot(episode: { ["profit": 50 + Self.noise($0, 30)] }, model: { ["loss": 2 - 1.5 * Double($0) / 300] })
        #expect(!holds(.lossFallsProfitFalls, noisyFlat))
    }

    // MARK: Gradient explosion

    @Test func gradientsAboveTheThresholdOrGrowingByOrdersExplode() throws {
        let spike = Self.snapshot(episode: { ["profit": Double($0)] }, model: { ["gradients.max": $0 < 290 ? 1 + Self.noise($0, 0.2) : 250] })
        let fired = try #require(verdict(.gradientExplosion, spike))
        #expect(fired.holds && fired.level == .critical)
        #expect(fired.message.hasPrefix("gradients.max is 250, above 100"))
        let growing = Self.snapshot(episode: { ["profit": Double($0)] }, model: { ["gradients.norm": 0.001 * pow(10, Double(max(0, $0 - 200)) / 25)] })
        let grown = try #require(verdict(.gradientExplosion, growing))
        #expect(grown.holds && grown.message.contains("orders of magnitude"))
        #expect(grown.data["gradient"].map { $0 < 100 } == true)
        let steady = Self.snapshot(episode: { ["profit": Double($0)] }, model: { ["gradients.max": 1 + Self.noise($0, 0.2)] })
        #expect(verdict(.gradientExplosion, steady)?.holds == false && verdict(.gradientExplosion, steady)?.clear == true)
    }

    // MARK: Learning rate schedule ended

    @Test func aScheduleThatEndedWhileImprovingIsAnEventOnce() throws {
        let rate = { (i: Int) in max(1e-5, 1e-3 - Double(i) * (1e-3 - 1e-5) / 150) }
        let improving = Self.snapshot(episode: { ["profit": 0.5 * Double($0) + Self.noise($0, 5), "learning_rate": rate($0)] })
        let event = try #require(verdict(.learningRateEnded, improving))
        #expect(event.level == .info && event.occurrence == "learning rate 1e-05")
        #expect(event.message.hasPrefix("learning_rate ended its schedule at 1e-05 (from "))
        let flat = Self.snapshot(episode: { ["profit": 10 + Self.noise($0, 5), "learning_rate": rate($0)] })
        #expect(verdict(.learningRateEnded, flat) == nil)
        let constant = Self.snapshot(episode: { ["profit": 0.5 * Double($0), "learning_rate": 3e-4] })
        #expect(verdict(.learningRateEnded, constant) == nil)
    }

    // MARK: Through the engine and on real runs

    /// An RL rule fires and resolves like the seed's: one firing alert, one resolved, through the
    /// same tracker and throttle.
    @Test func anRLRuleFiresAndResolvesThroughTheEngine() async throws {
        let channel = RecordingChannel()
        let dispatcher = AlertDispatcher(channels: [channel], audit: nil, masker: SecretMasker([]), retry: .init(), onFailure: { _ in })
        let engine = AlertEngine(run: "dqn", thresholds: .moderate, dispatcher: dispatcher, audit: nil, statePath: nil)
        let diverging = Self.snapshot(episode: { ["profit": 10 + Self.noise($0, 5)] }, model: { ["q_mean": 1 + 0.05 * Double($0)] })
        let learning = Self.snapshot(episode: { ["profit": 0.2 * Double($0) + Self.noise($0, 5)] }, model: { ["q_mean": 1 + 0.05 * Double($0)] })
        let start = Date(timeIntervalSince1970: 1_000_000)
        let fired = engine.check(diverging, now: start).filter { $0.rule == "q_overestimation" }
        #expect(fired.map(\.status) == [.firing] && fired.first?.level == .warning)
        #expect(engine.firingRules.contains(.qOverestimation))
        #expect(engine.check(diverging, now: start.addingTimeInterval(10)).filter { $0.rule == "q_overestimation" }.isEmpty)
        let resolved = engine.check(learning, now: start.addingTimeInterval(20)).filter { $0.rule == "q_overestimation" }
        #expect(resolved.map(\.status) == [.resolved] && resolved.first?.durationSeconds == 20)
        await dispatcher.drain()
        #expect(channel.events.filter { $0.rule == "q_overestimation" }.map(\.status) == [.firing, .resolved])
    }

    private static let sb3 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sb3").path

    /// Real Stable-Baselines3 runs on CartPole (`Tests/Fixtures/producers/make-sb3-cartpole.py`): a
    /// healthy PPO run (entropy loss, value loss, constant learning rate) and a DQN run whose
    /// epsilon sits at its floor once its return has risen: no RL rule holds at any point of
    /// either, read as the dashboard reads them, a prefix at a time.
    @Test func theRealCartPoleRunsRaiseNone() throws {
        for name in ["ppo-cartpole", "dqn-cartpole"] {
            let source = try RunSource(path: Self.sb3 + "/" + name, mustExist: true)
            source.readToEnd()
            let snapshot = HealthSnapshot(store: source.store, secondsSinceNewEpisode: 1, trainingComplete: false)
            #expect(snapshot.windows[.profit]?.name == "rollout/ep_rew_mean", "\(name)")
            #expect(snapshot.windows[.loss] != nil && snapshot.windows[.learningRate] != nil, "\(name)")
            if name.hasPrefix("ppo") { #expect(snapshot.windows[.entropy]?.name == "train/entropy_loss") }
            if name.hasPrefix("dqn") { #expect(snapshot.windows[.epsilon]?.latest == 0.04) }
            let rules: Set<HealthRule> = [.qOverestimation, .explorationCollapse, .lossFallsProfitFalls, .gradientExplosion, .learningRateEnded]
            let raised = HealthRules.evaluate(snapshot, thresholds: .moderate).filter { rules.contains($0.rule) && $0.holds }
            #expect(raised.isEmpty, "\(name): \(raised.map(\.message))")
        }
    }

    // MARK: Thresholds, windows and extreme values

    @Test func theThresholdsMoveTheRules() {
        let mild = Self.snapshot(episode: { ["profit": 10 + Self.noise($0, 5)] }, model: { ["q_mean": 10 + 0.01 * Double($0)] })
        #expect(!holds(.qOverestimation, mild))        // +10 % over the window
        var sensitive = HealthThresholds.moderate
        sensitive.qRiseFraction = 0.05
        #expect(verdict(.qOverestimation, mild, sensitive)?.holds == true)
        var lenient = HealthThresholds.moderate
        lenient.maxGradient = 1000
        let spike = Self.snapshot(episode: { ["profit": Double($0)] }, model: { ["gradients.max": $0 < 290 ? 1 : 250] })
        #expect(verdict(.gradientExplosion, spike, lenient)?.holds == false)
        var off = HealthThresholds.moderate
        off.disabled = [.gradientExplosion]
        #expect(verdict(.gradientExplosion, spike, off) == nil)
    }

    @Test func theConfigSetsEachRLThreshold() throws {
        let config = try AlertConfig.parse(Data(#"""
            {"alerts": {"thresholds": {"preset": "conservative", "trend_window": 50, "q_rise_fraction": 0.5, "improvement_sigma": 1,
              "entropy_fraction": 0.2, "loss_fall_fraction": 0.3, "max_gradient": 10, "gradient_growth_orders": 2}, "disabled_rules": ["learning_rate_ended"]}}
            """#.utf8))
        let t = config.thresholds
        #expect([Double(t.trendWindow), t.qRiseFraction, t.improvementSigma, t.entropyFraction, t.lossFallFraction, t.maxGradient, t.gradientGrowthOrders]
                == [50, 0.5, 1, 0.2, 0.3, 10, 2])
        #expect(t.noImprovementEpisodes == 50 && t.disabled == [.learningRateEnded])
    }

    @Test func aWindowTooShortSaysNothing() {
        let young = Self.snapshot(count: RLHealthRules.minimumPoints - 1, episode: { ["profit": 10, "epsilon": Self.epsilon($0)] },
                                  model: { ["q_mean": 1 + Double($0), "loss": 1] })
        for rule in [HealthRule.qOverestimation, .explorationCollapse, .lossFallsProfitFalls, .learningRateEnded] { #expect(verdict(rule, young) == nil) }
    }

    @Test func theWindowIsTheLastValuesOfEachMetric() throws {
        var thresholds = HealthThresholds.moderate
        thresholds.trendWindow = 40
        let run = Self.snapshot(episode: { ["profit": Double($0)] }, model: { ["q_mean": Double($0 * 2)] }, thresholds: thresholds)
        let window = try #require(run.windows[.qValues])
        #expect(window.xs == Array(260..<300) && window.values.first == 520 && window.name == "q_mean")
        #expect(run.windows[.profit]?.runStart == 4.5 && run.windows[.profit]?.runLowest == 0)   // the mean of episodes 0–9
        let fit = try #require(window.fit)
        #expect(abs(fit.change - 78) < 1e-9 && abs(fit.correlation - 1) < 1e-12 && fit.start == 520)
    }

    /// Values from the far ends of Double never trap: no fit where the sums overflow, no verdict
    /// built from a non-finite trend.
    @Test func extremeValuesNeverTrap() {
        let extremes: [Double] = [0, 5e-324, -5e-324, 1.8e308, -1.8e308, .infinity, -.infinity, .nan, 9_007_199_254_740_993, -0.0]
        for (index, value) in extremes.enumerated() {
            let run = Self.snapshot(count: 50, episode: { ["profit": $0 % 3 == 0 ? value : extremes[($0 + index) % extremes.count],
                                                           "epsilon": value, "learning_rate": value, "train/entropy_loss": value] },
                                    model: { ["q_mean": value * Double($0), "loss": value, "gradients.max": value] })
            for verdict in HealthRules.evaluate(run, thresholds: .moderate) where verdict.rule.level != .info || verdict.holds {
                #expect(!verdict.title.isEmpty)
            }
        }
        let window = TrendWindow(name: "x", xs: [Int.min, 0, Int.max], values: [1, 2, 3])
        #expect(window.fit.map { $0.change > 0 } == true)
    }
}
