/// What the status line says about the run being followed.
struct SourceStatus: Equatable, Sendable {
    /// The run path as given, sanitised for the terminal.
    var runPath = ""
    /// "following", "waiting for file", "re-opened after rotation", ...
    var state = "starting"
    var skippedLines = 0
    /// Seconds since the run's files last changed, if known.
    var secondsSinceUpdate: Double?
    /// A problem to show in place of the state (an unreadable snapshot).
    var problem: String?
    /// How the age of the data is coloured (the "updated … ago" field and the episode card):
    /// red for a run seen growing that stopped, neutral for one that was quiet when opened or
    /// finished, else by age (`KPI.freshness`).
    var freshness: KPI.Level = .neutral
}
