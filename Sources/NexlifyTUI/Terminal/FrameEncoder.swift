/// Turns a frame's changed cells into the bytes that draw them, as few as it can: the cursor
/// moves only to a cell that is not next (by the shortest of `CUP`, `CHA`, `VPA`, a relative
/// step — `CUU`/`CUD` with backspaces, `CUB`/`CUF` or `CHA` — or by writing the one to three
/// unchanged cells in between when that is shorter), blanks to the end
/// of a row are one erase (`EL`), and a style change sends only what changed — a new foreground is `ESC[38;5;Nm`, not the foreground and
/// background pair curses sends; bold goes off with `ESC[22m`, not a reset and every colour again. The whole frame goes out in one write. It remembers the
/// cursor and the style between frames; `reset()` forgets both (after anything else wrote to
/// the screen).
///
/// ```swift
/// var encoder = FrameEncoder(depth: .palette256)
/// let bytes = encoder.encode(frame.changes(since: shown), of: frame)   // "\u{1B}[1;1H\u{1B}[0;38;5;51m╭─…"
/// ```
struct FrameEncoder {
    let depth: ColorDepth
    /// Whether the cell in the bottom-right corner may be written (terminals whose cursor waits
    /// at the margin instead of scrolling, terminfo's `xenl`: xterm, tmux, VTE, kitty…).
    let writesLastCell: Bool
    /// Whether erasing paints the current background (terminfo's `bce`); without it a row's
    /// trailing blanks in a theme's background are written, not erased.
    let erasesInBackground: Bool
    private var cursor: (x: Int, y: Int)?
    private var style: Style?
    private var colorCodes: [RGB: (foreground: String, background: String)] = [:]

    init(depth: ColorDepth, writesLastCell: Bool = true, erasesInBackground: Bool = true) {
        self.depth = depth
        self.writesLastCell = writesLastCell
        self.erasesInBackground = erasesInBackground
    }

    /// Forgets where the cursor is and which style is set.
    mutating func reset() {
        cursor = nil
        style = nil
    }

    /// The bytes that turn the screen as it was into `frame`, given the cells that changed
    /// (row by row, as `CellBuffer.changes(since:)` lists them). A frame of a few changes is
    /// also tried in another order, style by style (each style's cells row by row): a chart's
    /// new column beside another's sends one colour each, not two colours a row; the
    /// shorter of the two goes out.
    mutating func encode(_ changes: [(x: Int, y: Int, cell: Cell)], of frame: CellBuffer) -> [UInt8] {
        let writes = writes(changes, width: frame.width)
        var rowByRow = self
        let inRows = rowByRow.emit(writes, of: frame)
        guard writes.count > 1, writes.count <= Self.mostWritesReordered else {
            self = rowByRow
            return inRows
        }
        var styleByStyle = self
        let inStyles = styleByStyle.emit(Self.groupedByStyle(writes), of: frame)
        self = inStyles.count < inRows.count ? styleByStyle : rowByRow
        return inStyles.count < inRows.count ? inStyles : inRows
    }

    /// Frames with more writes than this (a screen drawn whole) go out row by row only.
    static let mostWritesReordered = 2048

    /// One thing to send: a cell, or the blanks from `x` to the end of row `y` in `style` (one erase).
    private struct Write {
        var x: Int
        var y: Int
        var cell: Cell
        var erases: Bool
    }

    /// The changes as writes, row by row; a row's trailing blanks are one erase.
    private func writes(_ changes: [(x: Int, y: Int, cell: Cell)], width: Int) -> [Write] {
        var writes: [Write] = []
        writes.reserveCapacity(changes.count)
        var rowStart = 0
        while rowStart < changes.count {
            let y = changes[rowStart].y
            var rowEnd = rowStart
            while rowEnd < changes.count && changes[rowEnd].y == y { rowEnd += 1 }
            let eraseFrom = trailingBlanks(changes[rowStart..<rowEnd], width: width)
            for change in changes[rowStart..<eraseFrom] { writes.append(Write(x: change.x, y: change.y, cell: change.cell, erases: false)) }
            if eraseFrom < rowEnd { writes.append(Write(x: changes[eraseFrom].x, y: y, cell: changes[eraseFrom].cell, erases: true)) }
            rowStart = rowEnd
        }
        return writes
    }

