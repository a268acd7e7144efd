import Foundation
import MetricsKit

/// What a run looked like when someone last looked at its dashboard: when, how many episodes it
/// had, its best profit and how many alerts had fired. Kept per run under
/// `$XDG_STATE_HOME/nexlify-tui/looks/` (`~/.local/state/…`), so the next start — or the pane shown
/// again after it was hidden — can say what happened since, in one line:
///
/// ```swift
/// let look = LastLook(at: earlier, episodes: 3_760, bestProfit: 1_111, alerts: 0)
/// look.banner(now: LastLook(at: Date(), episodes: 5_000, bestProfit: 1_200, alerts: 2))
/// // "since 14:02: +1,240 episodes, best 1.2k (+8 %), 2 alerts"
/// ```
struct LastLook: Equatable, Sendable {
    var at: Date
    var episodes: Int
    var bestProfit: Double?
    /// Alerts fired in the run's `alerts.jsonl` so far.
    var alerts: Int

    /// The one-line summary of what changed from this look to `now`.
    func banner(now: LastLook) -> String {
        var parts: [String] = []
        let added = now.episodes - episodes
        if added != 0 { parts.append((added > 0 ? "+" : "") + Self.grouped(added) + " episode" + (abs(added) == 1 ? "" : "s")) }
        if let best = now.bestProfit, best.isFinite {
            var text = "best " + CompactNumber.format(best)
            if let before = bestProfit, before.isFinite, before != 0, best != before {
                let change = (best - before) / abs(before) * 100
                if let percent = Int(exactly: change.rounded()) { text += " (" + (percent > 0 ? "+" : "") + Self.grouped(percent) + " %)" }
            }
            parts.append(text)
        }
        let fired = max(0, now.alerts - alerts)
        if fired > 0 { parts.append("\(fired) alert" + (fired == 1 ? "" : "s")) }
        let head = "since " + LocalTime.clock(at, now: now.at) + ": "
        return head + (added == 0 && fired == 0 && now.bestProfit == bestProfit ? "nothing new" : parts.joined(separator: ", "))
    }

    /// A whole number with thousands separated by commas (`1,240`).
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// The look as its file holds it (one JSON object).
    var json: String {
        var fields = ["\"at\": " + JSONText.number(at.timeIntervalSince1970), "\"episodes\": \(episodes)", "\"alerts\": \(alerts)"]
        if let bestProfit, bestProfit.isFinite { fields.append("\"best_profit\": " + JSONText.number(bestProfit)) }
        return "{" + fields.joined(separator: ", ") + "}\n"
    }

    /// A look read from its file's bytes (our own JSON reader); nil when they are not one.
    static func parse(_ data: Data) -> LastLook? {
        guard case .object(let fields)? = try? JSONValue.decode(data),
              case .number(let at)? = fields["at"], at.isFinite,
              case .number(let episodes)? = fields["episodes"], let count = Int(exactly: episodes),
              case .number(let alerts)? = fields["alerts"], let fired = Int(exactly: alerts) else { return nil }
        var best: Double?
        if case .number(let value)? = fields["best_profit"] { best = value }
        return LastLook(at: Date(timeIntervalSince1970: at), episodes: count, bestProfit: best, alerts: fired)
    }
}
