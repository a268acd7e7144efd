/// The `?` overlay: a box in the middle of the screen listing every key of the screen shown.
///
/// ```swift
/// HelpOverlay.render(AppUpdate.helpLines, detail: "smoothing 10", into: &buffer, area: buffer.area, theme: theme, ascii: false)
/// ```
enum HelpOverlay {
    static func render(_ lines: [(keys: String, action: String)], detail: String, into buffer: inout CellBuffer, area: Rect, theme: Theme, ascii: Bool) {
        let keyWidth = lines.map(\.keys.count).max() ?? 0
        let textWidth = lines.map { keyWidth + 3 + $0.action.count }.max() ?? 0
        let width = min(area.width, textWidth + 4)
        let height = min(area.height, lines.count + 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        let background = Style(foreground: theme[.foreground], background: theme[.background])
        buffer.fill(box, with: Cell(" ", style: background))
        PanelFrame.draw(into: &buffer, rect: box, style: Style(foreground: theme[.title], background: theme[.background]), ascii: ascii)
        PanelFrame.caption("Keys", value: detail, into: &buffer, rect: box,
                           titleStyle: Style(foreground: theme[.title], background: theme[.background], bold: true),
                           valueStyle: Style(foreground: theme[.muted], background: theme[.background]))
        let inner = box.inset(by: 1)
        for (index, line) in lines.enumerated() where index + 1 < inner.height {
            let y = inner.y + 1 + index
            let keys = line.keys.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
            let end = buffer.write(keys, x: inner.x + 1, y: y, style: Style(foreground: theme[.profit], background: theme[.background], bold: true), clip: inner)
            buffer.write("  " + line.action, x: end, y: y, style: background, clip: inner)
        }
    }
}

import Foundation
