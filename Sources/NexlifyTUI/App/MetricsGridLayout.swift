/// Where the every-metric view puts its charts: a header line, then a grid of cells at least
/// `minimumCellWidth` × `minimumCellHeight`, as many as fit, filled row by row; a zoomed chart
/// takes the whole grid.
///
/// ```swift
/// let layout = MetricsGridLayout(rect: Rect(x: 0, y: 0, width: 200, height: 49), count: 200)
/// layout.perPage     // 5 columns × 4 rows = 20
/// layout.pages       // 10
/// ```
struct MetricsGridLayout: Equatable {
    static let minimumCellWidth = 36
    static let minimumCellHeight = 8

    let header: Rect
    let grid: Rect
    let columns: Int
    let rows: Int
    let count: Int

    init(rect: Rect, count: Int) {
        header = Rect(x: rect.x, y: rect.y, width: rect.width, height: min(1, rect.height))
        grid = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        columns = max(1, grid.width / Self.minimumCellWidth)
        rows = max(1, grid.height / Self.minimumCellHeight)
        self.count = count
    }

    var perPage: Int { columns * rows }
    var pages: Int { max(1, (count + perPage - 1) / perPage) }

    /// The cells of page `page`, for the metrics `first..<first + n` of the list.
    func cells(page: Int) -> [(index: Int, rect: Rect)] {
        let first = page * perPage
        return (0..<min(perPage, max(0, count - first))).map { offset in
            let column = offset % columns
            let row = offset / columns
            let x = grid.x + column * grid.width / columns
            let y = grid.y + row * grid.height / rows
            let nextX = grid.x + (column + 1) * grid.width / columns
            let nextY = grid.y + (row + 1) * grid.height / rows
            return (first + offset, Rect(x: x, y: y, width: nextX - x, height: nextY - y))
        }
    }
}
