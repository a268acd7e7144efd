/// When a run that has not finished counts as stalled: the one threshold the runs table, the
/// status line, the episode KPI card and the `stalled` health rule share (the config's
/// `stall_seconds` moves it for all of them).
///
/// ```swift
/// secondsSinceUpdate >= StallThreshold.seconds   // "stalled: nothing new for 5 min"
/// ```
public enum StallThreshold {
    /// Seconds without a write.
    public static let seconds: Double = 300
}
