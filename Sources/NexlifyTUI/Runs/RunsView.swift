import Foundation
import MetricsKit

/// The runs view as a pure function of (state, rows, size, time): a title line, the table, a
/// filter line and the key hints. The help overlay sits on top when open.
///
/// ```swift
/// let buffer = RunsView.render(state: state, rows: rows, total: 12, now: Date(), width: 120, height: 40)
/// ```
enum RunsView {
    static let minimumWidth = 40
    static let minimumHeight = 6

    static func render(state: RunsState, rows: [RunEntry], total: Int, now: Date, width: Int, height: Int) -> CellBuffer {
        let theme = state.theme
        var buffer = CellBuffer(width: width, height: height, fill: Cell(" ", style: Style(foreground: theme[.foreground], background: theme[.background])))
        guard width >= minimumWidth, height >= minimumHeight else {
            let text = TerminalText.truncate("runs view needs \(minimumWidth)×\(minimumHeight) cells", to: width)
            buffer.write(text, x: 0, y: height / 2, style: Style(foreground: theme[.warning]))
            return buffer
        }
        let bar = Style(foreground: theme[.statusForeground], background: theme[.statusBackground], reverse: state.monochrome)
        titleLine(state: state, rows: rows, total: total, into: &buffer, style: bar)
        let table = Rect(x: 0, y: 1, width: width, height: height - 3)
        if rows.isEmpty {
            let text = total == 0
                ? "No runs in \(TerminalText.sanitize(state.path)) yet: waiting for subdirectories with episodes.jsonl, metrics.json, metrics.csv or experiment.json"
                : "No run matches the filter: / to change it, Esc to clear it"
            let cut = TerminalText.truncate(text, to: width - 2)
            buffer.write(cut, x: max(1, (width - cut.count) / 2), y: table.y + table.height / 2, style: Style(foreground: theme[.muted]))
        }
        RunsTable.render(rows, view: state.tableView(of: rows), now: now, into: &buffer, rect: rows.isEmpty ? Rect(x: 0, y: 1, width: width, height: 1) : table)
        filterLine(state: state, shown: rows.count, total: total, into: &buffer, y: height - 2)
        keysLine(state: state, into: &buffer, y: height - 1, style: bar)
        if state.showHelp {
            HelpOverlay.render(RunsUpdate.helpLines, detail: "runs", into: &buffer, area: buffer.area, theme: theme, ascii: state.glyphs == .ascii)
        }
        return buffer
    }

    private static func titleLine(state: RunsState, rows: [RunEntry], total: Int, into buffer: inout CellBuffer, style: Style) {
        let shown = rows.count
        buffer.fill(Rect(x: 0, y: 0, width: buffer.width, height: 1), with: Cell(" ", style: style))
        var bold = style
        bold.bold = true
        var x = buffer.write(" Runs ", x: 0, y: 0, style: bold)
        var parts = [TerminalText.sanitize(state.path), "\(total) run\(total == 1 ? "" : "s")"]
        if shown != total { parts.append("\(shown) shown") }
        if !state.marked.isEmpty { parts.append("\(state.marked.count) marked") }
        parts.append("sorted by \(state.sort.rawValue) \(state.descending ? "high→low" : "low→high")")
        for part in parts where x + part.count + 3 < buffer.width {
            x = buffer.write("│ " + part + " ", x: x, y: 0, style: style)
        }
        let skipped = rows.reduce(0) { $0 + $1.skippedLines }
        let warning = "│ \(skipped) malformed line\(skipped == 1 ? "" : "s") skipped "
        if skipped > 0 && x + warning.count < buffer.width {
            var warningStyle = bold
            warningStyle.foreground = state.theme[.warning]
            buffer.write(warning, x: x, y: 0, style: warningStyle)
        }
    }

    private static func filterLine(state: RunsState, shown: Int, total: Int, into buffer: inout CellBuffer, y: Int) {
        let theme = state.theme
        let muted = Style(foreground: theme[.muted])
        if let editing = state.editing {
            var x = buffer.write("/ ", x: 0, y: y, style: Style(foreground: theme[.title], bold: true))
            x = buffer.write(TerminalText.sanitize(editing), x: x, y: y, style: Style(foreground: theme[.foreground]))
            buffer.set(x, y, Cell("▏", style: Style(foreground: theme[.title])))
            let unknown = state.unknownFields.isEmpty ? "" : " · no run has " + state.unknownFields.joined(separator: ", ")
            let note = state.filterError.map { "  filter: " + $0 } ?? "  \(shown) of \(total) match\(TerminalText.sanitize(unknown)) · Enter keeps · Esc cancels"
            buffer.write(TerminalText.truncate(note, to: max(0, buffer.width - x - 2)), x: x + 1, y: y,
                         style: state.filterError == nil ? muted : Style(foreground: theme[.critical], bold: true))
            return
        }
        if let message = state.message ?? state.linkStatus {
            buffer.write(TerminalText.truncate(TerminalText.sanitize(message), to: buffer.width - 1), x: 0, y: y, style: Style(foreground: theme[.warning], bold: true))
            return
        }
        guard !state.filterText.isEmpty else {
            buffer.write(TerminalText.truncate("/ filter: a name, tag:dqn, learning_rate<0.001, profit>=100, with and / or", to: buffer.width - 1), x: 0, y: y, style: muted)
            return
        }
        let x = buffer.write("filter: " + TerminalText.sanitize(state.filterText), x: 0, y: y, style: Style(foreground: theme[.title], bold: true))
        let unknown = state.unknownFields.isEmpty ? "" : " · no run has " + TerminalText.sanitize(state.unknownFields.joined(separator: ", "))
        buffer.write(TerminalText.truncate("  \(shown) of \(total) runs\(unknown) · / edit · Esc clears", to: max(0, buffer.width - x - 1)), x: x, y: y,
                     style: unknown.isEmpty ? muted : Style(foreground: theme[.warning]))
    }

    private static func keysLine(state: RunsState, into buffer: inout CellBuffer, y: Int, style: Style) {
        buffer.fill(Rect(x: 0, y: y, width: buffer.width, height: 1), with: Cell(" ", style: style))
        let hints = "Enter:open  Space:mark  c:compare  s/S:sort  /:filter  ?:help  q:quit"
        let text = TerminalText.truncate(hints, to: buffer.width - 2)
        buffer.write(text, x: buffer.width - text.count - 1, y: y, style: style)
    }
}
