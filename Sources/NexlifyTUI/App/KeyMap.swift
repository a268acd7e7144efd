/// A screen's key bindings as data: each binding's keys, what its help line says, and what it
/// does. The screen's key handling and its help overlay both come from the one table.
///
/// ```swift
/// let map = KeyMap(bindings: [KeyMap.Binding(keys: [.character("n")], label: "n", help: "next page") { key, state in … }])
/// map.handle(.character("n"), state: &state)   // the binding's effect, or nil when no binding has the key
/// map.helpLines                               // [("n", "next page")]
/// ```
struct KeyMap: Sendable {
    struct Binding: Sendable {
        let keys: [Key]
        /// How the help overlay names the keys ("n / ↓").
        let label: String
        let help: String
        /// What the key does (the key is given: one binding may stand for several, such as 1–9).
        let action: @Sendable (Key, inout AppState) -> AppEffect
    }

    let bindings: [Binding]

    /// Runs the binding of `key`, if there is one.
    func handle(_ key: Key, state: inout AppState) -> AppEffect? {
        bindings.first { $0.keys.contains(key) }.map { $0.action(key, &state) }
    }

    var helpLines: [(keys: String, action: String)] { bindings.map { ($0.label, $0.help) } }
}
