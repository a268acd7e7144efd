import Foundation
import MetricsKit

/// The runs table: a header naming the columns (the sorted one with ▲/▼), then one row per run
/// with its mark, name, status, episodes, latest and best profit, Sharpe, win rate, last update
/// and the hyperparameters that tell the runs apart. Columns that do not fit are left out, least
/// telling first. A pure function of (rows, view, time, rectangle); all text from files is
/// sanitised.
///
/// ```swift
/// let view = RunsTable.View(theme: .cyberpunk, sort: .profit, hyperparameterKeys: ["learning_rate"])
/// RunsTable.render(rows, view: view, now: Date(), into: &buffer, rect: Rect(x: 0, y: 1, width: 120, height: 30))
/// ```
enum RunsTable {
    /// A column the table can be sorted by.
    enum SortColumn: String, CaseIterable, Equatable, Sendable {
        case name, host, status, episodes, profit, bestProfit = "best", sharpe, winRate = "win %", updated, hyperparameters
    }

    /// How the rows are shown: sort order, selection, marks, and the hyperparameters to list.
    struct View: Equatable, Sendable {
        var theme: Theme
        var monochrome = false
        var ascii = false
        var sort = SortColumn.name
        var descending = false
        /// The selected run's path.
        var selected: String?
        /// Marked runs' paths, in the order of their compare colours and glyphs.
        var marked: [String] = []
        /// The hyperparameters that tell the runs apart.
        var hyperparameterKeys: [String] = []
    }

    private struct Column: Sendable {
        let title: String
        let width: Int
        let sort: SortColumn
        /// Lower is kept longer when space runs out.
        let priority: Int
        let text: @Sendable (RunEntry, Date) -> String
        let level: @Sendable (RunEntry, Date) -> KPI.Level
    }

