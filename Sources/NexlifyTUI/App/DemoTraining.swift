import Foundation
import MetricsKit

/// A plausible, seeded synthetic training run for `--demo`: episode profit a noisy random walk
/// whose drift improves, epsilon decaying to a floor, a step learning-rate schedule, a noisy
/// decaying loss with occasional spikes and one NaN, Q-values converging. The same seed gives
/// the same run.
///
/// ```swift
/// var demo = DemoTraining(seed: 7)
/// let step = demo.next()     // episode 0's metrics
/// ```
struct DemoTraining {
    /// One episode's worth of logging.
    struct Step {
        let episode: Int
        let profit: Double
        let sharpe: Double
        let winRate: Double
        let drawdown: Double
        let numTrades: Int
        let epsilon: Double
        let learningRate: Double
        let loss: Double
        let qValues: [Double]
    }

    /// The episode whose loss is NaN, as a diverging batch would make it.
    static let nanLossEpisode = 137

    private var random: SplitMix64
    private var episode = 0
    private var recentProfits: [Double] = []
    private var equity = 0.0
    private var peak = 0.0

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func next() -> Step {
        let t = Double(episode)
        let drift = -4 + 9 * (1 - exp(-t / 400))
        let profit = drift + gaussian() * 18
        recentProfits.append(profit)
        if recentProfits.count > 20 { recentProfits.removeFirst() }
        equity += profit
        peak = max(peak, equity)
        let wins = Double(recentProfits.filter { $0 > 0 }.count) / Double(recentProfits.count)
        let sharpe = TradingStatistics.sharpe(recentProfits).map { $0 * sqrt(20) } ?? 0
        var loss = 2.5 * exp(-t / 500) + 0.04 + abs(gaussian()) * 0.08
        if uniform() < 0.01 { loss *= 6 }
        if episode == Self.nanLossEpisode { loss = .nan }
        let qCentre = 6 * (1 - exp(-t / 350)) + gaussian() * 0.05
        let qSpread = 2.0 * exp(-t / 600) + 0.2
        let step = Step(
            episode: episode, profit: profit, sharpe: sharpe, winRate: wins, drawdown: equity - peak,
            numTrades: 5 + Int(uniform() * 35), epsilon: max(0.05, pow(0.995, t)),
            learningRate: 1e-3 * pow(0.5, floor(t / 600)), loss: loss,
            qValues: (0..<4).map { _ in qCentre + gaussian() * qSpread })
        episode += 1
        return step
    }

    private mutating func uniform() -> Double {
        Double(random.next() >> 11) / Double(1 << 53)
    }

    /// A standard normal value (Box–Muller).
    private mutating func gaussian() -> Double {
        let u = max(uniform(), 1e-12)
        return sqrt(-2 * log(u)) * cos(2 * .pi * uniform())
    }
}
