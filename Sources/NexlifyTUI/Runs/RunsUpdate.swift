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

/// The runs view's key handling: a pure function of the state, the key and the rows shown, from
/// one key map (`keyMap`) that also gives the help overlay, `--help` and the README their lines.
///
/// ```swift
/// var state = RunsState(theme: .cyberpunk, path: "experiments")
/// RunsUpdate.handle(.character("s"), state: &state, rows: rows)   // .reorder; sorted by status
/// RunsUpdate.handle(.character(" "), state: &state, rows: rows)   // marks the selected run
/// RunsUpdate.handle(.character("c"), state: &state, rows: rows)   // .compare([...])
/// ```
enum RunsUpdate {
    static let pageSize = 10

    /// The runs view's key maps change its state, given the rows it shows.
    typealias RunsKeyMap = KeyMap<RunsState, [RunEntry], RunsEffect>

    static func handle(_ key: Key, state: inout RunsState, rows: [RunEntry]) -> RunsEffect {
        if state.editing != nil { return edit(key, state: &state) }
        if key == .resize { return .redraw }
        let hadMessage = state.message != nil
        state.message = nil
        let effect = keyMap.handle(key, state: &state, context: rows) ?? .none
        // A message shown before the key is gone now: redraw even when the key did nothing.
        return effect == .none && hadMessage ? .redraw : effect
    }

    /// The selected row's place among `rows` (0 when it is not shown).
    private static func selectedIndex(_ state: RunsState, _ rows: [RunEntry]) -> Int {
        rows.firstIndex { $0.path == state.selected } ?? 0
    }

    /// Moves the selection by `offset` rows, or to `index` when given.
    private static func select(_ state: inout RunsState, _ rows: [RunEntry], by offset: Int = 0, to index: Int? = nil) -> RunsEffect {
        guard !rows.isEmpty else { return .redraw }
        let target = index ?? selectedIndex(state, rows) + offset
        state.selected = rows[min(max(0, target), rows.count - 1)].path
        return .redraw
    }

    /// Every key of the runs view, in the order the help lists them.
    static let keyMap = RunsKeyMap(bindings: [
        .init(keys: [.character("q"), .character("Q")], label: "q", help: "quit") { _, _, _ in .quit },
        .init(keys: [.escape], label: "Esc", help: "close help; clear the filter; quit") { _, state, _ in
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
        },
        .init(keys: [.character("?"), .character("h")], label: "?", help: "show or hide this help") { _, state, _ in
            state.showHelp.toggle()
            return .redraw
        },
        .init(keys: [.character("j"), .down, .character("k"), .up], label: "j / k / ↓ / ↑", help: "move") { key, state, rows in
            select(&state, rows, by: key == .character("j") || key == .down ? 1 : -1)
        },
        .init(keys: [.pageDown, .pageUp], label: "PgDn / PgUp", help: "move a page") { key, state, rows in
            select(&state, rows, by: key == .pageDown ? pageSize : -pageSize)
        },
        .init(keys: [.character("g"), .home, .character("G"), .end], label: "g / G / Home / End", help: "first or last run") { key, state, rows in
            select(&state, rows, to: key == .character("g") || key == .home ? 0 : rows.count - 1)
        },
        .init(keys: [.enter], label: "Enter", help: "open the run's dashboard (Esc: back)") { _, state, rows in
            let index = selectedIndex(state, rows)
            return rows.indices.contains(index) ? .open(rows[index].path) : .none
        },
        .init(keys: [.character(" ")], label: "Space", help: "mark or unmark (up to \(RunsState.maxMarked))") { _, state, rows in
            let index = selectedIndex(state, rows)
            guard rows.indices.contains(index) else { return .none }
            let path = rows[index].path
            if let marked = state.marked.firstIndex(of: path) {
                state.marked.remove(at: marked)
            } else if state.marked.count >= RunsState.maxMarked {
                state.message = "at most \(RunsState.maxMarked) runs compare at once: unmark one first (Space, or u for all)"
                return .redraw
            } else {
                state.marked.append(path)
            }
            return select(&state, rows, by: 1)
        },
        .init(keys: [.character("u")], label: "u", help: "unmark all") { _, state, _ in
            state.marked.removeAll()
            return .redraw
        },
        .init(keys: [.character("c")], label: "c", help: "compare the marked runs") { _, state, rows in
            let present = state.marked.filter { path in rows.contains { $0.path == path } }
            guard !present.isEmpty else {
                state.message = state.marked.isEmpty ? "mark runs with Space first (up to \(RunsState.maxMarked)), then c compares them"
                                                     : "the marked runs are hidden by the filter: Esc clears it"
                return .redraw
            }
            return .compare(present)
        },
        .init(keys: [.character("s"), .character("S")], label: "s / S", help: "sort by the next column / reverse") { key, state, rows in
            if key == .character("S") {
                state.descending.toggle()
                return .reorder
            }
            // The host column is there (and sorts) only when runs are on other machines.
            let columns = RunsState.SortColumn.allCases.filter { $0 != .host || rows.contains { $0.host != nil } }
            state.sort = columns[((columns.firstIndex(of: state.sort) ?? -1) + 1) % columns.count]
            // Text columns (and hyperparameters) read A→Z, lowest first; figures read best
            // (highest, newest) first.
            state.descending = ![.name, .host, .status, .hyperparameters].contains(state.sort)
            return .reorder
        },
        .init(keys: [.character("/")], label: "/", help: "filter (dqn, tag:dqn, lr<0.001, profit>=100, and/or/not)") { _, state, _ in
            state.editing = state.filterText
            state.filterError = nil
            return .redraw
        },
        .init(keys: [.character("t")], label: "t", help: "next theme") { _, state, _ in
            state.themeIndex = (state.themeIndex + 1) % state.themes.count
            return .redraw
        },
    ])

    /// The help overlay's lines for the runs view.
    static var helpLines: [(keys: String, action: String)] { keyMap.helpLines }

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
}
