/// The compare view's legend: one line per run with its glyph and name in its colour, its
/// episode count and its latest value in each of the eight panels, under a header naming them.
/// Columns that do not fit are left out from the right.
///
/// ```
///   run                 episodes    profit      loss   epsilon        lr     win %    sharpe  drawdown    Q mean
/// ● dqn_lr_0.001             500     123.4    0.0123      0.05     0.001       55%      1.23     -12.3      4.56
/// ```
enum CompareLegend {
    /// One run's line.
    struct Row: Equatable, Sendable {
        var name: String
        /// The latest value per panel, in panel order ("—" when the run lacks the metric).
        var values: [String]
        var episodes: Int
    }

    private static let valueWidth = 9

    /// `labels`: the panels' short names, in the order of each row's values.
    static func render(_ rows: [Row], labels: [String], into buffer: inout CellBuffer, rect: Rect, theme: Theme, ascii: Bool) {
        guard rect.height >= 1, rect.width >= 12 else { return }
        // Names give way to values on a narrow screen: room for four value columns first.
        let nameWidth = max(10, min(28, rows.map(\.name.count).max() ?? 10, rect.width - 2 - 4 * (valueWidth + 1)))
        let columns = max(0, min(labels.count + 1, (rect.width - 2 - nameWidth) / (valueWidth + 1)))
        let header = Style(foreground: theme[.title], bold: true)
        var x = buffer.write(TerminalText.fit("run", to: nameWidth), x: rect.x + 2, y: rect.y, style: header, clip: rect)
        for title in (["episodes"] + labels).prefix(columns) {
            x = buffer.write(" " + TerminalText.fit(title, to: valueWidth, alignRight: true), x: x, y: rect.y, style: header, clip: rect)
        }
        for (index, row) in rows.enumerated() where index + 1 < rect.height {
            let y = rect.y + 1 + index
            let color = Style(foreground: theme[.run(index)], bold: true)
            buffer.set(rect.x, y, Cell(RunMarker.glyph(index, ascii: ascii), style: color), clip: rect)
            var x = buffer.write(TerminalText.fit(TerminalText.sanitize(row.name), to: nameWidth), x: rect.x + 2, y: y, style: color, clip: rect)
            for value in ([String(row.episodes)] + row.values).prefix(columns) {
                x = buffer.write(" " + TerminalText.fit(value, to: valueWidth, alignRight: true), x: x, y: y, style: Style(foreground: theme[.foreground]), clip: rect)
            }
        }
    }
}
