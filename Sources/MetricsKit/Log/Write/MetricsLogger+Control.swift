import Foundation

/// The dashboard's `S` (stop) and `C` (checkpoint) reach the training loop here, through
/// `control.json` in the run directory (`ControlListener`: a `stat` at most once a second, so
/// both are cheap to call every step).
///
/// ```swift
/// for episode in 0..<10_000 {
///     if logger.shouldStop() { break }
///     if logger.checkpointRequested() { try model.save(to: "checkpoints/\(episode)") }
/// }
/// ```
extension MetricsLogger {
    /// Whether the dashboard asked the run to stop (acknowledged the first time it says true).
    public func shouldStop() -> Bool {
        control.shouldStop()
    }

    /// Whether the dashboard asked for a checkpoint since this last said true (acknowledged then).
    public func checkpointRequested() -> Bool {
        control.checkpointRequested()
    }
}
