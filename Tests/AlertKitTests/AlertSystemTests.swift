import Foundation
import Testing
@testable import AlertKit

@Suite struct AlertSystemTests {
    @Test func theSeedsAPIWorksFromATrainingLoop() async throws {
        let directory = NSTemporaryDirectory() + "system-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let channel = RecordingChannel()
        let alerts = try AlertSystem(config: AlertConfig(), run: "dqn", auditDirectory: directory, channels: [channel])
        #expect(alerts.sendAlert(level: .warning, title: "Slow Learning", message: "No improvement in 100 episodes"))
        #expect(!alerts.sendAlert(level: .warning, title: "Slow Learning", message: "again"))
        let history = (0..<200).map { ["episode": Double($0), "profit": $0 == 20 ? 99 : 1, "loss": 0.5] }
        var latest = history.last!
        latest["loss"] = .nan
        let sent = alerts.checkTrainingHealth(latestEpisode: latest, recentHistory: Array(history.dropLast()))
        #expect(Set(sent.map(\.rule)) == ["no_improvement", "non_finite"])
        #expect(alerts.sendTrainingComplete(totalEpisodes: 200, bestProfit: 99, bestSharpe: 1.5, trainingTime: 3600))
        #expect(alerts.sendNewBestModel(episode: 20, profit: 99, sharpe: 1.5))
        await alerts.flush()
        #expect(channel.events.map(\.title) == ["Slow Learning", "No improvement", "NaN or Infinity in loss", "Training complete", "New best model"])
        let audit = try String(contentsOfFile: directory + "/alerts.jsonl", encoding: .utf8)
        #expect(audit.split(separator: "\n").count == 5)
    }

    @Test func theConfigurationReadsTheSeedsFileAndRejectsBadFields() throws {
        let config = try AlertConfig.parse(Data("""
            {"training_dashboard": {"alerts": {"enabled": true,
              "email": {"enabled": false, "smtp_host": "smtp.gmail.com"},
              "slack": {"enabled": true, "webhook_url": "https://hooks.slack.com/services/T/B/X"},
              "thresholds": {"no_improvement_episodes": 75, "critical_loss_threshold": 750.0, "min_profit_warning": -300.0},
              "stall_seconds": 120, "for_checks": 2, "repeat_seconds": 600, "disabled_rules": ["new_best"]}}}
            """.utf8))
        #expect(config.thresholds.noImprovementEpisodes == 75 && config.thresholds.criticalLossThreshold == 750 && config.thresholds.minProfitWarning == -300)
        #expect(config.thresholds.stallSeconds == 120 && config.thresholds.forChecks == 2 && config.repeatSeconds == 600)
        #expect(config.thresholds.disabled == [.newBest])
        #expect(config.slackWebhookURL == "https://hooks.slack.com/services/T/B/X" && config.email == nil)
        #expect(config.secrets == ["https://hooks.slack.com/services/T/B/X"])
        #expect(try AlertConfig.parse(Data(#"{"enable_alerts": true, "thresholds": "conservative"}"#.utf8)).thresholds == .conservative)
        let cases: [(String, String)] = [
            (#"{"alerts": {"for_checks": 0}}"#, "alerts.for_checks: expected a whole number from 1 to 1000000"),
            (#"{"alerts": {"for_checks": 1e300}}"#, "alerts.for_checks: expected a whole number from 1 to 1000000"),
            (#"{"alerts": {"retry_attempts": 2.5}}"#, "alerts.retry_attempts: expected a whole number from 1 to 100"),
            (#"{"alerts": {"disabled_rules": ["nope"]}}"#, "alerts.disabled_rules: unknown rule \"nope\""),
            (#"{"alerts": {"webhook": {"url": 5}}}"#, "alerts.webhook.url: expected a string"),
            (#"{"alerts": {"email": {"enabled": true, "smtp_host": "h", "username": "u", "to_addrs": ["a@b"]}}}"#, "alerts.email.password: missing"),
            (#"{"alerts": {"email": {"enabled": true, "smtp_host": "h", "to_addrs": []}}}"#, "alerts.email.from_addr: missing"),
            ("[1]", "config: expected a JSON object"),
        ]
        for (text, expected) in cases {
            #expect(throws: AlertConfig.Failure.self) { try AlertConfig.parse(Data(text.utf8)) }
            do { _ = try AlertConfig.parse(Data(text.utf8)) } catch { #expect("\(error)".hasPrefix(expected), "\(error)") }
        }
    }
}
