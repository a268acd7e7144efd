import AlertKit
import Foundation

/// The health rules as a Prometheus alerting-rules file over `export`'s gauges: the same
/// thresholds, a rule firing after as many evaluations as `for_checks` asks, and the same
/// hysteresis (a firing alert keeps firing, through Prometheus's own `ALERTS` series, until the
/// value is past the band). Rules switched off in the config are left out; the info rules (new
/// best, training complete, learning rate ended) are events, not conditions, and stay with
/// `watch`. The RL rules judge a trend over a run's last values, which the gauges do not carry:
/// their rules fire on the state `export` serves (`nexlify_alert_firing{rule=…}`).
///
/// ```swift
/// let yaml = PrometheusRules.file(thresholds: config.thresholds, interval: 10)
/// ```
enum PrometheusRules {
    /// The labels that name one run's series (Prometheus adds `job` and `instance`).
    private static let runLabels = "run, host, job, instance"

    /// One rule's expression, from the thresholds.
    private static func expression(_ rule: HealthRule, _ thresholds: HealthThresholds) -> String? {
        let keepFiring = { (band: String) in
            "(\(band) and on(\(runLabels)) ALERTS{alertname=\"\(AlertName.of(rule: rule.rawValue))\", alertstate=\"firing\"})"
        }
        switch rule {
        case .noImprovement:
            return "\(FleetGauges.latestEpisode.name) - \(FleetGauges.bestEpisode.name) >= \(thresholds.noImprovementEpisodes)"
        case .lossTooHigh:
            let limit = thresholds.criticalLossThreshold
            let band = limit - abs(limit) * thresholds.hysteresis
            return "\(FleetGauges.loss.name) > \(number(limit)) or " + keepFiring("\(FleetGauges.loss.name) >= \(number(band))")
        case .profitTooLow:
            let limit = thresholds.minProfitWarning
            let band = limit + abs(limit) * thresholds.hysteresis
            return "\(FleetGauges.profit.name) < \(number(limit)) or " + keepFiring("\(FleetGauges.profit.name) <= \(number(band))")
        case .nonFinite:
            return "\(FleetGauges.episodesSinceNonFinite.name) < \(thresholds.nonFiniteWindow)"
        case .stalled:
            return "time() - \(FleetGauges.lastRecord.name) >= \(number(thresholds.stallSeconds)) and on(\(runLabels)) \(FleetGauges.trainingComplete.name) == 0"
        case .qOverestimation, .explorationCollapse, .lossFallsProfitFalls, .gradientExplosion:
            // Trends over the last values of a run, which the gauges do not hold: export judges
            // them and serves the state.
            return "\(FleetGauges.alertFiring){rule=\"\(rule.rawValue)\"} == 1"
        case .trainingComplete, .newBest, .learningRateEnded:
            return nil
        }
    }

    /// What the alert says (templated with the run's labels and the value).
    private static func annotations(_ rule: HealthRule, _ thresholds: HealthThresholds) -> (summary: String, description: String) {
        switch rule {
        case .noImprovement:
            return ("No new best in {{ $labels.run }}", "No new best profit in {{ $value }} episodes (threshold \(thresholds.noImprovementEpisodes)).")
        case .lossTooHigh:
            return ("Loss too high in {{ $labels.run }}", "Training loss is {{ $value }}, above the critical threshold \(number(thresholds.criticalLossThreshold)).")
        case .profitTooLow:
            return ("Profit below warning level in {{ $labels.run }}", "Episode profit is {{ $value }}, below \(number(thresholds.minProfitWarning)).")
        case .nonFinite:
            return ("NaN or Infinity in {{ $labels.run }}", "A metric was NaN or infinite {{ $value }} episodes ago (window \(thresholds.nonFiniteWindow)).")
        case .stalled:
            return ("Run {{ $labels.run }} stalled", "No new record for {{ $value }} s (threshold \(number(thresholds.stallSeconds)) s); is the trainer still running?")
        case .qOverestimation:
            return ("Q-values overestimating in {{ $labels.run }}", "The Q mean keeps rising while the return is flat or falling; see nexlify-tui watch for the figures.")
        case .explorationCollapse:
            return ("Exploration collapsed in {{ $labels.run }}", "Epsilon at its floor or the policy's entropy collapsed while the return has not improved.")
        case .lossFallsProfitFalls:
            return ("Loss falls while the return falls in {{ $labels.run }}", "The model fits something other than the objective.")
        case .gradientExplosion:
            return ("Gradients exploding in {{ $labels.run }}", "The gradients are above \(number(thresholds.maxGradient)) or grew \(number(thresholds.gradientGrowthOrders)) orders of magnitude.")
        case .trainingComplete, .newBest, .learningRateEnded:
            return ("", "")
        }
    }

    /// The rules file; `interval` is the seconds between `export`'s refreshes, which `for`
    /// counts in.
    static func file(thresholds: HealthThresholds, interval: Double) -> String {
        var lines = ["# Generated by nexlify-tui alert rules --prometheus: the health rules over nexlify-tui export's metrics.",
                     "groups:", "  - name: nexlify-health", "    rules:"]
        let wait = Double(max(0, thresholds.forChecks - 1)) * interval
        for rule in HealthRule.allCases where !thresholds.disabled.contains(rule) {
            guard let expression = expression(rule, thresholds) else { continue }
            let text = annotations(rule, thresholds)
            lines += ["      - alert: \(AlertName.of(rule: rule.rawValue))", "        expr: \(quoted(expression))"]
            if wait > 0 { lines.append("        for: \(Int(wait.rounded(.up)))s") }
            lines += ["        labels:", "          severity: \(rule.level.rawValue)", "          rule: \(rule.rawValue)",
                      "        annotations:", "          summary: \(quoted(text.summary))", "          description: \(quoted(text.description))"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func number(_ value: Double) -> String {
        PrometheusText.number(value)
    }
}
