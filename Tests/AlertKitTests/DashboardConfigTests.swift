import Foundation
import Testing
@testable import AlertKit

@Suite struct DashboardConfigTests {
    /// The guide's file: a big application config whose training_dashboard part is ours.
    static let guide = #"""
        {"trading": {"symbols": ["BTC"], "leverage": 3}, "model": {"layers": [64, 64]},
         "training_dashboard": {"enabled": true, "port": 8050, "update_interval_ms": 1500, "theme": "dark", "auto_start": false,
           "metrics_logging": {"enabled": true, "output_dir": "runs/training_logs", "buffer_size": 100, "auto_save_interval": 50,
                               "enable_async": true, "save_formats": ["json", "csv"]},
           "alerts": {"enabled": true, "email": {"enabled": false, "smtp_host": "smtp.gmail.com", "smtp_port": 587, "username": "",
                      "password": "", "from_addr": "", "to_addrs": []}, "slack": {"enabled": false, "webhook_url": ""},
                      "thresholds": {"no_improvement_episodes": 100, "critical_loss_threshold": 1000.0, "min_profit_warning": -500.0},
                      "throttle_window_seconds": 600},
           "experiment_tracking": {"enabled": true, "experiments_dir": "runs/experiments", "auto_save": true, "track_hyperparameters": true,
                                   "leaderboard_size": 10},
           "diagnostics": {"track_q_values": true, "track_gradients": true}}}
        """#

    @Test func readsTheDashboardsPartAndIgnoresTheRest() throws {
        let config = try DashboardConfig.parse(Data(Self.guide.utf8))
        #expect(config.refreshSeconds == 1.5 && config.theme == "dark")
        #expect(config.outputDirectory == "runs/training_logs" && config.experimentsDirectory == "runs/experiments")
        #expect(config.alerts.repeatSeconds == 600, "throttle_window_seconds holds the same alert back")
        #expect(config.alerts.enabled && config.alerts.channels.isEmpty)
        let bare = try DashboardConfig.parse(Data("{}".utf8))
        #expect(bare.refreshSeconds == nil && bare.theme == nil && bare.outputDirectory == nil)
    }

    @Test func aWrongTypeNamesTheKeyAndWhatWasExpected() {
        let cases: [(String, String)] = [
            (#"{"training_dashboard": {"update_interval_ms": "fast"}}"#, "training_dashboard.update_interval_ms: expected a number from 250 to 60000"),
            (#"{"training_dashboard": {"update_interval_ms": 100000}}"#, "training_dashboard.update_interval_ms: expected a number from 250 to 60000"),
            (#"{"training_dashboard": {"theme": 3}}"#, "training_dashboard.theme: expected a string"),
            (#"{"training_dashboard": {"metrics_logging": {"output_dir": ["a"]}}}"#, "training_dashboard.metrics_logging.output_dir: expected a string"),
            (#"{"training_dashboard": {"experiment_tracking": 1}}"#, "training_dashboard.experiment_tracking: expected an object"),
            (#"{"training_dashboard": []}"#, "training_dashboard: expected an object"),
            (#"{"training_dashboard": {"panels": ["profit"]}}"#, "training_dashboard.panels: expected an object"),
            (#"{"training_dashboard": {"panels": {"profit": 3}}}"#, "training_dashboard.panels.profit: expected a string"),
            (#"{"training_dashboard": {"panels": {"profit": ""}}}"#, "training_dashboard.panels.profit: expected a metric name"),
        ]
        for (text, expected) in cases {
            do {
                _ = try DashboardConfig.parse(Data(text.utf8))
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)" == expected, "\(error)")
            }
        }
    }

    @Test func panelsNameTheMetricEachPanelShows() throws {
        let config = try DashboardConfig.parse(Data(#"{"training_dashboard": {"panels": {"profit": "rollout/ep_rew_mean", "sharpe": "my_sharpe"}}}"#.utf8))
        #expect(config.alerts.roles.overrides == [.profit: "rollout/ep_rew_mean", .sharpe: "my_sharpe"])
    }
}
