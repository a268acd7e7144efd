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

    /// A compact card whose value swings in length frame to frame (a live Sharpe: `1.64`, then
    /// `-0.747`) keeps its label in one form: the label is not redrawn with every value.
    @Test func aSwingingValueKeepsItsCompactLabelInOneForm() {
        func line(_ value: String, steady: Int) -> String {
            var buffer = CellBuffer(width: 13, height: 1)
            KPIWidget.render([KPI(title: "Sharpe", value: value, detail: "", level: .good, shortTitles: ["Shp"], steadyValueWidth: steady)],
                             into: &buffer, rect: Rect(x: 0, y: 0, width: 13, height: 1), theme: theme, ascii: false)
            return buffer.lines[0]
        }
        #expect(line("1.64", steady: 0).hasPrefix(" Sharpe 1.64") && line("-0.747", steady: 0).hasPrefix(" Shp -0.747"), "without: the form follows the value")
        let steady = ["1.64", "-0.747", "0.9", "-12.3k"].map { line($0, steady: KPI.swingingValueWidth) }
        #expect(steady.allSatisfy { $0.hasPrefix(" Shp ") }, "\(steady)")
    }
}