    /// The writes style by style (in the order each style first appears), each style's row by row.
    private static func groupedByStyle(_ writes: [Write]) -> [Write] {
        var groups: [Style: Int] = [:]
        var keys: [Int] = []
        keys.reserveCapacity(writes.count)
        for write in writes {
            let group = groups[write.cell.style] ?? groups.count
            groups[write.cell.style] = group
            keys.append(group)
        }
        return writes.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }.map { writes[$0] }
    }

    private mutating func emit(_ writes: [Write], of frame: CellBuffer) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(writes.count * 8 + 16)
        for write in writes {
            guard write.x >= 0, write.y >= 0, write.x < frame.width, write.y < frame.height else { continue }
            if write.erases {
                // Blanks to the end of the row: one erase (EL), in their colour.
                move(to: write.x, write.y, in: frame, into: &output)
                setStyle(write.cell.style, into: &output)
                output.append(contentsOf: "\u{1B}[K".utf8)
                continue
            }
            if !writesLastCell && write.x == frame.width - 1 && write.y == frame.height - 1 { continue }
            move(to: write.x, write.y, in: frame, into: &output)
            put(write.cell, width: frame.width, into: &output)
        }
        return output
    }

    /// Where a row's changes end in a run of at least four blanks reaching the right margin in
    /// one style that an erase paints (no attributes; a background only where the terminal
    /// erases in it, terminfo's `bce`), or the end of the row's changes.
    private func trailingBlanks(_ row: ArraySlice<(x: Int, y: Int, cell: Cell)>, width: Int) -> Int {
        guard let last = row.last, last.x == width - 1, last.cell.scalar == " " else { return row.endIndex }
        let style = last.cell.style
        guard !style.bold, !style.dim, !style.reverse, style.background == nil || erasesInBackground else { return row.endIndex }
        var start = row.endIndex - 1
        while start > row.startIndex, row[start - 1].x == row[start].x - 1, row[start - 1].cell == last.cell { start -= 1 }
        return row.endIndex - start >= 4 ? start : row.endIndex
    }

    private mutating func put(_ cell: Cell, width: Int, into output: inout [UInt8]) {
        setStyle(cell.style, into: &output)
        UTF8.encode(cell.scalar) { output.append($0) }
        guard let (x, y) = cursor else { return }
        // At the right margin the cursor waits for the next character: where it is then
        // depends on the terminal, so the next cell is addressed.
        cursor = x + 1 < width ? (x + 1, y) : nil
    }

    private mutating func move(to x: Int, _ y: Int, in frame: CellBuffer, into output: inout [UInt8]) {
        if let cursor, cursor.x == x, cursor.y == y { return }
        var best = Self.sequence(row: y, column: x)
        if let cursor {
            // Relative moves: a vertical step (CUU/CUD) then the shortest horizontal one
            // (backspaces, CUB/CUF, or CHA); down a column of dots is `ESC[B` and a backspace, not a CUP.
            let vertical = Self.step(y - cursor.y, back: "A", forth: "B")
            var horizontal = x == cursor.x ? "" : Self.shorter("\u{1B}[\(x + 1)G", Self.step(x - cursor.x, back: "D", forth: "C"))
            if x < cursor.x, cursor.x - x <= 3 { horizontal = Self.shorter(horizontal, String(repeating: "\u{8}", count: cursor.x - x)) }
            best = Self.shorter(best, vertical + horizontal)
            if cursor.x == x { best = Self.shorter(best, "\u{1B}[\(y + 1)d") }
            // A short gap on the same row in the current style: write what is there instead.
            if cursor.y == y, x > cursor.x, x - cursor.x <= 3 {
                let gap = (cursor.x..<x).map { frame[$0, y] }
                if gap.allSatisfy({ $0.style == style }) {
                    let text = String(gap.map(\.character))
                    best = Self.shorter(best, text)
                }
            }
        }
        output.append(contentsOf: best.utf8)
        cursor = (x, y)
    }

    private static func sequence(row: Int, column: Int) -> String { "\u{1B}[\(row + 1);\(column + 1)H" }

    /// A relative move by `distance` cells (`ESC[B`, `ESC[3A`…), empty for none.
    private static func step(_ distance: Int, back: String, forth: String) -> String {
        if distance == 0 { return "" }
        let count = abs(distance)
        return "\u{1B}[" + (count == 1 ? "" : String(count)) + (distance < 0 ? back : forth)
    }

    private static func shorter(_ first: String, _ second: String) -> String {
        second.utf8.count < first.utf8.count ? second : first
    }

    private mutating func setStyle(_ target: Style, into output: inout [UInt8]) {
        if let current = style, current == target { return }
        var codes: [String] = []
        // An unknown state is reset; an attribute is taken off by its own code (22 takes bold
        // and dim off together: the one kept is set again), so the colours need not be sent again.
        var before = style ?? Style()
        if style == nil { codes.append("0") }
        if (before.bold && !target.bold) || (before.dim && !target.dim) {
            codes.append("22")
            before.bold = false
            before.dim = false
        }
        if before.reverse && !target.reverse {
            codes.append("27")
            before.reverse = false
        }
        if target.bold && !before.bold { codes.append("1") }
        if target.dim && !before.dim { codes.append("2") }
        if target.reverse && !before.reverse { codes.append("7") }
        if depth != .monochrome {
            if target.foreground != before.foreground {
                codes.append(target.foreground.map { colorCode($0).foreground } ?? "39")
            }
            if target.background != before.background {
                codes.append(target.background.map { colorCode($0).background } ?? "49")
            }
        }
        style = target
        guard !codes.isEmpty else { return }
        output.append(contentsOf: ("\u{1B}[" + codes.joined(separator: ";") + "m").utf8)
    }

    private mutating func colorCode(_ rgb: RGB) -> (foreground: String, background: String) {
        if let known = colorCodes[rgb] { return known }
        let codes = (AnsiEncoder.color(rgb, depth: depth, background: false) ?? "39", AnsiEncoder.color(rgb, depth: depth, background: true) ?? "49")
        colorCodes[rgb] = codes
        return codes
    }
}
