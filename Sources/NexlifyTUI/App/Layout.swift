/// Where everything goes for a terminal size: chosen again on every resize.
///
/// - wide (≥ 160 columns): KPI cards in a row above a 4×2 grid of panels;
/// - medium (80–159): KPI cards above a 2×4 grid;
/// - narrow (40–79, a tmux side pane): two lines of compact KPIs above one column of panels,
///   scrolled with `j`/`k`;
/// - below 40×12: nothing but a message saying the size needed.
///
/// ```swift
/// let layout = Layout(width: 200, height: 50, zoomed: nil, scroll: 0)
/// layout.mode                  // .wide
/// layout.panels[.profit]       // Rect(x: 0, y: 4, width: 50, height: 22)
/// ```
struct Layout: Equatable {
    enum Mode: Equatable { case wide, medium, narrow, tooSmall }

    static let minimumWidth = 40
    static let minimumHeight = 12
    static let narrowPanelHeight = 9

    let mode: Mode
    var kpis = Rect(x: 0, y: 0, width: 0, height: 0)
    var panels: [PanelKind: Rect] = [:]
    var status = Rect(x: 0, y: 0, width: 0, height: 0)
    /// Panels left out of the narrow column above and below the visible ones.
    var hiddenAbove = 0
    var hiddenBelow = 0

    /// `headerHeight` overrides the rows above the panels (the compare view's legend).
    init(width: Int, height: Int, zoomed: PanelKind?, scroll: Int, headerHeight: Int? = nil) {
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            mode = .tooSmall
            return
        }
        mode = width >= 160 ? .wide : (width >= 80 ? .medium : .narrow)
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (body, status) = screen.splitBottom(1)
        self.status = status
        let kpiHeight = headerHeight.map { min($0, body.height / 3) } ?? (mode == .narrow ? 2 : (body.height >= 24 ? 4 : 1))
        let (kpis, charts) = body.splitTop(kpiHeight)
        self.kpis = kpis
        if let zoomed {
            panels[zoomed] = charts
            return
        }
        switch mode {
        case .wide: place(in: charts, columns: 4, rows: 2)
        case .medium: place(in: charts, columns: 2, rows: 4)
        case .narrow: stack(in: charts, scroll: scroll)
        case .tooSmall: break
        }
    }

    private mutating func place(in area: Rect, columns: Int, rows: Int) {
        for (row, band) in area.splitRows(rows).enumerated() {
            for (column, cell) in band.splitColumns(columns).enumerated() {
                guard let kind = PanelKind(rawValue: row * columns + column + 1) else { continue }
                panels[kind] = cell
            }
        }
    }

    private mutating func stack(in area: Rect, scroll: Int) {
        let fitting = max(1, area.height / Self.narrowPanelHeight)
        let first = min(max(0, scroll), max(0, PanelKind.allCases.count - fitting))
        let visible = PanelKind.allCases.dropFirst(first).prefix(fitting)
        let heights = area.splitRows(visible.count)
        for (kind, rect) in zip(visible, heights) { panels[kind] = rect }
        hiddenAbove = first
        hiddenBelow = PanelKind.allCases.count - first - visible.count
    }
}
