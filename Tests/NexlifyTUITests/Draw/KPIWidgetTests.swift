import Testing
@testable import NexlifyTUI

/// A boxed card shows its level in its title and value; its border keeps the theme's border
/// colour, so a level that changes with each new value repaints a few cells, not the box.
@Suite struct KPIWidgetTests {
    private let theme = Theme.cyberpunk
    private let rect = Rect(x: 0, y: 0, width: 20, height: 4)

    private func drawn(_ level: KPI.Level) -> CellBuffer {
        var buffer = CellBuffer(width: rect.width, height: rect.height)
        KPIWidget.render([KPI(title: "Profit", value: "1.2k", detail: "best 2k", level: level, shortTitles: ["P&L"])],
                         into: &buffer, rect: rect, theme: theme, ascii: false)
        return buffer
    }

    @Test(arguments: [KPI.Level.good, .warning, .critical, .neutral])
    func theBorderKeepsTheBorderColourAtEveryLevel(level: KPI.Level) {
        let buffer = drawn(level)
        let border = [buffer[0, 0], buffer[19, 0], buffer[0, 1], buffer[19, 2], buffer[0, 3], buffer[10, 3]]
        #expect(border.allSatisfy { $0.style.foreground == theme[.border] })
        let title = buffer.lines[0].firstRange(of: "Profit")!
        let titleCell = buffer[buffer.lines[0].distance(from: buffer.lines[0].startIndex, to: title.lowerBound), 0]
        #expect(titleCell.style.foreground == (level == .neutral ? theme[.muted] : theme[level.role]))
        #expect(buffer[2, 1].style.foreground == theme[level.role], "the value: \(buffer.lines[1])")
    }

    @Test func aChangeOfLevelRepaintsOnlyTheTitleAndTheValue() {
        let good = drawn(.good), critical = drawn(.critical)
        var changed: [(x: Int, y: Int)] = []
        for y in 0..<rect.height { for x in 0..<rect.width where good[x, y] != critical[x, y] { changed.append((x, y)) } }
        // The caption " Profit " (the title with its spaces) on the top edge, and "1.2k".
        #expect(changed.count == " Profit ".count + "1.2k".count)
        #expect(changed.allSatisfy { ($0.y == 0 && $0.x > 0 && $0.x < 19) || ($0.y == 1 && $0.x > 0 && $0.x < 19) })
    }
}
