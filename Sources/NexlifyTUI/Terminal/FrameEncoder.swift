/// Turns a frame's changed cells into the bytes that draw them, as few as it can: the cursor
/// moves only to a cell that is not next (by the shortest of `CUP`, `CHA` and `VPA`, or by
/// writing the one to three unchanged cells in between when that is shorter), blanks to the end
/// of a row are one erase (`EL`), and a style change sends only what changed — a new foreground is `ESC[38;5;Nm`, not the foreground and
/// background pair curses sends. The whole frame goes out in one write. It remembers the
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
    /// (row by row, as `CellBuffer.changes(since:)` lists them).
    mutating func encode(_ changes: [(x: Int, y: Int, cell: Cell)], of frame: CellBuffer) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(changes.count * 8 + 16)
        var rowStart = 0
        while rowStart < changes.count {
            let y = changes[rowStart].y
            var rowEnd = rowStart
            while rowEnd < changes.count && changes[rowEnd].y == y { rowEnd += 1 }
            let eraseFrom = trailingBlanks(changes[rowStart..<rowEnd], width: frame.width)
            for change in changes[rowStart..<eraseFrom] {
                guard change.x >= 0, change.y >= 0, change.x < frame.width, change.y < frame.height else { continue }
                if !writesLastCell && change.x == frame.width - 1 && change.y == frame.height - 1 { continue }
                move(to: change.x, change.y, in: frame, into: &output)
                put(change.cell, width: frame.width, into: &output)
            }
            if eraseFrom < rowEnd, y >= 0, y < frame.height {
                // Blanks to the end of the row: one erase (EL), in their colour.
                move(to: changes[eraseFrom].x, y, in: frame, into: &output)
                setStyle(changes[eraseFrom].cell.style, into: &output)
                output.append(contentsOf: "\u{1B}[K".utf8)
            }
            rowStart = rowEnd
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
            if cursor.y == y { best = Self.shorter(best, "\u{1B}[\(x + 1)G") }
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

    private static func shorter(_ first: String, _ second: String) -> String {
        second.utf8.count < first.utf8.count ? second : first
    }

    private mutating func setStyle(_ target: Style, into output: inout [UInt8]) {
        if let current = style, current == target { return }
        var codes: [String] = []
        let current = style
        // Turning an attribute off is a reset (22 would take bold and dim off together).
        let reset = current.map { ($0.bold && !target.bold) || ($0.dim && !target.dim) || ($0.reverse && !target.reverse) } ?? true
        if reset { codes.append("0") }
        let before = reset ? Style() : current!
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
