import Foundation

/// Whether the trainer said a run finished: the guide's `send_training_complete` appends a
/// "Training Complete" alert (`data.total_episodes`) to the `alerts.log` that every run started in
/// that directory shares, and the guide's snapshots themselves never say so. A run is finished
/// by such an alert when the alert counts the episodes the run holds, or names its last
/// episode or the one after it (a script that logs every tenth episode; when it gives a count)
/// and was written within `window` of the run's last write (the final save may come just
/// before or after it; a later run that reaches the same count is not finished by an old alert,
/// nor is a run that goes on writing). The trainer's timestamps are local wall-clock times
/// without a zone (read as UTC by `ISODate`): the last write is compared in the same terms.
///
/// ```swift
/// TrainingCompletion.finishes(entries, episodes: store.episodeCount, latestEpisode: store.latestEpisode,
///                             lastWrite: source.lastModified)
/// ```
public enum TrainingCompletion {
    /// How far from the run's last write the alert may be.
    public static let window: TimeInterval = 300

    /// Whether one of `entries` says the run with `episodes` episodes (the last numbered
    /// `latestEpisode`), last written at `lastWrite`, finished.
    public static func finishes(_ entries: [TrainerAlertLog.Entry], episodes: Int, latestEpisode: Int?, lastWrite: Date?,
                                timeZone: TimeZone = .current) -> Bool {
        guard let lastWrite, episodes > 0 else { return false }
        let wallClock = lastWrite.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: lastWrite)))
        return entries.contains { entry in
            guard entry.title == GuideHealthRules.trainingCompleteTitle, let time = entry.time else { return false }
            if let total = entry.numbers["total_episodes"] {
                let counts = [episodes] + (latestEpisode.map { [$0, $0 + 1] } ?? [])
                guard counts.contains(where: { Double($0) == total }) else { return false }
            }
            return abs(time.timeIntervalSince(wallClock)) <= window
        }
    }

    /// The "Training Complete" alerts among `entries`, the latest `keep` (what a screen holds on
    /// to between reads of the log).
    public static func completions(in entries: [TrainerAlertLog.Entry], keep: Int = 16) -> [TrainerAlertLog.Entry] {
        Array(entries.filter { $0.title == GuideHealthRules.trainingCompleteTitle }.suffix(keep))
    }
}
