import AlertKit
import Foundation
import MetricsKit

/// Reads a `RunSource`'s state into the status line's terms, in words: loading (with how many
/// episodes so far), following, stalled (a run seen growing that stopped), the age of the last
/// data (a run already quiet when opened), finished, waiting (and for what), or what happened to a
/// file (rotation, truncation, a file that cannot be read).
enum SourceStatusReader {
    /// `stallSeconds`: when a run that has not finished is called stalled; `trainerAlerts`: the
    /// "Training Complete" alerts of the trainer's `alerts.log` (`TrainingCompletion`), which
    /// finish a run whose own files cannot say so (the guide's snapshots).
    static func status(of source: RunSource, now: Date, loading: Bool = false, stallSeconds: Double = StallThreshold.seconds,
                       trainerAlerts: [TrainerAlertLog.Entry] = []) -> SourceStatus {
        var status = SourceStatus()
        status.runPath = TerminalText.sanitize(source.displayName ?? source.path)
        status.skippedLines = source.skipped.count
        status.problem = source.problems.first.map(TerminalText.sanitize)
        let lastModified = source.lastModified
        if let modified = lastModified { status.secondsSinceUpdate = max(0, now.timeIntervalSince(modified)) }
        let states = source.fileStates.compactMap(\.state)
        if loading {
            status.state = "loading: \(source.store.episodeCount) episodes so far"
        } else if let event = states.first(where: { $0 != .waitingForFile && $0 != .opened && $0 != .replaced(continued: true) }) {
            status.state = TerminalText.sanitize(event.description)
        } else if states.contains(.opened) || states.contains(.replaced(continued: true)) {
            if source.isComplete || TrainingCompletion.finishes(trainerAlerts, episodes: source.store.episodeCount,
                                                                 latestEpisode: source.store.latestEpisode, lastWrite: lastModified) {
                status.state = "finished"
            } else if let seconds = status.secondsSinceUpdate, seconds >= stallSeconds {
                status.state = source.seenGrowing ? "stalled: nothing new for " + quietFor(seconds) : "last data " + StatusBar.ago(seconds)
                status.freshness = source.seenGrowing ? .critical : .neutral
            } else {
                status.state = "following"
                status.freshness = KPI.freshness(secondsSinceUpdate: status.secondsSinceUpdate, stallSeconds: stallSeconds)
            }
        } else {
            status.state = waiting(for: source)
        }
        if let time = source.writerStatistics["avg_log_time_ms"], time.isFinite {
            status.state += String(format: " · logger %.3g ms/log", time)
        }
        return status
    }

    /// How long a stalled run has been quiet: in minutes (the threshold is 5 by default); under a
    /// minute (a config's `stall_seconds` below 60) in seconds, by tens from ten, not "0 min".
    private static func quietFor(_ seconds: Double) -> String {
        let whole = max(0, Int(saturating: seconds))
        if whole < 10 { return "\(whole) s" }
        return whole < 60 ? "\(whole / 10 * 10) s" : "\(whole / 60) min"
    }

    /// What the run's files would be, and why they may not be there yet.
    private static func waiting(for source: RunSource) -> String {
        guard source.layout.isDirectory else { return "waiting for " + TerminalText.sanitize(source.layout.files.first?.name ?? "the log file") }
        // The guide's MetricsLogger writes snapshots every auto_save_interval episodes with
        // enable_async=False, and nothing before save_metrics()/close() with enable_async=True.
        return "waiting: nothing saved yet (enable_async=True saves at close(); False every auto_save_interval)"
    }
}
