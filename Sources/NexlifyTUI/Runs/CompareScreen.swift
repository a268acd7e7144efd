import Foundation
import MetricsKit

/// The compare view of up to eight runs, live: each refresh reads what the runs gained (in
/// bounded steps) and rebuilds the overlay only when one of them did. Keys are the dashboard's
/// (zoom `1`–`8`, smoothing `+`/`-`, theme `t`, pause `p`); Esc goes back to the runs table.
///
/// ```swift
/// let screen = CompareScreen(runs: [("dqn", sourceA), ("ppo", sourceB)], state: state, refresh: 2)
/// ```
final class CompareScreen: Screen {
    private let runs: [(name: String, source: RunSource)]
    private let refreshInterval: TimeInterval
    private(set) var state: AppState
    private(set) var model = CompareModel.empty

    init(runs: [(name: String, source: RunSource)], state: AppState, refresh: TimeInterval) {
        self.runs = Array(runs.prefix(RunsState.maxMarked))
        self.state = state
        refreshInterval = refresh
        self.state.status.runPath = TerminalText.sanitize("compare " + self.runs.map(\.name).joined(separator: ", "))
    }

    func refresh(now: Date) -> ScreenRefresh {
        var result = ScreenRefresh(changed: false, next: now.addingTimeInterval(refreshInterval))
        guard !state.paused else { return result }
        var gained = false
        var moreRemaining = false
        for run in runs {
            let poll = run.source.poll(maxRecords: 50_000 / max(1, runs.count), maxDuration: .milliseconds(25 / max(1, runs.count)))
            gained = gained || poll.newEpisodes + poll.newModelRecords > 0
            moreRemaining = moreRemaining || poll.moreRemaining
        }
        if gained {
            rebuild()
            result.changed = true
        }
        let status = status(now: now)
        if status != state.status {
            state.status = status
            result.changed = true
        }
        if moreRemaining { result.next = now }
        return result
    }

    func handle(_ key: Key) -> ScreenAction {
        switch AppUpdate.handle(key, state: &state) {
        case .quit: return key == .escape ? .close : .quit
        case .rebuildModel:
            rebuild()
            return .redraw
        case .redraw: return .redraw
        case .control:
            // Several runs are on screen: a request goes to one run's trainer, from its own dashboard.
            state.controlNote = ControlNotes.failed("several runs are compared; open one run (Enter in the runs view) to ask its trainer")
            return .redraw
        case .none: return .none
        }
    }

    func render(width: Int, height: Int) -> CellBuffer {
        CompareView.render(state: state, model: model, status: state.status, width: width, height: height)
    }

    private func rebuild() {
        model = CompareModel(runs: runs.map { ($0.name, $0.source.store) }, smoothing: state.smoothing, roles: state.roles)
        MemoryTrim.returnFreeMemory(now: Date())
    }

    /// The status line for all the runs: the most recent update, the malformed lines of all.
    private func status(now: Date) -> SourceStatus {
        var status = SourceStatus()
        status.runPath = state.status.runPath
        status.state = "following \(runs.count) run\(runs.count == 1 ? "" : "s")"
        status.skippedLines = runs.map(\.source.skipped.count).reduce(0, +)
        if let newest = runs.compactMap(\.source.lastModified).max() { status.secondsSinceUpdate = max(0, now.timeIntervalSince(newest)) }
        return status
    }
}
