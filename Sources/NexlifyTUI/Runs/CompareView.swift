/// The compare view as a pure function of (state, model, status, size): the legend on top,
/// the eight panels with a line per run (each ending in the run's glyph, so lines can be told
/// apart without colour), the status line, and the help overlay when open.
///
/// ```swift
/// let buffer = CompareView.render(state: state, model: model, status: status, width: 200, height: 50)
/// ```
enum CompareView {
    static func render(state: AppState, model: CompareModel, status: SourceStatus, width: Int, height: Int) -> CellBuffer {
        let theme = state.theme
        var buffer = CellBuffer(width: width, height: height, fill: Cell(" ", style: Style(foreground: theme[.foreground], background: theme[.background])))
        let layout = Layout(width: width, height: height, zoomed: state.zoomed, scroll: state.scroll, headerHeight: model.legend.count + 1,
                            panelCount: model.panels.count)
        guard layout.mode != .tooSmall else {
            DashboardView.tooSmall(into: &buffer, theme: theme)
            return buffer
        }
        let ascii = state.glyphs == .ascii
        CompareLegend.render(model.legend, labels: PanelSpec.all.map(\.legend), into: &buffer, rect: layout.kpis, theme: theme, ascii: ascii)
        for (kind, rect) in layout.panels {
            let chart = model.panel(kind)
            guard let plot = ChartWidget.render(chart, into: &buffer, rect: rect, theme: theme, glyphs: state.glyphs, highlighted: state.zoomed == kind) else { continue }
            for (layer, run) in zip(chart.layers, model.layerRuns[kind.rawValue - 1]) {
                guard let last = layer.samples.last(where: { $0.value.isFinite && $0.x.isFinite }),
                      let cell = plot.cell(x: last.x, value: last.value) else { continue }
                buffer.set(cell.x, cell.y, Cell(RunMarker.glyph(run, ascii: ascii), style: Style(foreground: theme[.run(run)], bold: true)), clip: plot.rect)
            }
        }
        StatusBar.render(status, line: state.statusLine, into: &buffer, rect: Rect(x: 0, y: height - 1, width: width, height: 1))
        if state.showHelp {
            HelpOverlay.render(AppUpdate.helpLines, detail: "smoothing \(state.smoothing)", into: &buffer, area: buffer.area, theme: theme, ascii: ascii)
        }
        return buffer
    }
}
