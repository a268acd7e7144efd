import Foundation
import MetricsKit

/// The runs view: a live table of the runs in a directory. Enter opens a run's dashboard, `c`
/// the compare view of the marked runs; both come back here with Esc.
///
/// ```swift
/// let screen = RunsScreen(collection: RunFleet([RunCollection(path: "experiments")]), state: state, refresh: 2)
/// ScreenLoop(root: screen, terminal: terminal).run(signals: watcher)
/// ```
final class RunsScreen: Screen {
    private let collection: RunFleet
    private let refreshInterval: TimeInterval
    private(set) var state: RunsState
    /// The runs shown, filtered and sorted.
    private(set) var rows: [RunEntry] = []
    private var lastRefresh = Date()

    /// The connection to the runs' machine, when they are on another (words while it is not up).
    private let link: ((Date) -> String?)?

    init(collection: RunFleet, state: RunsState, refresh: TimeInterval, link: ((Date) -> String?)? = nil) {
        self.collection = collection
        self.link = link
        self.state = state
        refreshInterval = refresh
    }

    func refresh(now: Date) -> ScreenRefresh {
        let result = collection.refresh(maxRecords: 200_000, maxDuration: .milliseconds(40), now: now)
        if result.changed { reorder() }
        state.linkStatus = link?(now)
        lastRefresh = now
        // Drawn on every refresh: the "updated … ago" column moves with the clock.
        return ScreenRefresh(changed: true, next: result.moreRemaining ? now : now.addingTimeInterval(refreshInterval))
    }

    func handle(_ key: Key) -> ScreenAction {
        switch RunsUpdate.handle(key, state: &state, rows: rows) {
        case .none: return .none
        case .redraw: return .redraw
        case .quit: return .quit
        case .reorder:
            reorder()
            return .redraw
        case .open(let path):
            do {
                return .open(DashboardScreen(source: try RunSource(path: path, recentCapacity: 1024), state: state.openedState(), refresh: refreshInterval,
                                             link: link))
            } catch {
                state.message = TerminalText.sanitize("\(error)")
                return .redraw
            }
        case .compare(let paths):
            do {
                let runs = try paths.map { path in (name: (path as NSString).lastPathComponent, source: try RunSource(path: path, recentCapacity: 1024)) }
                return .open(CompareScreen(runs: runs, state: state.openedState(), refresh: refreshInterval))
            } catch {
                state.message = TerminalText.sanitize("\(error)")
                return .redraw
            }
        }
    }

    func render(width: Int, height: Int) -> CellBuffer {
        RunsView.render(state: state, rows: rows, total: collection.entries.count, now: lastRefresh, width: width, height: height)
    }

    /// Works out the rows shown again; keeps the selection on the same run when it is still shown.
    private func reorder() {
        rows = RunsOrder.visible(collection.entries, state: state)
        if !rows.contains(where: { $0.path == state.selected }) { state.selected = rows.first?.path }
        let fields = state.filter?.fields ?? []
        state.unknownFields = fields.filter { field in !collection.entries.contains { $0.filterValue(field) != nil } }
    }
}
