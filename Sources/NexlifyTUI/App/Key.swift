/// A key press, as the terminal reports it.
enum Key: Equatable, Sendable {
    case character(Character)
    case escape
    case enter, backspace
    case up, down, pageUp, pageDown, home, end
    case resize
    case other
}

/// What `AppUpdate.handle` asks the loop to do after a key.
enum AppEffect: Equatable, Sendable {
    case none
    case quit
    /// Redraw only.
    case redraw
    /// The smoothing window changed: rebuild the charts.
    case rebuildModel
}

/// The dashboard's key handling: a pure function of the state and the key.
///
/// ```swift
/// var state = AppState(theme: .cyberpunk)
/// AppUpdate.handle(.character("3"), state: &state)   // .redraw; state.zoomed == .epsilon
/// AppUpdate.handle(.escape, state: &state)           // .redraw; back to all panels
/// ```
enum AppUpdate {
    static func handle(_ key: Key, state: inout AppState) -> AppEffect {
        if state.metricsView.isOpen, let effect = MetricsViewKeys.handle(key, state: &state) { return effect }
        switch key {
        case .character("m"):
            state.metricsView.isOpen = true
            state.showHelp = false
            state.zoomed = nil
            return .redraw
        case .character("q"), .character("Q"):
            return .quit
        case .escape:
            if state.showHelp {
                state.showHelp = false
            } else if state.showAlerts {
                state.showAlerts = false
            } else if state.zoomed != nil {
                state.zoomed = nil
            } else {
                return .quit
            }
            return .redraw
        case .character("?"), .character("h"):
            state.showHelp.toggle()
            return .redraw
        case .character("a"):
            state.showAlerts.toggle()
            state.showHelp = false
            return .redraw
        case .character("t"):
            state.themeIndex = (state.themeIndex + 1) % state.themes.count
            return .redraw
        case .character("p"), .character(" "):
            state.paused.toggle()
            return .redraw
        case .character(let digit) where digit.wholeNumberValue.flatMap(PanelKind.init(rawValue:)) != nil:
            let kind = digit.wholeNumberValue.flatMap(PanelKind.init(rawValue:))
            state.zoomed = state.zoomed == kind ? nil : kind
            state.showHelp = false
            return .redraw
        case .character("+"), .character("="):
            state.smoothing = min(AppState.smoothingRange.upperBound, state.smoothing * 2)
            return .rebuildModel
        case .character("-"), .character("_"):
            state.smoothing = max(AppState.smoothingRange.lowerBound, state.smoothing / 2)
            return .rebuildModel
        case .character("j"), .down, .pageDown:
            state.scroll = min(PanelKind.allCases.count - 1, state.scroll + 1)
            return .redraw
        case .character("k"), .up, .pageUp:
            state.scroll = max(0, state.scroll - 1)
            return .redraw
        case .home, .character("g"):
            state.scroll = 0
            return .redraw
        case .end, .character("G"):
            state.scroll = PanelKind.allCases.count - 1
            return .redraw
        case .resize:
            return .redraw
        default:
            return .none
        }
    }

    /// The help overlay's lines: every key.
    static let helpLines: [(keys: String, action: String)] = [
        ("q", "quit"),
        ("Esc", "close help, alerts or zoom; else back or quit"),
        ("?", "show or hide this help"),
        ("t", "next theme (cyberpunk, dark, light)"),
        ("a", "alert history (--config, and the trainer's alerts.log)"),
        ("p / Space", "pause or resume following"),
        ("1 – \(PanelKind.allCases.count)", "zoom one panel (Esc: back)"),
        ("m", "every metric of the run, one chart each (/ filters)"),
        ("+ / -", "wider or narrower smoothing"),
        ("j / k / ↓ / ↑", "scroll (narrow layout)"),
        ("g / G", "first or last panel (narrow)"),
    ]
}
