/// The last dashboard frame and what it was drawn from. When nothing but the status line's
/// words changed — the age ticking "updated 10s ago" on a quiet run, a new state word — the frame
/// is reused with only its status line drawn again, instead of every chart from the whole store
/// (on an idle 20,000-episode run, nearly all of the CPU it used). Overlays that could lie over
/// the status line (help, alert history) always draw whole.
///
/// ```swift
/// var cache = DashboardFrameCache()
/// let frame = cache.frame(state: state, model: model, modelVersion: version, width: 200, height: 50)
/// ```
struct DashboardFrameCache {
    private struct Key: Equatable {
        var state: AppState
        var modelVersion: Int
        var width: Int
        var height: Int
    }

    private var key: Key?
    private var frame: CellBuffer?
    private let plots = PlotMemo()

    /// The frame for `state` and the model numbered `modelVersion` (a new number for every
    /// rebuilt model).
    mutating func frame(state: AppState, model: DashboardModel, modelVersion: Int, width: Int, height: Int) -> CellBuffer {
        // The status's colour stays in the key: it colours the Episode card too.
        var withoutWords = state
        withoutWords.status = SourceStatus(freshness: state.status.freshness)
        let now = Key(state: withoutWords, modelVersion: modelVersion, width: width, height: height)
        if now == key, var reused = frame, !state.showHelp, !state.showAlerts {
            DashboardView.redrawStatusLine(state: state, into: &reused)
            frame = reused
            return reused
        }
        let drawn = DashboardView.render(state: state, model: model, width: width, height: height, memo: plots)
        key = now
        frame = drawn
        return drawn
    }
}
