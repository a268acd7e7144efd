import Testing
@testable import NexlifyTUI

/// What `FrameEncoder` sends, played on a small terminal emulator: the screen it leaves is the
/// frame, cell for cell and style for style, after any sequence of frames; and it sends only
/// the style codes that change.
@Suite struct FrameEncoderTests {
    /// Enough of a VT terminal for what the encoder sends: CUP, CHA, VPA, CUU/CUD/CUF/CUB,
    /// backspace, SGR and characters.
    struct Emulator {
        struct Shown: Equatable {
            var character: Character = " "
            var codes = Attributes()
        }

        struct Attributes: Equatable {
            var bold = false, dim = false, reverse = false
            var foreground: String?
            var background: String?
        }

        let width: Int, height: Int
        var cells: [Shown]
        var x = 0, y = 0
        var current = Attributes()

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            cells = Array(repeating: Shown(), count: width * height)
        }

        mutating func play(_ bytes: [UInt8]) {
            let text = String(decoding: bytes, as: UTF8.self)
            var index = text.startIndex
            while index < text.endIndex {
                let character = text[index]
                if character == "\u{1B}" {
                    let open = text.index(after: index)
                    #expect(text[open] == "[")
                    var end = text.index(after: open)
                    while !text[end].isLetter { end = text.index(after: end) }
                    let parameters = text[text.index(after: open)..<end].split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                    control(text[end], parameters)
                    index = text.index(after: end)
                    continue
                }
                if character == "\u{8}" {
                    #expect(x > 0, "a backspace at the left margin")
                    x = max(0, x - 1)
                    index = text.index(after: index)
                    continue
                }
                #expect(x < width && y < height, "a character written off the screen")
                if x < width && y < height { cells[y * width + x] = Shown(character: character, codes: current) }
                x = min(x + 1, width - 1)
                index = text.index(after: index)
            }
        }

        private mutating func control(_ final: Character, _ parameters: [Int]) {
            switch final {
            case "H":
                y = parameters[0] - 1
                x = parameters[1] - 1
            case "G": x = parameters[0] - 1
            case "d": y = parameters[0] - 1
            case "A", "B", "C", "D":
                let count = max(1, parameters.first ?? 1)
                switch final {
                case "A": y -= count
                case "B": y += count
                case "C": x += count
                default: x -= count
                }
                #expect(x >= 0 && x < width && y >= 0 && y < height, "a relative move off the screen")
            case "K":
                for column in x..<width { cells[y * width + column] = Shown(character: " ", codes: current) }
            case "m":
                var list = parameters[...]
                while let code = list.popFirst() {
                    switch code {
                    case 0: current = Attributes()
                    case 1: current.bold = true
                    case 2: current.dim = true
                    case 7: current.reverse = true
                    case 22: current.bold = false; current.dim = false
                    case 27: current.reverse = false
                    case 39: current.foreground = nil
                    case 49: current.background = nil
                    case 30...37: current.foreground = "\(code)"
                    case 40...47: current.background = "\(code)"
                    case 38, 48:
                        let kind = list.popFirst()!
                        let value = kind == 5 ? "\(code);5;\(list.popFirst()!)" : "\(code);2;\(list.popFirst()!);\(list.popFirst()!);\(list.popFirst()!)"
                        if code == 38 { current.foreground = value } else { current.background = value }
                    default: Issue.record("unexpected SGR \(code)")
                    }
                }
            default: Issue.record("unexpected control \(final)")
            }
        }

