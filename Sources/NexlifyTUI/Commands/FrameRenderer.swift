import AlertKit
import Foundation
import MetricsKit

/// Renders frames without a terminal: a run's dashboard, the runs table of a directory of runs,
/// or the compare view of several runs. What `snapshot` prints and what the render benchmarks
/// measure; the same view code as the live screens.
///
/// ```swift
/// let renderer = try FrameRenderer(theme: "dark")
/// renderer.update(from: source.store)                          // a run's dashboard
/// renderer.update(from: collection)                            // or the runs table
/// renderer.update(comparing: [("dqn", storeA), ("ppo", storeB)])   // or the compare view
/// print(renderer.renderText(width: 120, height: 40).joined(separator: "\n"))
/// ```
public final class FrameRenderer {
    /// Which screen the next frame shows.
    private enum Content {
        case dashboard(DashboardModel)
        case runs(rows: [RunEntry], total: Int, now: Date)
        case compare(CompareModel)
    }

    var state: AppState
    private var content = Content.dashboard(.empty)
    /// What the last model and frame left behind, for a renderer that follows one run frame
    /// after frame as the dashboard does (`following`).
    private let samples: SampleMemo?
    private let plots: PlotMemo?

    /// `theme` is a built-in theme name or a theme file's path.
    /// `roles`: which metric plays each panel's role (the config's `panels`).
    /// `following`: the renderer draws one growing run again and again, as the live dashboard
    /// does, and keeps what each model and frame can hand to the next (the frames are the same).
    public init(theme: String = "cyberpunk", ascii: Bool = false, roles: MetricRoles = .standard, following: Bool = false) throws {
        state = AppState(theme: try Theme.load(theme))
        state.glyphs = ascii ? .ascii : .braille
        state.roles = roles
        samples = following ? SampleMemo() : nil
        plots = following ? PlotMemo() : nil
    }

    /// Puts the charts on wall time (call before `update`).
    public func useWallClock(_ on: Bool = true) {
        state.axis = on ? .wallClock : .own
    }

    /// Shows the every-metric view (page `page`, from 0) of the metrics matching `filter`.
    public func showEveryMetric(filter: String = "", page: Int = 0) {
        state.metricsView.isOpen = true
        state.metricsView.filter = filter
        state.metricsView.page = page
    }

    /// Rebuilds the charts from the store (what the live screen does when data arrives);
    /// `xAxis`: what the run's x values count; `annotations`: where alerts fired, thresholds.
    func update(from store: RunStore, xAxis: XAxis = .episode, annotations: PanelAnnotations) {
        content = .dashboard(DashboardModel(store: store, smoothing: state.smoothing, roles: state.roles, xAxis: xAxis,
                                            axis: state.axis, annotations: annotations, memo: samples))
    }

    /// Rebuilds the charts from the store, without alert marks.
    public func update(from store: RunStore, xAxis: XAxis = .episode) {
        update(from: store, xAxis: xAxis, annotations: .none)
    }

    /// Shows the runs table of a collection (sorted by name), as of `now`.
    public func update(from collection: RunCollection, now: Date = Date()) {
        let runs = RunsState(theme: state.theme, path: collection.path)
        state.status.runPath = TerminalText.sanitize(collection.path)
        content = .runs(rows: RunsOrder.visible(collection.entries, state: runs), total: collection.entries.count, now: now)
    }

    /// Shows the compare view of up to eight runs.
    public func update(comparing runs: [(name: String, store: RunStore)]) {
        content = .compare(CompareModel(runs: Array(runs.prefix(RunsState.maxMarked)), smoothing: state.smoothing, roles: state.roles))
        state.status.runPath = TerminalText.sanitize("compare " + runs.prefix(RunsState.maxMarked).map(\.name).joined(separator: ", "))
        state.status.state = "\(min(runs.count, RunsState.maxMarked)) runs compared"
    }

    /// Shows the training script's own alerts (its `alerts.log`) in the strip.
    public func update(trainerAlerts entries: [TrainerAlertLog.Entry]) {
        state.alerts = Array(TrainerAlerts.lines(entries).suffix(200))
    }

    /// Sets the status line from a source (path, state, malformed lines, age) at `now`.
    public func updateStatus(from source: RunSource, now: Date, state text: String? = nil) {
        state.status = SourceStatusReader.status(of: source, now: now, stallSeconds: state.stallSeconds)
        if let text { state.status.state = text }
    }

    /// One frame as lines of text.
    public func renderText(width: Int, height: Int) -> [String] {
        render(width: width, height: height).lines
    }

    /// One frame with ANSI colours for `environment` (`COLORTERM`, `NO_COLOR`).
    public func renderANSI(width: Int, height: Int, environment: [String: String]) -> String {
        AnsiEncoder.encode(render(width: width, height: height), depth: ColorDepth.detect(environment: environment, terminalColors: 256))
    }

    func render(width: Int, height: Int) -> CellBuffer {
        switch content {
        case .dashboard(let model):
            return DashboardView.render(state: state, model: model, width: width, height: height, memo: plots)
        case .runs(let rows, let total, let now):
            var runs = RunsState(theme: state.theme, path: state.status.runPath)
            runs.glyphs = state.glyphs
            return RunsView.render(state: runs, rows: rows, total: total, now: now, width: width, height: height)
        case .compare(let model):
            return CompareView.render(state: state, model: model, status: state.status, width: width, height: height)
        }
    }
}
