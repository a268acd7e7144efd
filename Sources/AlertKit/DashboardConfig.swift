import Foundation
import MetricsKit

/// The dashboard's part of the guide's `neural_config.json` (`training_dashboard`), the rest of
/// the application's config being ignored: `update_interval_ms` (the refresh), `theme`,
/// `metrics_logging.output_dir` (where to look when no run is named),
/// `experiment_tracking.experiments_dir`, and the `alerts` block with `panels` (which metric
/// plays each role: `AlertConfig.roles`). Flags beat the
/// file, the file beats the defaults; a value of the wrong type names its key and what was expected.
///
/// ```swift
/// let config = try DashboardConfig.load(path: "config/neural_config.json")
/// config.refreshSeconds    // 2.0 from "update_interval_ms": 2000
/// config.outputDirectory   // "training_logs"
/// ```
public struct DashboardConfig: Sendable {
    public var refreshSeconds: Double?
    public var theme: String?
    public var outputDirectory: String?
    public var experimentsDirectory: String?
    public var alerts: AlertConfig

    public static func load(path: String) throws -> DashboardConfig {
        try parse(AlertConfig.contents(of: path), source: path)
    }

    public static func parse(_ data: Data, source: String = "config") throws -> DashboardConfig {
        let top = try AlertConfig.topObject(data, source: source)
        var config = DashboardConfig(alerts: try AlertConfig.parse(top: top))
        guard let dashboard = try FieldReader(fields: top, prefix: "").object("training_dashboard") else { return config }
        if let interval = try dashboard.number("update_interval_ms", in: 250...60_000) { config.refreshSeconds = interval / 1000 }
        config.theme = try dashboard.string("theme")
        config.outputDirectory = try dashboard.object("metrics_logging")?.string("output_dir")
        config.experimentsDirectory = try dashboard.object("experiment_tracking")?.string("experiments_dir")
        return config
    }
}