        /// What the emulator should show for `frame` at `depth`.
        static func expected(_ frame: CellBuffer, depth: ColorDepth) -> [Shown] {
            (0..<frame.height).flatMap { row in
                (0..<frame.width).map { column in
                    let cell = frame[column, row]
                    let style = cell.style
                    return Shown(character: cell.character, codes: Attributes(
                        bold: style.bold, dim: style.dim, reverse: style.reverse,
                        foreground: style.foreground.flatMap { AnsiEncoder.color($0, depth: depth, background: false) },
                        background: style.background.flatMap { AnsiEncoder.color($0, depth: depth, background: true) }))
                }
            }
        }
    }

    private static let palette: [RGB?] = [nil, RGB(255, 0, 85), RGB(0, 255, 170), RGB(20, 20, 30), RGB(120, 120, 140)]
    private static let glyphs: [Character] = [" ", "a", "7", "─", "╮", "⣿", "⡀", "…", "ε"]

    private static func randomCell(_ random: inout SplitMix) -> Cell {
        Cell(glyphs[random.next(glyphs.count)], style: Style(foreground: palette[random.next(palette.count)],
                                                              background: palette[random.next(palette.count)],
                                                              bold: random.next(4) == 0, dim: random.next(8) == 0, reverse: random.next(8) == 0))
    }

    /// A small deterministic generator (the runs are reproducible from their seed).
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test(arguments: ColorDepth.allCases, [true, false])
    func theScreenItLeavesIsTheFrameAfterEverySequenceOfFrames(depth: ColorDepth, erasesInBackground: Bool) {
        for seed in 0..<60 {
            var random = SplitMix(state: UInt64(seed))
            let width = 1 + random.next(30), height = 1 + random.next(8)
            var encoder = FrameEncoder(depth: depth, erasesInBackground: erasesInBackground)
            var emulator = Emulator(width: width, height: height)
            var shown: CellBuffer?
            var frame = CellBuffer(width: width, height: height)
            for _ in 0..<6 {
                // Changes in clusters and strays: runs on a row, single cells, sometimes most of the screen.
                let touches = random.next(3) == 0 ? width * height : 1 + random.next(8)
                for _ in 0..<touches {
                    let x = random.next(width), y = random.next(height)
                    for offset in 0..<(1 + random.next(4)) where x + offset < width { frame[x + offset, y] = Self.randomCell(&random) }
                }
                // Rows that end in blanks, in one style or in a few.
                if random.next(2) == 0 {
                    let y = random.next(height), blank = Cell(" ", style: Style(background: Self.palette[random.next(Self.palette.count)]))
                    for x in random.next(width)..<width { frame[x, y] = random.next(6) == 0 ? Self.randomCell(&random) : blank }
                }
                emulator.play(encoder.encode(frame.changes(since: shown), of: frame))
                shown = frame
                let expected = Emulator.expected(frame, depth: depth)
                if depth == .monochrome {
                    #expect(emulator.cells.map(\.character) == expected.map(\.character), "seed \(seed)")
                } else {
                    #expect(emulator.cells == expected, "seed \(seed)")
                }
                if emulator.cells.map(\.character) != expected.map(\.character) { return }
            }
        }
    }

    @Test func aNewColourSendsOnlyTheForeground() {
        var frame = CellBuffer(width: 4, height: 1)
        let background = RGB(20, 20, 30)
        for x in 0..<4 { frame[x, 0] = Cell("a", style: Style(foreground: RGB(255, 0, 85), background: background)) }
        var encoder = FrameEncoder(depth: .palette256)
        _ = encoder.encode(frame.changes(since: nil), of: frame)
        var next = frame
        next[2, 0] = Cell("b", style: Style(foreground: RGB(0, 255, 170), background: background))
        let bytes = String(decoding: encoder.encode(next.changes(since: frame), of: next), as: UTF8.self)
        // A move (the cursor waited at the margin), the new foreground alone, the letter.
        #expect(bytes == "\u{1B}[1;3H\u{1B}[38;5;49mb", "\(bytes.debugDescription)")
    }

    @Test func aColumnOfDotsGoesDownByRelativeSteps() {
        var frame = CellBuffer(width: 200, height: 40)
        var encoder = FrameEncoder(depth: .monochrome)
        _ = encoder.encode(frame.changes(since: nil), of: frame)
        let before = frame
        for y in 20..<24 { frame[150, y] = Cell("⡇") }
        let bytes = String(decoding: encoder.encode(frame.changes(since: before), of: frame), as: UTF8.self)
        #expect(bytes == "\u{1B}[21;151H⡇\u{1B}[B\u{8}⡇\u{1B}[B\u{8}⡇\u{1B}[B\u{8}⡇", "\(bytes.debugDescription)")
    }

    @Test func twoChartsNewColumnsGoOutOneColourAtATime() {
        var frame = CellBuffer(width: 80, height: 6)
        var encoder = FrameEncoder(depth: .palette256)
        var emulator = Emulator(width: 80, height: 6)
        emulator.play(encoder.encode(frame.changes(since: nil), of: frame))
        let before = frame
        for y in 0..<3 {
            frame[10, y] = Cell("⡇", style: Style(foreground: RGB(255, 0, 85)))
            frame[50, y] = Cell("⣿", style: Style(foreground: RGB(0, 255, 170)))
        }
        let bytes = encoder.encode(frame.changes(since: before), of: frame)
        emulator.play(bytes)
        #expect(emulator.cells == Emulator.expected(frame, depth: .palette256))
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[1;11H\u{1B}[38;5;197m⡇\u{1B}[B\u{8}⡇\u{1B}[B\u{8}⡇\u{1B}[1;51H\u{1B}[38;5;49m⣿\u{1B}[B\u{8}⣿\u{1B}[B\u{8}⣿",
                "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
    }

    @Test func boldGoesOffWithoutSendingTheColoursAgain() {
        var frame = CellBuffer(width: 4, height: 1)
        let colours = (foreground: RGB(255, 0, 85), background: RGB(20, 20, 30))
        frame[0, 0] = Cell("1", style: Style(foreground: colours.foreground, background: colours.background, bold: true))
        frame[1, 0] = Cell("x", style: Style(foreground: colours.foreground, background: colours.background))
        frame[2, 0] = Cell("y", style: Style(foreground: colours.foreground, background: colours.background, dim: true, reverse: true))
        frame[3, 0] = Cell("z", style: Style(foreground: colours.foreground, background: colours.background, dim: true))
        var encoder = FrameEncoder(depth: .palette256)
        let bytes = String(decoding: encoder.encode(frame.changes(since: nil), of: frame), as: UTF8.self)
        #expect(bytes == "\u{1B}[1;1H\u{1B}[0;1;38;5;197;48;5;234m1\u{1B}[22mx\u{1B}[2;7my\u{1B}[27mz", "\(bytes.debugDescription)")
    }

    @Test func aShortGapIsWrittenOverInsteadOfJumped() {
        var frame = CellBuffer(width: 20, height: 1)
        var encoder = FrameEncoder(depth: .monochrome)
        _ = encoder.encode(frame.changes(since: nil), of: frame)
        let before = frame
        frame[10, 0] = Cell("x")
        frame[12, 0] = Cell("y")
        let bytes = String(decoding: encoder.encode(frame.changes(since: before), of: frame), as: UTF8.self)
        // The first frame erased the row from its start: one move along it, then the blank between rewritten.
        #expect(bytes == "\u{1B}[11Gx y", "\(bytes.debugDescription)")
    }

    @Test func blanksToTheEndOfARowAreOneErase() {
        var frame = CellBuffer(width: 40, height: 2)
        var encoder = FrameEncoder(depth: .palette256, erasesInBackground: false)
        frame.write("hello", x: 0, y: 0, style: .plain)
        let bytes = String(decoding: encoder.encode(frame.changes(since: nil), of: frame), as: UTF8.self)
        #expect(bytes == "\u{1B}[1;1H\u{1B}[0mhello\u{1B}[K\u{1B}[2;1H\u{1B}[K", "\(bytes.debugDescription)")
        // Blanks in a background colour are written where an erase would not paint it.
        let themed = CellBuffer(width: 6, height: 1, fill: Cell(" ", style: Style(background: RGB(20, 20, 30))))
        let written = String(decoding: encoder.encode(themed.changes(since: nil), of: themed), as: UTF8.self)
        #expect(!written.contains("\u{1B}[K") && written.hasSuffix("      "), "\(written.debugDescription)")
    }

    @Test func theLastCellIsLeftAloneWhereTheTerminalWouldScroll() {
        var frame = CellBuffer(width: 3, height: 2)
        for x in 0..<3 { for y in 0..<2 { frame[x, y] = Cell("z") } }
        var encoder = FrameEncoder(depth: .monochrome, writesLastCell: false)
        var emulator = Emulator(width: 3, height: 2)
        emulator.play(encoder.encode(frame.changes(since: nil), of: frame))
        #expect(emulator.cells.map(\.character) == ["z", "z", "z", "z", "z", " "])
    }
}
