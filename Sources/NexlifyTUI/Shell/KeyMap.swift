/// A screen's key bindings as data: each binding's keys, what its help line says, and what it
/// does to the screen's `State` (given what the screen shows, its `Context`). The screen's key
/// handling, its help overlay, `--help` and the README's key tables all come from the one table.
///
/// ```swift
/// let map = KeyMap<AppState, Void, AppEffect>(bindings: [.init(keys: [.character("n")], label: "n", help: "next page") { key, state, _ in … }])
/// map.handle(.character("n"), state: &state, context: ())   // the binding's effect, or nil when no binding has the key
/// map.helpLines                                             // [("n", "next page")]
/// ```
struct KeyMap<State, Context, Effect>: Sendable {
    struct Binding: Sendable {
        let keys: [Key]
        /// How the help overlay names the keys ("n / ↓").
        let label: String
        let help: String
        /// What the key does (the key is given: one binding may stand for several, such as 1–9).
        let action: @Sendable (Key, inout State, Context) -> Effect
    }

    let bindings: [Binding]

    /// Runs the binding of `key`, if there is one.
    func handle(_ key: Key, state: inout State, context: Context) -> Effect? {
        bindings.first { $0.keys.contains(key) }.map { $0.action(key, &state, context) }
    }

    var helpLines: [(keys: String, action: String)] { bindings.map { ($0.label, $0.help) } }

    /// Keys bound more than once (only the first binding would ever see them): empty for a
    /// well-made map, as the tests check for every screen's.
    var duplicateKeys: [Key] {
        var seen: [Key] = []
        var twice: [Key] = []
        for key in bindings.flatMap(\.keys) {
            if seen.contains(key) { if !twice.contains(key) { twice.append(key) } } else { seen.append(key) }
        }
        return twice
    }
}

extension KeyMap where Context == Void {
    func handle(_ key: Key, state: inout State) -> Effect? { handle(key, state: &state, context: ()) }
}
