import AlertKit
import Foundation

/// How the commands find the alert configuration.
extension AlertSetup {
    /// Reads `configPath` (or the default file when it exists); an invalid file exits with status 2.
    static func loadConfig(_ configPath: String?) throws -> AlertConfig {
        do {
            if let configPath { return try AlertConfig.load(path: configPath) }
            if FileManager.default.fileExists(atPath: AlertConfig.defaultPath) { return try AlertConfig.load(path: AlertConfig.defaultPath) }
            return AlertConfig()
        } catch let problem as AlertConfig.Failure {
            throw failure("invalid alert configuration: \(problem)", exitCode: 2)
        }
    }
}
