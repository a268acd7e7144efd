import Foundation

/// The screen as a flat grid of cells. Widgets draw into it and cannot fail: anything outside
/// the buffer (or outside the clip rectangle given) is ignored. Tests read it back as text.
///
/// ```swift
/// var buffer = CellBuffer(width: 10, height: 2, fill: Cell("·"))
/// buffer.write("hello", x: 1, y: 0, style: .plain)
/// buffer.lines   // ["·hello····", "··········"]
/// ```
struct CellBuffer: Equatable, Sendable {
    /// The largest screen drawn; a larger window shows a message instead (curses and the cell
    /// buffers grow with the number of cells).
    static let maximumSize = (width: 1000, height: 500)

    let width: Int
    let height: Int
    private(set) var cells: [Cell]

    init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Sets one cell if it lies inside the buffer and `clip`. A style without a background keeps
    /// the background already there, so widgets draw over whatever filled the screen.
    @inline(__always)
    mutating func set(_ x: Int, _ y: Int, _ cell: Cell, clip: Rect? = nil) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        if let clip, x < clip.x || y < clip.y || x >= clip.maxX || y >= clip.maxY { return }
        let index = y * width + x
        var placed = cell
        if placed.style.background == nil { placed.style.background = cells[index].style.background }
        cells[index] = placed
    }

    /// Writes already-sanitised text from (x, y) rightwards, clipped; returns the column after it.
    @discardableResult
    mutating func write(_ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        var column = x
        for character in text {
            set(column, y, Cell(character, style: style), clip: clip)
            column += 1
        }
        return column
    }

    /// Fills a rectangle.
    mutating func fill(_ rect: Rect, with cell: Cell) {
        let visible = rect.intersection(area)
        guard !visible.isEmpty else { return }
        for row in visible.y..<visible.maxY {
            for column in visible.x..<visible.maxX { cells[row * width + column] = cell }
        }
    }

    /// Blanks a rectangle, keeping each cell's background.
    mutating func clear(_ rect: Rect) {
        let visible = rect.intersection(area)
        guard !visible.isEmpty else { return }
        for row in visible.y..<visible.maxY {
            for column in visible.x..<visible.maxX {
                let index = row * width + column
                cells[index] = Cell(scalar: " ", style: Style(background: cells[index].style.background))
            }
        }
    }

    /// The cells of a rectangle (the part inside the buffer), row by row.
    func cells(in rect: Rect) -> [Cell] {
        let visible = rect.intersection(area)
        guard !visible.isEmpty else { return [] }
        var region: [Cell] = []
        region.reserveCapacity(visible.width * visible.height)
        for row in visible.y..<visible.maxY { region.append(contentsOf: cells[row * width + visible.x..<row * width + visible.maxX]) }
        return region
    }

    /// Puts back cells taken by `cells(in:)` from the same rectangle of a buffer of this size.
    mutating func paste(_ region: [Cell], in rect: Rect) {
        let visible = rect.intersection(area)
        guard !visible.isEmpty, region.count == visible.width * visible.height else { return }
        for (index, row) in (visible.y..<visible.maxY).enumerated() {
            cells.replaceSubrange(row * width + visible.x..<row * width + visible.maxX,
                                  with: region[index * visible.width..<(index + 1) * visible.width])
        }
    }

    /// Changes the style of the cells in a rectangle, keeping their characters.
    mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let visible = rect.intersection(area)
        guard !visible.isEmpty else { return }
        for row in visible.y..<visible.maxY {
            for column in visible.x..<visible.maxX { change(&cells[row * width + column].style) }
        }
    }

    /// The characters, one string per row (styles left out).
    var lines: [String] {
        (0..<height).map { row in String(String.UnicodeScalarView(cells[row * width..<(row + 1) * width].map(\.scalar))) }
    }

    /// The cells that differ from `previous` (all of them when the sizes differ), row by row.
    func changes(since previous: CellBuffer?) -> [(x: Int, y: Int, cell: Cell)] {
        guard let previous, previous.width == width, previous.height == height else {
            return cells.indices.map { ($0 % max(width, 1), $0 / max(width, 1), cells[$0]) }
        }
        var result: [(x: Int, y: Int, cell: Cell)] = []
        guard !cells.isEmpty else { return result }
        cells.withUnsafeBufferPointer { now in
            previous.cells.withUnsafeBufferPointer { before in
                for row in 0..<height {
                    let start = row * width
                    // Most rows of a live frame are unchanged: equal bytes are equal cells (the
                    // other way round padding may differ, so those rows are compared cell by cell).
                    if memcmp(now.baseAddress! + start, before.baseAddress! + start, width * MemoryLayout<Cell>.stride) == 0 { continue }
                    for index in start..<(start + width) where now[index] != before[index] {
                        result.append((index - start, row, now[index]))
                    }
                }
            }
        }
        return result
    }
}
