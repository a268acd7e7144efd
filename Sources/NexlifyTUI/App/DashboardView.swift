/// The whole screen as a pure function of (state, model, size): KPI cards, the panels for the
/// layout, the status line, and the help overlay on top. Curses never sees anything but the
/// resulting buffer.
///
/// ```swift
/// let buffer = DashboardView.render(state: state, model: model, width: 120, height: 40)
/// print(buffer.lines.joined(separator: "\n"))
/// ```
enum DashboardView {
    /// `memo`: the charts' state from the last frame (`PlotMemo`; the frame is the same without it).
    static func render(state: AppState, model: DashboardModel, width: Int, height: Int, memo: PlotMemo? = nil) -> CellBuffer {
        let theme = state.theme
        var buffer = CellBuffer(width: width, height: height, fill: Cell(" ", style: Style(foreground: theme[.foreground], background: theme[.background])))
        // One line above the status bar for the latest alert, once there is one.
        let stripRows = state.alerts.isEmpty || height < Layout.minimumHeight + 1 ? 0 : 1
        let layout = Layout(width: width, height: height - stripRows, zoomed: state.zoomed, scroll: state.scroll, panelCount: model.panels.count)
        guard layout.mode != .tooSmall else {
            tooSmall(into: &buffer, theme: theme)
            return buffer
        }
        let ascii = state.glyphs == .ascii
        if state.metricsView.isOpen {
            MetricsGridView.render(state: state, metrics: model.metrics, xAxis: model.xAxis, remapping: model.remapping, growing: model.growing, into: &buffer,
                                   rect: metricsArea(state: state, width: width, height: height))
        } else {
            panels(state: state, model: model, layout: layout, memo: memo, into: &buffer)
        }
        if stripRows > 0 {
            AlertStrip.render(state.alerts, into: &buffer, rect: Rect(x: 0, y: height - 2, width: width, height: 1), theme: theme)
        }
        StatusBar.render(state.status, line: state.statusLine, into: &buffer, rect: Rect(x: 0, y: height - 1, width: width, height: 1))
        if let banner = state.banner { self.banner(banner, into: &buffer, theme: theme, monochrome: state.monochrome) }
        if state.showAlerts {
            AlertStrip.overlay(state.alerts, into: &buffer, area: buffer.area, theme: theme, ascii: ascii)
        }
        if state.showHelp {
            let lines = state.metricsView.isOpen ? MetricsViewKeys.map.helpLines + AppUpdate.helpLines.filter { ["q", "?", "t", "a"].contains($0.keys) }
                : AppUpdate.helpLines + chartLegend(ascii: ascii)
            HelpOverlay.render(lines, detail: "smoothing \(state.smoothing)", into: &buffer, area: buffer.area, theme: theme, ascii: ascii)
        }
        return buffer
    }

    /// The "since you last looked" line across the top of the screen (any key dismisses it).
    private static func banner(_ text: String, into buffer: inout CellBuffer, theme: Theme, monochrome: Bool) {
        let row = Rect(x: 0, y: 0, width: buffer.width, height: 1)
        let style = Style(foreground: theme[.background], background: theme[.title], bold: true, reverse: monochrome)
        buffer.fill(row, with: Cell(" ", style: style))
        let line = TerminalText.truncate(" " + text + " · any key ", to: buffer.width)
        buffer.write(line, x: 0, y: 0, style: style, clip: row)
    }

    /// What the charts draw besides the data, below the keys in the help.
    static func chartLegend(ascii: Bool) -> [(keys: String, action: String)] {
        [(ascii ? "^" : "▲", "on an x axis: an alert fired there (red critical, yellow warning, green info)"),
         (ascii ? "- -" : "⠉⠉ ⠉⠉", "a rule's threshold: critical loss (red), minimum profit (yellow)")]
    }

    /// Draws the status line again on a frame `render` drew for the same state but its status.
    static func redrawStatusLine(state: AppState, into buffer: inout CellBuffer) {
        guard buffer.height > 0 else { return }
        let theme = state.theme
        let rect = Rect(x: 0, y: buffer.height - 1, width: buffer.width, height: 1)
        buffer.fill(rect, with: Cell(" ", style: Style(foreground: theme[.foreground], background: theme[.background])))
        StatusBar.render(state.status, line: state.statusLine, into: &buffer, rect: rect)
    }

    /// Where the every-metric view goes: above the alert strip and the status line.
    static func metricsArea(state: AppState, width: Int, height: Int) -> Rect {
        let stripRows = state.alerts.isEmpty || height < Layout.minimumHeight + 1 ? 0 : 1
        return Rect(x: 0, y: 0, width: width, height: height - 1 - stripRows)
    }

    /// The KPI cards and the panels of the layout.
    private static func panels(state: AppState, model: DashboardModel, layout: Layout, memo: PlotMemo?, into buffer: inout CellBuffer) {
        let theme = state.theme
        KPIWidget.render(model.kpis(freshness: state.status.freshness), into: &buffer, rect: layout.kpis, theme: theme, ascii: state.glyphs == .ascii)
        for (kind, rect) in layout.panels {
            ChartWidget.render(model.panel(kind), into: &buffer, rect: rect, theme: theme, glyphs: state.glyphs, highlighted: state.zoomed == kind,
                               memo: memo, key: "panel \(kind.rawValue)")
        }
        if layout.hiddenAbove > 0 || layout.hiddenBelow > 0, let last = layout.panels.values.max(by: { $0.y < $1.y }) {
            // In the bottom border of the last visible panel: how many panels are scrolled away.
            let marker = " \(layout.hiddenAbove)↑ \(layout.hiddenBelow)↓ j/k "
            buffer.write(marker, x: last.maxX - marker.count - 2, y: last.maxY - 1, style: Style(foreground: theme[.muted]), clip: last)
        }
    }

    /// The message shown instead of panels on a screen below the minimum size.
    static func tooSmall(into buffer: inout CellBuffer, theme: Theme) {
        let lines = ["nexlify-tui needs at least", "\(Layout.minimumWidth)×\(Layout.minimumHeight) cells", "(now \(buffer.width)×\(buffer.height))"]
        let top = max(0, (buffer.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            let text = TerminalText.truncate(line, to: buffer.width)
            buffer.write(text, x: max(0, (buffer.width - text.count) / 2), y: top + index, style: Style(foreground: theme[.warning], background: theme[.background]))
        }
    }
}
