/// A canvas of dots over a rectangle of cells: each cell holds a 2×4 grid of dots, as Unicode
/// braille (U+2800–U+28FF) draws them. Lines are joined with Bresenham's algorithm so steep
/// slopes have no gaps. The canvas is drawn as braille, or coarser where fonts or locales lack
/// braille: half blocks (`▀ ▄ █`) or plain ASCII (`' . :`).
///
/// ```swift
/// var canvas = DotCanvas(columns: 10, rows: 2)
/// canvas.line(from: (0, 7), to: (19, 0), style: .plain)
/// canvas.draw(into: &buffer, at: Rect(x: 0, y: 0, width: 10, height: 2), glyphs: .braille)
/// ```
struct DotCanvas {
    /// How dots become characters.
    enum Glyphs: String, Sendable, CaseIterable {
        case braille, block, ascii
    }

    let columns: Int
    let rows: Int
    private var masks: [UInt8]
    private var styles: [Style?]

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        masks = Array(repeating: 0, count: self.columns * self.rows)
        styles = Array(repeating: nil, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    /// The 256 braille characters, indexed by dot mask.
    static let brailleGlyphs: [Unicode.Scalar] = (0..<256).map { Unicode.Scalar(0x2800 + UInt32($0))! }

    /// Sets the dot at (x, y), with y = 0 at the top; dots outside are ignored. The cell takes
    /// the style of the last dot set in it.
    @inline(__always)
    mutating func set(_ x: Int, _ y: Int, style: Style) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let index = (y >> 2) * columns + x >> 1
        masks[index] |= Self.bit(x, y)
        styles[index] = style
    }

    /// Unicode's braille bit for the dot at (x & 1, y & 3) inside a cell: dots 1–3 and 4–6 run
    /// down the two columns (0x01 0x02 0x04 and 0x08 0x10 0x20), dots 7 and 8 are the bottom
    /// row (0x40, 0x80). Packed in a word per column: this runs for every dot of every frame.
    @inline(__always)
    private static func bit(_ x: Int, _ y: Int) -> UInt8 {
        let column: UInt32 = x & 1 == 0 ? 0x4004_0201 : 0x8020_1008
        return UInt8(truncatingIfNeeded: column >> UInt32((y & 3) * 8))
    }

    /// Whether the dot at (x, y) is set.
    func isSet(_ x: Int, _ y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return masks[(y >> 2) * columns + x >> 1] & Self.bit(x, y) != 0
    }

    /// A straight line of dots between two points, both ends included.
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), style: Style) {
        var x = start.x
        var y = start.y
        let dx = abs(end.x - x)
        let dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1
        let stepY = y < end.y ? 1 : -1
        var error = dx + dy
        // Bounded by the canvas: a line far outside it costs no more than one across it.
        var remaining = dx + abs(dy) + 1
        while remaining > 0 {
            set(x, y, style: style)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
            remaining -= 1
        }
    }

    /// A vertical run of dots in column x from y0 to y1 (either order).
    mutating func vertical(x: Int, from y0: Int, to y1: Int, style: Style) {
        let top = max(0, min(y0, y1))
        let bottom = min(dotHeight - 1, max(y0, y1))
        guard top <= bottom, x >= 0, x < dotWidth else { return }
        // A cell at a time: the dots of the run that fall in it, set together.
        var y = top
        while y <= bottom {
            let last = min(bottom, y | 3)
            var mask: UInt8 = 0
            for dot in y...last { mask |= Self.bit(x, dot) }
            let index = (y >> 2) * columns + x >> 1
            masks[index] |= mask
            styles[index] = style
            y = last + 1
        }
    }

    /// Draws every cell that has a dot into `buffer` at `rect` (cells without dots are left as they are).
    func draw(into buffer: inout CellBuffer, at rect: Rect, glyphs: Glyphs) {
        for row in 0..<min(rows, rect.height) {
            for column in 0..<min(columns, rect.width) {
                let index = row * columns + column
                let mask = masks[index]
                guard mask != 0, let style = styles[index] else { continue }
                buffer.set(rect.x + column, rect.y + row, Cell(scalar: Self.glyph(for: mask, glyphs), style: style), clip: rect)
            }
        }
    }

    static func glyph(for mask: UInt8, _ glyphs: Glyphs) -> Unicode.Scalar {
        switch glyphs {
        case .braille:
            return brailleGlyphs[Int(mask)]
        case .block, .ascii:
            let top = mask & (0x01 | 0x02 | 0x08 | 0x10) != 0
            let bottom = mask & (0x04 | 0x40 | 0x20 | 0x80) != 0
            if glyphs == .block { return top && bottom ? "█" : (top ? "▀" : "▄") }
            return top && bottom ? ":" : (top ? "'" : ".")
        }
    }
}
