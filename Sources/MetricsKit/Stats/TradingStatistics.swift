/// Trading statistics over a window of episode profits, as the dashboard's panels and KPI
/// cards show them. Non-finite profits are left out.
///
/// ```swift
/// TradingStatistics.winRate([5, -2, 3, 0])            // 0.5 (profit > 0 counts as a win)
/// TradingStatistics.sharpe([1, 2, 3])                 // 2.0 (mean / sample std)
/// TradingStatistics.maxDrawdown([10, -5, -10, 20])    // 15: deepest fall of cumulative profit
/// ```
public enum TradingStatistics {
    /// Fraction of finite profits above zero, or `nil` for none.
    public static func winRate<C: Collection>(_ profits: C) -> Double? where C.Element == Double {
        var wins = 0
        var total = 0
        for profit in profits where profit.isFinite {
            total += 1
            if profit > 0 { wins += 1 }
        }
        return total == 0 ? nil : Double(wins) / Double(total)
    }

    /// Mean over sample standard deviation of the finite values (no annualisation), or `nil`
    /// when fewer than two values or no spread.
    public static func sharpe<C: Collection>(_ returns: C) -> Double? where C.Element == Double {
        let finite = returns.filter(\.isFinite)
        guard finite.count >= 2 else { return nil }
        let mean = finite.reduce(0, +) / Double(finite.count)
        let variance = finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1)
        guard variance > 0 else { return nil }
        return mean / variance.squareRoot()
    }

    /// The largest fall of the running sum of profits from its previous peak (≥ 0).
    public static func maxDrawdown<C: Collection>(_ profits: C) -> Double where C.Element == Double {
        var cumulative = 0.0
        var peak = 0.0
        var deepest = 0.0
        for profit in profits where profit.isFinite {
            cumulative += profit
            peak = Swift.max(peak, cumulative)
            deepest = Swift.max(deepest, peak - cumulative)
        }
        return deepest
    }

    /// Rolling win rate: at each point, the win rate over the last `window` profits.
    public static func rollingWinRate(_ profits: [Double], window: Int) -> [Double] {
        let size = Swift.max(1, window)
        var wins = 0
        var finite = 0
        var result: [Double] = []
        result.reserveCapacity(profits.count)
        for (index, profit) in profits.enumerated() {
            if profit.isFinite {
                finite += 1
                if profit > 0 { wins += 1 }
            }
            if index >= size {
                let leaving = profits[index - size]
                if leaving.isFinite {
                    finite -= 1
                    if leaving > 0 { wins -= 1 }
                }
            }
            result.append(finite == 0 ? .nan : Double(wins) / Double(finite))
        }
        return result
    }
}
