import Testing
@testable import NexlifyTUI

@Suite struct DotCanvasTests {
    private func glyph(of canvas: DotCanvas, _ glyphs: DotCanvas.Glyphs = .braille) -> [String] {
        var buffer = CellBuffer(width: canvas.columns, height: canvas.rows, fill: Cell("·"))
        canvas.draw(into: &buffer, at: buffer.area, glyphs: glyphs)
        return buffer.lines
    }

    @Test(arguments: [
        (0, 0, "⠁"), (0, 1, "⠂"), (0, 2, "⠄"), (0, 3, "⡀"),
        (1, 0, "⠈"), (1, 1, "⠐"), (1, 2, "⠠"), (1, 3, "⢀"),
    ])
    func eachDotIsTheRightBrailleDot(x: Int, y: Int, expected: String) {
        var canvas = DotCanvas(columns: 1, rows: 1)
        canvas.set(x, y, style: .plain)
        #expect(glyph(of: canvas) == [expected])
    }

    @Test func allEightDotsMakeAFullCellAndNoneLeaveItAlone() {
        var canvas = DotCanvas(columns: 2, rows: 1)
        for x in 0..<2 { for y in 0..<4 { canvas.set(x, y, style: .plain) } }
        #expect(glyph(of: canvas) == ["⣿·"])
    }

    @Test func dotsOutsideAreIgnored() {
        var canvas = DotCanvas(columns: 1, rows: 1)
        canvas.set(-1, 0, style: .plain)
        canvas.set(2, 0, style: .plain)
        canvas.set(0, 4, style: .plain)
        canvas.line(from: (-50, -50), to: (-10, 90), style: .plain)
        #expect(glyph(of: canvas) == ["·"])
        var empty = DotCanvas(columns: 0, rows: 0)
        empty.set(0, 0, style: .plain)
        empty.line(from: (0, 0), to: (5, 5), style: .plain)
        #expect(glyph(of: empty).isEmpty)
    }

    @Test func aSteepLineHasNoGaps() {
        var canvas = DotCanvas(columns: 2, rows: 3)
        canvas.line(from: (0, 11), to: (3, 0), style: .plain)
        for y in 0..<12 {
            #expect((0..<4).contains { canvas.isSet($0, y) }, "row \(y) has no dot")
        }
        #expect(canvas.isSet(0, 11) && canvas.isSet(3, 0))
    }

    @Test func coarserGlyphsForFontsWithoutBraille() {
        var canvas = DotCanvas(columns: 3, rows: 1)
        canvas.set(0, 0, style: .plain)
        canvas.set(3, 3, style: .plain)
        canvas.set(4, 1, style: .plain)
        canvas.set(4, 2, style: .plain)
        #expect(glyph(of: canvas, .block) == ["▀▄█"])
        #expect(glyph(of: canvas, .ascii) == ["'.:"])
    }
}
