import MetricsKit

/// The every-metric view: a header (how many metrics match the filter, the page, the keys) and
/// a page of charts, one per metric, drawn as the panels are (raw envelope, smoothed line), or
/// one zoomed chart. A pure function of (state, metrics, size).
///
/// ```swift
/// var buffer = CellBuffer(width: 200, height: 49, fill: Cell(" "))
/// MetricsGridView.render(state: state, metrics: MetricList(store: store), xAxis: .episode, into: &buffer, rect: buffer.area)
/// ```
enum MetricsGridView {
    /// `growing`: the run is seen growing (its charts leave it room to double: `ChartModel.roomToGrow`).
    static func render(state: AppState, metrics: MetricList, xAxis: XAxis, remapping: AxisMap? = nil, growing: Bool = false, into buffer: inout CellBuffer,
                       rect: Rect) {
        let theme = state.theme
        let view = state.metricsView
        let matching = metrics.indices(matching: view.filter)
        let grid = MetricsGridLayout(rect: rect, count: matching.count)
        let current = page(view, grid)
        header(view, matching: matching.count, total: metrics.entries.count, page: current, pages: grid.pages, into: &buffer, rect: grid.header, theme: theme)
        let zoomedIndex = view.zoomed.map { current * grid.perPage + $0 - 1 }.flatMap { matching.indices.contains($0) ? $0 : nil }
        let cells = zoomedIndex.map { [($0, grid.grid)] } ?? grid.cells(page: current)
        if matching.isEmpty {
            let message = metrics.entries.isEmpty ? "no metrics in this run yet" : "no metric matches /\(view.filter)/"
            let text = TerminalText.truncate(message, to: grid.grid.width)
            buffer.write(text, x: grid.grid.x + max(0, (grid.grid.width - text.count) / 2), y: grid.grid.y + grid.grid.height / 2,
                         style: Style(foreground: theme[.muted]), clip: grid.grid)
            return
        }
        for (index, cell) in cells {
            let place = index - current * grid.perPage + 1
            ChartWidget.render(chart(metrics, matching[index], place: place, smoothing: state.smoothing, xAxis: xAxis, remapping: remapping, growing: growing),
                               into: &buffer, rect: cell, theme: theme, glyphs: state.glyphs, highlighted: zoomedIndex != nil)
        }
    }

    /// The page shown: the state's, within the pages there are.
    static func page(_ view: MetricsViewState, _ grid: MetricsGridLayout) -> Int {
        min(max(0, view.page), grid.pages - 1)
    }

    /// One metric's chart, as a panel draws its metric, numbered by its place on the page.
    static func chart(_ metrics: MetricList, _ index: Int, place: Int, smoothing: Int, xAxis: XAxis, remapping: AxisMap?, growing: Bool = false) -> ChartModel {
        var model = metrics.chart(index, smoothing: smoothing, xAxis: xAxis, remapping: remapping)
        model.roomToGrow = growing
        if place <= 9 { model.title = "\(place) " + model.title }
        return model
    }

    private static func header(_ view: MetricsViewState, matching: Int, total: Int, page: Int, pages: Int, into buffer: inout CellBuffer, rect: Rect,
                               theme: Theme) {
        var text: String
        if let draft = view.draft {
            let note = draft.isEmpty || MetricList.isRegularExpression(draft) ? "" : " (not a regular expression: matched as text)"
            text = " filter /\(TerminalText.sanitize(draft))▏\(note)   Enter apply · Esc cancel"
        } else {
            let filter = view.filter.isEmpty ? "" : " match /\(TerminalText.sanitize(view.filter))/"
            text = " Every metric · \(matching) of \(total)\(filter) · page \(page + 1)/\(pages) · / filter · n p page · 1–9 zoom · Esc back"
        }
        text = TerminalText.truncate(text, to: rect.width)
        buffer.write(text, x: rect.x, y: rect.y, style: Style(foreground: theme[.title], bold: true), clip: rect)
    }
}
