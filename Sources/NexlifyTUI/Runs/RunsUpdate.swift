import MetricsKit

/// What `RunsUpdate.handle` asks the runs screen to do after a key.
enum RunsEffect: Equatable {
    case none
    case redraw
    /// The filter or sort order changed: work out the visible rows again.
    case reorder
    case quit
    /// Open one run's dashboard.
    case open(String)
    /// Compare these runs (paths, in marking order).
    case compare([String])
}

/// The runs view's key handling: a pure function of the state, the key and the rows shown.
///
/// ```swift
/// var state = RunsState(theme: .cyberpunk, path: "experiments")
/// RunsUpdate.handle(.character("s"), state: &state, rows: rows)   // .reorder; sorted by status
/// RunsUpdate.handle(.character(" "), state: &state, rows: rows)   // marks the selected run
/// RunsUpdate.handle(.character("c"), state: &state, rows: rows)   // .compare([...])
/// ```
enum RunsUpdate {
    static let pageSize = 10

    static func handle(_ key: Key, state: inout RunsState, rows: [RunEntry]) -> RunsEffect {
        if state.editing != nil { return edit(key, state: &state) }
        let hadMessage = state.message != nil
        state.message = nil
        let selectedIndex = rows.firstIndex { $0.path == state.selected } ?? 0
        func select(_ index: Int) -> RunsEffect {
            guard !rows.isEmpty else { return .redraw }
            state.selected = rows[min(max(0, index), rows.count - 1)].path
            return .redraw
        }
        switch key {
        case .character("q"), .character("Q"):
            return .quit
        case .escape:
            if state.showHelp {
                state.showHelp = false
                return .redraw
            }
            if state.filter != nil || !state.filterText.isEmpty {
                state.filter = nil
                state.filterText = ""
                return .reorder
            }
            return .quit
        case .character("?"), .character("h"):
            state.showHelp.toggle()
            return .redraw
        case .character("t"):
            state.themeIndex = (state.themeIndex + 1) % state.themes.count
            return .redraw
        case .character("j"), .down: return select(selectedIndex + 1)
        case .character("k"), .up: return select(selectedIndex - 1)
        case .pageDown: return select(selectedIndex + pageSize)
        case .pageUp: return select(selectedIndex - pageSize)
        case .home, .character("g"): return select(0)
        case .end, .character("G"): return select(rows.count - 1)
        case .enter:
            guard rows.indices.contains(selectedIndex) else { return hadMessage ? .redraw : .none }
            return .open(rows[selectedIndex].path)
        case .character(" "):
            guard rows.indices.contains(selectedIndex) else { return hadMessage ? .redraw : .none }
            let path = rows[selectedIndex].path
            if let index = state.marked.firstIndex(of: path) {
                state.marked.remove(at: index)
            } else if state.marked.count >= RunsState.maxMarked {
                state.message = "at most \(RunsState.maxMarked) runs compare at once: unmark one first (Space, or u for all)"
                return .redraw
            } else {
                state.marked.append(path)
            }
            return select(selectedIndex + 1)
        case .character("u"):
            state.marked.removeAll()
            return .redraw
        case .character("c"):
            let present = state.marked.filter { path in rows.contains { $0.path == path } }
            guard !present.isEmpty else {
                state.message = state.marked.isEmpty ? "mark runs with Space first (up to \(RunsState.maxMarked)), then c compares them"
                                                     : "the marked runs are hidden by the filter: Esc clears it"
                return .redraw
            }
            return .compare(present)
        case .character("s"):
            let columns = RunsState.SortColumn.allCases
            state.sort = columns[(columns.firstIndex(of: state.sort)! + 1) % columns.count]
            // Text columns (and hyperparameters) read A→Z, lowest first; figures read best
            // (highest, newest) first.
            state.descending = ![.name, .status, .hyperparameters].contains(state.sort)
            return .reorder
        case .character("S"):
            state.descending.toggle()
            return .reorder
        case .character("/"):
            state.editing = state.filterText
            state.filterError = nil
            return .redraw
        case .resize:
            return .redraw
        default:
            return hadMessage ? .redraw : .none
        }
    }

    /// Keys while a filter is typed: it applies as it becomes valid; Enter keeps it, Esc goes
    /// back to the filter there was before.
    private static func edit(_ key: Key, state: inout RunsState) -> RunsEffect {
        guard var text = state.editing else { return .none }
        switch key {
        case .escape:
            state.editing = nil
            state.filterError = nil
            state.filter = try? RunFilter.parse(state.filterText)
            return .reorder
        case .enter:
            guard state.filterError == nil else { return .redraw }
            state.filterText = text
            state.editing = nil
            return .reorder
        case .backspace:
            guard !text.isEmpty else { return .none }
            text.removeLast()
        case .character(let character) where !character.isNewline:
            text.append(character)
        case .resize:
            return .redraw
        default:
            return .none
        }
        state.editing = text
        do {
            state.filter = try RunFilter.parse(text)
            state.filterError = nil
        } catch {
            state.filterError = "\(error)"
        }
        return .reorder
    }

    /// The help overlay's lines for the runs view.
    static let helpLines: [(keys: String, action: String)] = [
        ("q", "quit"),
        ("Esc", "close help; clear the filter; quit"),
        ("j / k / ↓ / ↑", "move"),
        ("PgDn / PgUp", "move a page"),
        ("g / G / Home / End", "first or last run"),
        ("Enter", "open the run's dashboard (Esc: back)"),
        ("Space", "mark or unmark (up to 8)"),
        ("u", "unmark all"),
        ("c", "compare the marked runs"),
        ("s / S", "sort by the next column / reverse"),
        ("/", "filter: dqn, tag:dqn, learning_rate<0.001,"),
        ("", "profit>=100, and / or / not, ( )"),
        ("t", "next theme"),
    ]
}
