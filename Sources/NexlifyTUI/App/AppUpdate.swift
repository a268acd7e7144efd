import MetricsKit

/// The dashboard's key maps: they change the `AppState` and need nothing else.
typealias DashboardKeyMap = KeyMap<AppState, Void, AppEffect>

/// What `AppUpdate.handle` asks the loop to do after a key.
enum AppEffect: Equatable, Sendable {
    case none
    case quit
    /// Redraw only.
    case redraw
    /// The smoothing window changed: rebuild the charts.
    case rebuildModel
    /// `y` confirmed a request to the trainer: write it to the run's `control.json`.
    case control(ControlRequest.Kind)
}

/// The dashboard's key handling: a pure function of the state and the key, from one key map
/// (`keyMap`) that also gives the help overlay, `--help` and the README's table their lines.
///
/// ```swift
/// var state = AppState(theme: .cyberpunk)
/// AppUpdate.handle(.character("3"), state: &state)   // .redraw; state.zoomed == .epsilon
/// AppUpdate.handle(.escape, state: &state)           // .redraw; back to all panels
/// ```
enum AppUpdate {
    static func handle(_ key: Key, state: inout AppState) -> AppEffect {
        if key == .focusIn || key == .focusOut { return .none }
        // Any key dismisses the "since you last looked" banner, and still does what it does.
        var dismissed = false
        if state.banner != nil && key != .resize {
            state.banner = nil
            dismissed = true
        }
        let effect = handleKey(key, state: &state)
        return dismissed && effect == .none ? .redraw : effect
    }

    private static func handleKey(_ key: Key, state: inout AppState) -> AppEffect {
        if let kind = state.confirming {
            // The question takes the next key: `y` sends the request, anything else cancels it.
            state.confirming = nil
            return key == .character("y") || key == .character("Y") ? .control(kind) : .redraw
        }
        if state.metricsView.isOpen, let effect = MetricsViewKeys.handle(key, state: &state) { return effect }
        if key == .resize { return .redraw }
        return keyMap.handle(key, state: &state) ?? .none
    }

    /// Every key of the dashboard, in the order the help lists them.
    static let keyMap = DashboardKeyMap(bindings: [
        DashboardKeyMap.Binding(keys: [.character("q"), .character("Q")], label: "q", help: "quit") { _, _, _ in .quit },
        DashboardKeyMap.Binding(keys: [.escape], label: "Esc", help: "close help, alerts or zoom; else back or quit") { _, state, _ in
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
        },
        DashboardKeyMap.Binding(keys: [.character("?"), .character("h")], label: "?", help: "show or hide this help") { _, state, _ in
            state.showHelp.toggle()
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("t")], label: "t", help: "next theme (cyberpunk, dark, light)") { _, state, _ in
            state.themeIndex = (state.themeIndex + 1) % state.themes.count
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("a")], label: "a", help: "alert history (--config, and the trainer's alerts.log)") { _, state, _ in
            state.showAlerts.toggle()
            state.showHelp = false
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("p"), .character(" ")], label: "p / Space", help: "pause or resume following") { _, state, _ in
            state.paused.toggle()
            return .redraw
        },
        DashboardKeyMap.Binding(keys: PanelKind.allCases.map { .character(Character(String($0.rawValue))) }, label: "1 – \(PanelKind.allCases.count)",
                       help: "zoom one panel (Esc: back)") { key, state, _ in
            guard case .character(let digit) = key, let kind = digit.wholeNumberValue.flatMap(PanelKind.init(rawValue:)) else { return .none }
            state.zoomed = state.zoomed == kind ? nil : kind
            state.showHelp = false
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("S")], label: "S", help: "ask the trainer to stop (y confirms; should_stop())") { _, state, _ in
            state.confirming = .stop
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("C")], label: "C", help: "ask the trainer for a checkpoint (y confirms)") { _, state, _ in
            state.confirming = .checkpoint
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("m")], label: "m", help: "every metric of the run, one chart each (/ filters)") { _, state, _ in
            state.metricsView.isOpen = true
            state.showHelp = false
            state.zoomed = nil
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("x")], label: "x", help: "x axis: the run's own, episodes, wall time") { _, state, _ in
            let choices = state.axisChoices
            state.axis = choices[((choices.firstIndex(of: state.axis) ?? 0) + 1) % max(1, choices.count)]
            return .rebuildModel
        },
        DashboardKeyMap.Binding(keys: [.character("+"), .character("="), .character("-"), .character("_")], label: "+ / -",
                       help: "wider or narrower smoothing") { key, state, _ in
            let wider = key == .character("+") || key == .character("=")
            state.smoothing = wider ? min(AppState.smoothingRange.upperBound, state.smoothing * 2) : max(AppState.smoothingRange.lowerBound, state.smoothing / 2)
            return .rebuildModel
        },
        DashboardKeyMap.Binding(keys: [.character("j"), .down, .pageDown, .character("k"), .up, .pageUp], label: "j / k / ↓ / ↑",
                       help: "scroll (narrow layout)") { key, state, _ in
            let down = [.character("j"), .down, .pageDown].contains(key)
            state.scroll = down ? min(PanelKind.allCases.count - 1, state.scroll + 1) : max(0, state.scroll - 1)
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("g"), .home, .character("G"), .end], label: "g / G", help: "first or last panel (narrow)") { key, state, _ in
            state.scroll = key == .character("g") || key == .home ? 0 : PanelKind.allCases.count - 1
            return .redraw
        },
    ])

    /// The help overlay's lines: every key.
    static var helpLines: [(keys: String, action: String)] { keyMap.helpLines }
}