    private static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return CompactNumber.format(value)
    }

    private static let fixedColumns: [Column] = [
        // Shown only when the runs are on more than one machine (kept before every figure then).
        Column(title: "host", width: 16, sort: .host, priority: -1, text: { entry, _ in TerminalText.truncate(TerminalText.sanitize(entry.hostName), to: 16) },
               level: { _, _ in .neutral }),
        Column(title: "status", width: 9, sort: .status, priority: 3, text: { entry, _ in entry.status.rawValue }, level: { entry, _ in
            switch entry.status {
            case .running: return .good
            case .stalled: return .critical
            case .completed, .archived, .waiting, .quiet: return .neutral
            }
        }),
        Column(title: "episodes", width: 9, sort: .episodes, priority: 0, text: { entry, _ in entry.episodes < 10_000_000 ? String(entry.episodes) : CompactNumber.format(Double(entry.episodes)) }, level: { _, _ in .neutral }),
        Column(title: "profit", width: 9, sort: .profit, priority: 2, text: { entry, _ in number(entry.latestProfit) }, level: { entry, _ in KPI.profit(entry.latestProfit) }),
        Column(title: "best", width: 9, sort: .bestProfit, priority: 1, text: { entry, _ in number(entry.bestProfit) }, level: { entry, _ in KPI.bestProfit(entry.bestProfit) }),
        Column(title: "sharpe", width: 7, sort: .sharpe, priority: 4, text: { entry, _ in number(entry.sharpe) }, level: { entry, _ in KPI.sharpe(entry.sharpe) }),
        Column(title: "win %", width: 6, sort: .winRate, priority: 5, text: { entry, _ in entry.winRate.map { String(format: "%.0f", $0) } ?? "—" }, level: { _, _ in .neutral }),
        Column(title: "updated", width: 8, sort: .updated, priority: 6, text: { entry, now in
            entry.lastUpdate.map { StatusBar.ago(now.timeIntervalSince($0)) } ?? "—"
        }, level: { entry, now in
            // Red when the run is stalled (its status holds the collection's threshold), else by age.
            entry.status == .stalled ? .critical
                : entry.status == .running ? KPI.freshness(secondsSinceUpdate: entry.lastUpdate.map { now.timeIntervalSince($0) }, stallSeconds: .infinity) : .neutral
        }),
    ]

    static let minimumNameWidth = 12
    private static let minimumHyperparameterWidth = 12

    static func render(_ rows: [RunEntry], view state: View, now: Date, into buffer: inout CellBuffer, rect: Rect) {
        guard rect.height >= 2, rect.width >= minimumNameWidth + 2 else { return }
        let theme = state.theme
        let (columns, nameWidth, hyperWidth) = fit(rows, width: rect.width)
        let keys = state.hyperparameterKeys
        let headerStyle = Style(foreground: theme[.title], bold: true)
        var x = rect.x + 2
        x = writeCell(sortedTitle("name", .name, state: state), width: nameWidth, right: false, x: x, y: rect.y, style: headerStyle, into: &buffer, rect: rect)
        for column in columns {
            x = writeCell(sortedTitle(column.title, column.sort, state: state), width: column.width, right: true, x: x + 1, y: rect.y, style: headerStyle, into: &buffer, rect: rect)
        }
        if hyperWidth > 0 { writeCell(sortedTitle("hyperparameters", .hyperparameters, state: state), width: hyperWidth, right: false, x: x + 2, y: rect.y, style: headerStyle, into: &buffer, rect: rect) }

        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        let selectedIndex = rows.firstIndex { $0.path == state.selected } ?? 0
        let first = firstVisibleRow(selected: selectedIndex, count: rows.count, visible: body.height)
        for (offset, entry) in rows.dropFirst(first).prefix(body.height).enumerated() {
            let y = body.y + offset
            let selected = first + offset == selectedIndex
            let base = selected ? Style(foreground: theme[.statusForeground], background: theme[.statusBackground], bold: true, reverse: state.monochrome)
                                : Style(foreground: theme[.foreground])
            if selected { buffer.fill(Rect(x: body.x, y: y, width: body.width, height: 1), with: Cell(" ", style: base)) }
            func styled(_ level: KPI.Level) -> Style {
                var style = base
                if level != .neutral { style.foreground = theme[level.role] }
                return style
            }
            if let mark = state.marked.firstIndex(of: entry.path) {
                var style = base
                style.foreground = theme[.run(mark)]
                buffer.set(rect.x, y, Cell(RunMarker.glyph(mark, ascii: state.ascii), style: style), clip: rect)
            }
            var x = writeCell(TerminalText.sanitize(entry.name), width: nameWidth, right: false, x: rect.x + 2, y: y, style: base, into: &buffer, rect: rect)
            for column in columns {
                x = writeCell(column.text(entry, now), width: column.width, right: true, x: x + 1, y: y, style: styled(column.level(entry, now)), into: &buffer, rect: rect)
            }
            if hyperWidth > 0 {
                if let problem = entry.recordProblem {
                    writeCell(TerminalText.sanitize(problem), width: hyperWidth, right: false, x: x + 2, y: y, style: styled(.warning), into: &buffer, rect: rect)
                } else {
                    writeCell(hyperparameterText(entry, keys: keys), width: hyperWidth, right: false, x: x + 2, y: y, style: styled(.neutral), into: &buffer, rect: rect)
                }
            }
        }
    }

    /// The row shown first so that the selected one is visible, kept near the middle.
    static func firstVisibleRow(selected: Int, count: Int, visible: Int) -> Int {
        guard count > visible, visible > 0 else { return 0 }
        return min(max(0, selected - visible / 2), count - visible)
    }

    /// The fixed columns that fit (in table order), the name's width and the room left for
    /// hyperparameters (0 when too little).
    private static func fit(_ rows: [RunEntry], width: Int) -> ([Column], Int, Int) {
        let longestName = rows.prefix(2_000).map(\.name.count).max() ?? minimumNameWidth
        var room = width - 2 - minimumNameWidth
        var kept = Set<Int>()
        let showsHost = rows.contains { $0.host != nil }
        for column in fixedColumns.sorted(by: { $0.priority < $1.priority }) where column.width + 1 <= room && (column.sort != .host || showsHost) {
            kept.insert(column.priority)
            room -= column.width + 1
        }
        let columns = fixedColumns.filter { kept.contains($0.priority) }
        // Names may take what the hyperparameters (when there are any) do not need.
        let hyperReserve = rows.contains { !$0.hyperparameters.isEmpty || $0.recordProblem != nil } ? 2 * minimumHyperparameterWidth + 2 : 0
        let nameWidth = minimumNameWidth + min(max(0, room - hyperReserve), max(0, min(longestName, 48) - minimumNameWidth))
        room -= nameWidth - minimumNameWidth
        let hyperWidth = room - 2 >= minimumHyperparameterWidth ? room - 2 : 0
        return (columns, nameWidth, hyperWidth)
    }

    private static func hyperparameterText(_ entry: RunEntry, keys: [String]) -> String {
        TerminalText.sanitize(keys.compactMap { key in entry.hyperparameters[key].map { "\(key)=\($0)" } }.joined(separator: " "))
    }

    private static func sortedTitle(_ title: String, _ column: SortColumn, state: View) -> String {
        guard state.sort == column else { return title }
        return title + (state.descending ? (state.ascii ? "v" : "▼") : (state.ascii ? "^" : "▲"))
    }

    @discardableResult
    private static func writeCell(_ text: String, width: Int, right: Bool, x: Int, y: Int, style: Style, into buffer: inout CellBuffer, rect: Rect) -> Int {
        buffer.write(TerminalText.fit(text, to: width, alignRight: right), x: x, y: y, style: style, clip: rect)
        return x + width
    }
}
