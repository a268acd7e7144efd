import Foundation
import MetricsKit

/// Renders dashboard frames for a run without a terminal: what `snapshot` prints and what the
/// render benchmark measures. Same view code as the live screen.
///
/// ```swift
/// let renderer = try FrameRenderer(theme: "dark")
/// renderer.update(from: source.store)
/// print(renderer.renderText(width: 120, height: 40).joined(separator: "\n"))
/// ```
public final class FrameRenderer {
    var state: AppState
    private(set) var model = DashboardModel.empty

    /// `theme` is a built-in theme name or a theme file's path.
    public init(theme: String = "cyberpunk", ascii: Bool = false) throws {
        state = AppState(theme: try Theme.load(theme))
        state.glyphs = ascii ? .ascii : .braille
    }

    /// Rebuilds the charts from the store (what the live screen does when data arrives).
    public func update(from store: RunStore) {
        model = DashboardModel(store: store, smoothing: state.smoothing)
    }

    /// Sets the status line from a source (path, state, malformed lines, age) at `now`.
    public func updateStatus(from source: RunSource, now: Date, state text: String? = nil) {
        state.status = SourceStatusReader.status(of: source, now: now)
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
        DashboardView.render(state: state, model: model, width: width, height: height)
    }
}
