/// The every-metric view's keys (`m` opens it): the key map while it is open, and the typing
/// of a filter after `/`.
enum MetricsViewKeys {
    static let map = DashboardKeyMap(bindings: [
        DashboardKeyMap.Binding(keys: [.character("/")], label: "/", help: "filter the metrics (a regular expression; Enter applies)") { _, state, _ in
            state.metricsView.draft = state.metricsView.filter
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("n"), .character("j"), .down, .pageDown], label: "n / j / ↓", help: "next page") { _, state, _ in
            state.metricsView.page = min(state.metricsView.pageCount - 1, state.metricsView.page + 1)
            state.metricsView.zoomed = nil
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("p"), .character("k"), .up, .pageUp], label: "p / k / ↑", help: "previous page") { _, state, _ in
            state.metricsView.page = max(0, state.metricsView.page - 1)
            state.metricsView.zoomed = nil
            return .redraw
        },
        DashboardKeyMap.Binding(keys: (1...9).map { .character(Character(String($0))) }, label: "1 – 9", help: "zoom a chart of the page (Esc: back)") { key, state, _ in
            guard case .character(let digit) = key, let place = digit.wholeNumberValue else { return .none }
            state.metricsView.zoomed = state.metricsView.zoomed == place ? nil : place
            return .redraw
        },
        DashboardKeyMap.Binding(keys: [.character("m")], label: "m", help: "back to the panels") { _, state, _ in
            state.metricsView.isOpen = false
            state.metricsView.zoomed = nil
            return .redraw
        },
    ])

    /// A key while the every-metric view is open; nil when the dashboard's own keys apply.
    static func handle(_ key: Key, state: inout AppState) -> AppEffect? {
        if state.metricsView.draft != nil { return typeFilter(key, state: &state) }
        if key == .escape {
            if state.showHelp || state.showAlerts { return nil }
            if state.metricsView.zoomed != nil { state.metricsView.zoomed = nil } else { state.metricsView.isOpen = false }
            return .redraw
        }
        return map.handle(key, state: &state)
    }

    /// Typing the filter: characters add, Backspace removes, Enter applies, Esc cancels.
    private static func typeFilter(_ key: Key, state: inout AppState) -> AppEffect {
        guard var draft = state.metricsView.draft else { return .none }
        switch key {
        case .enter:
            state.metricsView.filter = draft
            state.metricsView.draft = nil
            state.metricsView.page = 0
            state.metricsView.zoomed = nil
        case .escape:
            state.metricsView.draft = nil
        case .backspace:
            if !draft.isEmpty { draft.removeLast() }
            state.metricsView.draft = draft
        case .character(let character) where !character.isNewline && draft.count < MetricsViewState.maximumFilterLength:
            // Only printable text: control characters never reach the header.
            guard character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else { return .none }
            draft.append(character)
            state.metricsView.draft = draft
        case .resize:
            break
        default:
            return .none
        }
        return .redraw
    }
}
