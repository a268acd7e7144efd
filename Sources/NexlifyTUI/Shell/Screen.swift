import Foundation

/// One full screen the loop can show: the single-run dashboard, the runs table, or the compare
/// view. A screen reads its data when the loop asks (`refresh`), turns keys into actions, and
/// draws itself as a pure function of its state into a cell buffer; the loop owns the terminal.
///
/// ```swift
/// let loop = ScreenLoop(root: DashboardScreen(source: source, state: state, refresh: 2), terminal: terminal)
/// loop.run(signals: watcher)
/// ```
protocol Screen: AnyObject {
    /// Reads what arrived since the last refresh, in bounded steps.
    func refresh(now: Date) -> ScreenRefresh
    /// Handles one key press.
    func handle(_ key: Key) -> ScreenAction
    /// The whole screen at this size.
    func render(width: Int, height: Int) -> CellBuffer
    /// A descriptor that becomes readable when the screen's data changed (its files were
    /// written), so the loop refreshes then rather than only on the tick; nil for none.
    var changeDescriptor: Int32? { get }
    /// Takes the queued change notices; true when the screen's data may have changed.
    func takeChanges() -> Bool
    /// The program ends (a quit or a signal): keep what must outlive it.
    func finish()
}

extension Screen {
    var changeDescriptor: Int32? { nil }
    func takeChanges() -> Bool { false }
    func finish() {}
}

/// What a screen's refresh did.
struct ScreenRefresh: Equatable {
    /// Whether the screen must be drawn again.
    var changed: Bool
    /// When to refresh next (now, when more data is waiting).
    var next: Date
    /// Ring the terminal bell (a new warning or critical alert).
    var bell = false
    /// Whether it read new records (what the loop's cap on refreshes woken by file changes counts).
    var newData = false
}

/// What a screen asks of the loop after a key.
enum ScreenAction {
    case none
    /// Draw again.
    case redraw
    /// End the program.
    case quit
    /// Go back to the screen below (Esc in a screen opened from another).
    case close
    /// Show another screen on top (Enter on a run, `c` to compare).
    case open(Screen)
}
