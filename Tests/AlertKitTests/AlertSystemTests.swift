import Foundation
import Testing
@testable import AlertKit
import MetricsKit

@Suite struct AlertSystemTests {
    private func temporaryDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "system-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func theGuidesAPIWorksFromATrainingLoop() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let channel = RecordingChannel()
        let alerts = try AlertSystem(config: AlertConfig(), run: "dqn", auditDirectory: directory, channels: [channel],
                                     alertLogPath: directory + "/training_logs/alerts.log")
        let start = Date(timeIntervalSince1970: 1_764_000_000)
        #expect(alerts.sendAlert(level: .warning, title: "Slow Learning", message: "No improvement in 100 episodes", now: start))
        // Throttled by title for the guide's 300 s; forced or after the window it goes.
        #expect(!alerts.sendAlert(level: .warning, title: "Slow Learning", message: "again", now: start.addingTimeInterval(299)))
        #expect(alerts.sendAlert(level: .warning, title: "Slow Learning", message: "forced", force: true, now: start.addingTimeInterval(299)))
        #expect(alerts.sendAlert(level: .warning, title: "Slow Learning", message: "later", now: start.addingTimeInterval(600)))
        let history = (0..<100).map { EpisodeEntry(episode: $0, profit: -1, timestamp: 1) }
        var latest = EpisodeEntry(episode: 100, profit: -600, custom: ["loss": .number(.nan)], timestamp: 2)
        let sent = alerts.checkTrainingHealth(latestEpisode: latest, recentHistory: history, now: start)
        #expect(sent.map(\.title) == ["NaN Value Detected", "Low Profit Warning", "No Improvement"])
        #expect(sent.map(\.level) == [.critical, .warning, .warning])
        // The same check a second later: every title is throttled.
        #expect(alerts.checkTrainingHealth(latestEpisode: latest, recentHistory: history, now: start.addingTimeInterval(1)).isEmpty)
        latest.custom = ["loss": .number(1500)]
        #expect(alerts.checkTrainingHealth(latestEpisode: latest, recentHistory: history, now: start.addingTimeInterval(2)).map(\.title) == ["Critical Loss"])
        #expect(alerts.sendTrainingComplete(totalEpisodes: 200, bestProfit: 99, bestSharpe: 1.5, trainingTime: 3600, now: start))
        #expect(alerts.sendNewBestModel(episode: 20, profit: 99, sharpe: 1.5, now: start))
        #expect(!alerts.sendNewBestModel(episode: 21, profit: 100, now: start.addingTimeInterval(10)))
        await alerts.flush()
        let titles = ["Slow Learning", "Slow Learning", "Slow Learning", "NaN Value Detected", "Low Profit Warning", "No Improvement", "Critical Loss",
                      "Training Complete", "New Best Model"]
        #expect(channel.events.map(\.title) == titles)
        #expect(alerts.alertHistory.map(\.title) == titles)
        #expect(alerts.alertHistory(level: .critical).map(\.title) == ["NaN Value Detected", "Critical Loss"])
        #expect(alerts.alertHistory(level: .info, lastN: 1).map(\.title) == ["New Best Model"])
        #expect(alerts.alertHistory(lastN: 2).map(\.title) == ["Training Complete", "New Best Model"])
        // alerts.log in the guide's format, read back by the reader the dashboard uses.
        let logged = TrainerAlertLog(path: directory + "/training_logs/alerts.log").readToEnd()
        #expect(logged.map(\.title) == titles)
        #expect(logged[3].level == .critical && logged[0].time == start)
        let firstLine = try String(contentsOfFile: directory + "/training_logs/alerts.log", encoding: .utf8).split(separator: "\n")[0]
        #expect(firstLine.hasPrefix("{\"timestamp\": \"" + LocalTime.isoformat(start) + "\", \"level\": \"warning\", \"title\": \"Slow Learning\", \"message\": "))
        alerts.clearHistory()
        #expect(alerts.alertHistory.isEmpty)
    }

    @Test func theGuidesNoImprovementWaitsForAFullWindowOfEpisodes() throws {
        let thresholds = AlertThresholds.conservative
        let losing = (0..<49).map { MetricRecord(episode: $0, values: ["profit": -1]) }
        let latest = MetricRecord(episode: 49, values: ["profit": -1])
        #expect(GuideHealthRules.evaluate(latest: latest, recent: losing, thresholds: thresholds).isEmpty)
        let full = losing + [MetricRecord(episode: 49, values: ["profit": 0])]
        #expect(GuideHealthRules.evaluate(latest: latest, recent: full, thresholds: thresholds).map(\.title) == ["No Improvement"])
        let onePositive = full.enumerated().map { index, record in index == 10 ? MetricRecord(episode: 10, values: ["profit": 0.5]) : record }
        #expect(GuideHealthRules.evaluate(latest: latest, recent: onePositive, thresholds: thresholds).isEmpty)
        #expect(AlertThresholds.moderate.noImprovementEpisodes == 100 && AlertThresholds.aggressive.criticalLossThreshold == 2000)
    }

    @Test func aDisabledOrChannellessSystemSaysItSentNothing() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var config = AlertConfig()
        config.enabled = false
        let disabled = try AlertSystem(config: config, alertLogPath: directory + "/alerts.log")
        #expect(!disabled.enabled && !disabled.emailEnabled && !disabled.slackEnabled)
        #expect(!disabled.sendAlert(level: .info, title: "t", message: "m"))
        #expect(disabled.alertHistory.isEmpty && !FileManager.default.fileExists(atPath: directory + "/alerts.log"))
        // Enabled without a channel: logged and kept, but not delivered anywhere, so false.
        let quiet = try AlertSystem(config: AlertConfig(), alertLogPath: directory + "/alerts.log")
        #expect(!quiet.sendAlert(level: .info, title: "t", message: "m"))
        #expect(quiet.alertHistory.count == 1 && TrainerAlertLog(path: directory + "/alerts.log").readToEnd().count == 1)
        let slack = try AlertSystem(config: try AlertConfig.parse(Data(#"{"slack": {"enabled": true, "webhook_url": "http://127.0.0.1:9/hook"}, "throttle_window_seconds": 60}"#.utf8)),
                                    alertLogPath: nil)
        #expect(slack.slackEnabled && !slack.emailEnabled && slack.throttleWindow == 60 && slack.thresholds == .moderate)
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
        #expect(config.channel(SlackChannel.Settings.self)?.webhookURL == "https://hooks.slack.com/services/T/B/X" && config.channel(EmailChannel.Settings.self) == nil)
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
