import MetricsKit

/// Everything the dashboard's view depends on besides the run's data: theme, drawing mode,
/// what is open (help, a zoomed panel), smoothing, scrolling and the source's status.
struct AppState: Equatable, Sendable {
    /// The themes `t` cycles through, the chosen one first.
    var themes: [Theme]
    var themeIndex = 0
    var glyphs: DotCanvas.Glyphs = .braille
    /// No colours at all (`NO_COLOR` or a terminal without them): emphasis by attributes only.
    var monochrome = false
    var showHelp = false
    var zoomed: PanelKind?
    var paused = false
    /// The base smoothing window in episodes (profit, Sharpe; loss and win rate use twice it).
    var smoothing = 10
    /// First panel shown in the narrow layout.
    var scroll = 0
    var status = SourceStatus()
    /// Alerts sent while the dashboard runs (newest last), when alerts are on.
    var alerts: [AlertLine] = []
    /// The `a` overlay with the whole alert history.
    var showAlerts = false
    /// The latest final delivery failure, for the status line.
    var alertProblem: String?
    /// What Esc goes back to ("runs") when the dashboard was opened from another screen.
    var backTo: String?
    /// Which metric plays each panel's role (the config's `panels`).
    var roles = MetricRoles.standard
    /// When the run is called stalled (the config's `stall_seconds`).
    var stallSeconds = StallThreshold.seconds
    /// The every-metric view (`m`).
    var metricsView = MetricsViewState()
    /// The x axis (`x` cycles through what the run offers: its own, episodes, wall time).
    var axis = AxisChoice.own
    /// What the run offers (set by the screen whenever its model is built).
    var axisChoices: [AxisChoice] = [.own, .wallClock]
    /// "since 14:02: +1,240 episodes, …": what happened since the last look, until a key.
    var banner: String?
    /// `S` or `C` was pressed: the request waits for `y`.
    var confirming: ControlRequest.Kind?
    /// The state of the run's latest request to the trainer, worded for the status line (set by
    /// the screen from `control.json`).
    var controlNote: StatusBar.Note?

    static let smoothingRange = 1...512

    init(theme: Theme) {
        themes = [theme] + BuiltInThemes.names.filter { $0 != theme.name }.compactMap(Theme.builtIn)
    }

    var theme: Theme { themes[themeIndex] }

    /// What the status line shows of this state.
    var statusLine: StatusBar.Line {
        StatusBar.Line(theme: theme, monochrome: monochrome, paused: paused, alertProblem: alertProblem, smoothing: smoothing, backTo: backTo,
                       note: confirming.map(ControlNotes.question) ?? controlNote)
    }
}
