import Foundation
import Testing
import TestSupport

/// `alert rules --prometheus`: the file Prometheus's own `promtool` accepts, and whose rules fire
/// and resolve on series as the health rules do (thresholds, hysteresis, stall, `for`).
@Suite struct PrometheusRulesTests {
    private static let promtool = "/usr/bin/promtool"

    private func rules(_ scratch: ScratchDirectory, config: String, interval: String = "10") throws -> String {
        let configPath = scratch.write("neural_config.json", config)
        let output = try BinaryRunner.run(["alert", "rules", "--prometheus", "--config", configPath, "--interval", interval])
        #expect(output.status == 0, "\(output.standardError)")
        return scratch.write("rules.yml", output.standardOutput)
    }

    private func promtool(_ arguments: [String]) throws -> BinaryRunner.Output {
        guard FileManager.default.isExecutableFile(atPath: Self.promtool) else {
            throw BackgroundProcess.Failure(description: "promtool is not installed (apt-get install prometheus; .ci/run does)")
        }
        return try BinaryRunner.run(executable: Self.promtool, arguments)
    }

    @Test func promtoolAcceptsTheRulesAndTheyFireAndResolveAsOurs() throws {
        let scratch = ScratchDirectory()
        let path = try rules(scratch, config: #"{"alerts": {"thresholds": "moderate", "disabled_rules": ["new_best"]}}"#)
        let check = try promtool(["check", "rules", path])
        #expect(check.status == 0 && check.standardOutput.contains("SUCCESS: 9 rules found"), "\(check.standardOutput)\(check.standardError)")
        func series(_ name: String, _ run: String, _ values: String) -> String {
            "      - series: '\(name){run=\"\(run)\",host=\"gpu1\",job=\"nexlify\",instance=\"a:1\"}'\n        values: '\(values)'"
        }
        func alert(_ time: String, _ name: String, _ rule: String, _ severity: String, _ run: String, _ summary: String, _ description: String) -> String {
            let expected = summary.isEmpty ? "[]" : """

                          - exp_labels: {severity: \(severity), rule: \(rule), run: \(run), host: gpu1, job: nexlify, instance: "a:1"}
                            exp_annotations: {summary: "\(summary)", description: "\(description)"}
                """
            return "      - eval_time: \(time)\n        alertname: \(name)\n        exp_alerts: \(expected)"
        }
        let loss = ("NexlifyLossTooHigh", "loss_too_high", "critical")
        let profit = ("NexlifyProfitTooLow", "profit_too_low", "warning")
        let test = """
            rule_files: [\(path)]
            evaluation_interval: 1m
            tests:
              - interval: 1m
                input_series:
            \(series("nexlify_loss", "dqn", "10 2000 950 850"))
            \(series("nexlify_profit", "dqn", "5 -600 -460 -400"))
            \(series("nexlify_profit", "quiet", "-460 -460 -460 -460"))
            \(series("nexlify_last_record_timestamp_seconds", "dqn", "0x12"))
            \(series("nexlify_training_complete", "dqn", "0x12"))
            \(series("nexlify_last_record_timestamp_seconds", "done", "0x12"))
            \(series("nexlify_training_complete", "done", "1x12"))
            \(series("nexlify_latest_episode", "dqn", "500x12"))
            \(series("nexlify_best_episode", "dqn", "450 100x11"))
            \(series("nexlify_episodes_since_non_finite", "dqn", "3 200x11"))
                  - series: 'nexlify_alert_firing{rule="q_overestimation",severity="warning",run="dqn",host="gpu1",job="nexlify",instance="a:1"}'
                    values: '0 1 1 0'
                alert_rule_test:
            \(alert("1m", loss.0, loss.1, loss.2, "dqn", "Loss too high in dqn", "Training loss is 2000, above the critical threshold 1000."))
            \(alert("2m", loss.0, loss.1, loss.2, "dqn", "Loss too high in dqn", "Training loss is 950, above the critical threshold 1000."))
            \(alert("3m", loss.0, loss.1, loss.2, "", "", ""))
            \(alert("1m", profit.0, profit.1, profit.2, "dqn", "Profit below warning level in dqn", "Episode profit is -600, below -500."))
            \(alert("2m", profit.0, profit.1, profit.2, "dqn", "Profit below warning level in dqn", "Episode profit is -460, below -500."))
            \(alert("3m", profit.0, profit.1, profit.2, "", "", ""))
            \(alert("0m", "NexlifyNoImprovement", "", "", "", "", ""))
            \(alert("1m", "NexlifyNoImprovement", "no_improvement", "warning", "dqn", "No new best in dqn", "No new best profit in 400 episodes (threshold 100)."))
            \(alert("0m", "NexlifyNonFinite", "non_finite", "critical", "dqn", "NaN or Infinity in dqn", "A metric was NaN or infinite 3 episodes ago (window 100)."))
            \(alert("1m", "NexlifyNonFinite", "", "", "", "", ""))
            \(alert("4m", "NexlifyStalled", "", "", "", "", ""))
            \(alert("5m", "NexlifyStalled", "stalled", "warning", "dqn", "Run dqn stalled", "No new record for 300 s (threshold 300 s); is the trainer still running?"))
            \(alert("0m", "NexlifyQOverestimation", "", "", "", "", ""))
            \(alert("1m", "NexlifyQOverestimation", "q_overestimation", "warning", "dqn", "Q-values overestimating in dqn", "The Q mean keeps rising while the return is flat or falling; see nexlify-tui watch for the figures."))
            \(alert("3m", "NexlifyQOverestimation", "", "", "", "", ""))
            """
        let testPath = scratch.write("rules_test.yml", test + "\n")
        let result = try promtool(["test", "rules", testPath])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)\n\(test)")
    }

    @Test func forCountsTheChecksAndDisabledRulesAreLeftOut() throws {
        let scratch = ScratchDirectory()
        let path = try rules(scratch, config: #"{"alerts": {"thresholds": "aggressive", "for_checks": 3, "disabled_rules": ["stalled"]}}"#, interval: "5")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("for: 10s") && !text.contains("NexlifyStalled") && text.contains("nexlify_loss > 2000"))
        #expect(try promtool(["check", "rules", path]).status == 0)
    }
}
