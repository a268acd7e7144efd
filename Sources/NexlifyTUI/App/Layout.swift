/// Where everything goes for a terminal size: chosen again on every resize.
///
/// - wide (≥ 160 columns): KPI cards in a row above a grid of panels 4 wide (4×2 for eight);
/// - medium (80–159): KPI cards above a grid 2 wide (2×4 for eight);
///
/// The grid's rows follow from the number of panels; a last row with fewer panels shares its
/// width among them.
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

    /// `headerHeight` overrides the rows above the panels (the compare view's legend);
    /// `panelCount`: the panels to place (the rows of the panel table).
    init(width: Int, height: Int, zoomed: PanelKind?, scroll: Int, headerHeight: Int? = nil, panelCount: Int = PanelSpec.all.count) {
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
        let count = max(0, panelCount)
        switch mode {
        case .wide: place(count, in: charts, columns: 4)
        case .medium: place(count, in: charts, columns: 2)
        case .narrow: stack(count, in: charts, scroll: scroll)
        case .tooSmall: break
        }
    }

    private mutating func place(_ count: Int, in area: Rect, columns: Int) {
        let rows = (count + columns - 1) / columns
        for (row, band) in area.splitRows(rows).enumerated() {
            let inRow = min(columns, count - row * columns)
            for (column, cell) in band.splitColumns(inRow).enumerated() {
                panels[PanelKind(number: row * columns + column + 1)] = cell
            }
        }
    }

    private mutating func stack(_ count: Int, in area: Rect, scroll: Int) {
        let fitting = max(1, area.height / Self.narrowPanelHeight)
        let first = min(max(0, scroll), max(0, count - fitting))
        let visible = Array((1...max(1, count)).dropFirst(first).prefix(min(fitting, count)))
        let heights = area.splitRows(visible.count)
        for (number, rect) in zip(visible, heights) { panels[PanelKind(number: number)] = rect }
        hiddenAbove = first
        hiddenBelow = count - first - visible.count
    }
}
