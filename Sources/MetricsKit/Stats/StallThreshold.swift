/// When a run that has not finished counts as stalled: the one threshold the runs table, the
/// status line, the episode KPI card and the `stalled` health rule start from (the config's
/// `stall_seconds` moves the rule's).
///
/// ```swift
/// secondsSinceUpdate >= StallThreshold.seconds   // "stalled: nothing new for 5 min"
/// ```
public enum StallThreshold {
    /// Seconds without a write.
    public static let seconds: Double = 300
}
