import Testing
@testable import NexlifyTUI

@Suite struct CellBufferTests {
    private let marker = Cell("·")

    @Test func writesAreClippedToTheBufferAndTheClipRectangle() {
        var buffer = CellBuffer(width: 6, height: 2, fill: marker)
        buffer.write("hello world", x: 2, y: 0, style: .plain)
        buffer.write("ab", x: -1, y: 1, style: .plain)
        buffer.write("zz", x: 0, y: 5, style: .plain)
        #expect(buffer.lines == ["··hell", "b·····"])
        var clipped = CellBuffer(width: 6, height: 2, fill: marker)
        clipped.write("abcdef", x: 0, y: 1, style: .plain, clip: Rect(x: 1, y: 1, width: 3, height: 1))
        #expect(clipped.lines == ["······", "·bcd··"])
    }

    @Test func emptyAndTinyBuffersNeverFail() {
        var empty = CellBuffer(width: 0, height: 0)
        empty.write("x", x: 0, y: 0, style: .plain)
        empty.fill(Rect(x: 0, y: 0, width: 5, height: 5), with: marker)
        #expect(empty.lines.isEmpty)
        var one = CellBuffer(width: 1, height: 1, fill: marker)
        one.write("xy", x: 0, y: 0, style: .plain)
        #expect(one.lines == ["x"])
    }

    @Test func stylesWithoutBackgroundKeepTheOneBelow() {
        let red = RGB(255, 0, 0)
        var buffer = CellBuffer(width: 2, height: 1, fill: Cell(" ", style: Style(background: red)))
        buffer.write("a", x: 0, y: 0, style: Style(foreground: RGB(0, 0, 255)))
        #expect(buffer[0, 0].style == Style(foreground: RGB(0, 0, 255), background: red))
    }

    @Test func changesListOnlyWhatDiffers() {
        let before = CellBuffer(width: 4, height: 2, fill: marker)
        var after = before
        after.write("x", x: 3, y: 1, style: .plain)
        let changes = after.changes(since: before)
        #expect(changes.count == 1)
        #expect(changes[0].x == 3 && changes[0].y == 1 && changes[0].cell.character == "x")
        #expect(after.changes(since: after).isEmpty)
        #expect(after.changes(since: nil).count == 8)
        #expect(after.changes(since: CellBuffer(width: 2, height: 2)).count == 8)
    }

    @Test func logTextIsSanitisedBeforeItIsDrawn() {
        #expect(TerminalText.sanitize("loss\u{1B}[2J\u{7}\u{9B}31m") == "loss[2J31m")
        #expect(TerminalText.sanitize("run\u{1B}]0;PWNED\u{7}") == "run]0;PWNED")
        #expect(TerminalText.sanitize("e\u{301}pisode 利") == "episode ?")
        #expect(TerminalText.sanitize("tab\there\nnew") == "tabherenew")
        #expect(TerminalText.truncate("abcdef", to: 4) == "abc…")
        #expect(TerminalText.truncate("ab", to: 4) == "ab")
        #expect(TerminalText.truncate("ab", to: 0) == "")
        #expect(TerminalText.truncateLeading("training_logs/dqn", to: 8) == "…ogs/dqn")
    }

    @Test func rectanglesSplitWithoutGapsOrOverlap() {
        let area = Rect(x: 3, y: 2, width: 11, height: 7)
        let columns = area.splitColumns(3)
        #expect(columns.map(\.width) == [4, 4, 3])
        #expect(columns.map(\.x) == [3, 7, 11])
        let rows = area.splitRows(2)
        #expect(rows.map(\.height) == [4, 3])
        #expect(area.splitTop(10).rest.isEmpty)
        #expect(area.inset(by: 4).isEmpty)
        #expect(area.intersection(Rect(x: 0, y: 0, width: 5, height: 5)) == Rect(x: 3, y: 2, width: 2, height: 3))
    }
}
