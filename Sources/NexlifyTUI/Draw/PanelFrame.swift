/// The rounded box around a panel or card, with a caption set into its top border:
/// `╭─ Title ──── value ─╮`. In ASCII mode the box is `+`, `-` and `|`.
enum PanelFrame {
    static func draw(into buffer: inout CellBuffer, rect: Rect, style: Style, ascii: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (horizontal, vertical) = ascii ? (Character("-"), Character("|")) : (Character("─"), Character("│"))
        let corners: [Character] = ascii ? ["+", "+"] : ["╰", "╯"]
        drawTop(into: &buffer, rect: rect, style: style, ascii: ascii)
        for x in rect.x + 1..<rect.maxX - 1 { buffer.set(x, rect.maxY - 1, Cell(horizontal, style: style)) }
        for y in rect.y + 1..<rect.maxY - 1 {
            buffer.set(rect.x, y, Cell(vertical, style: style))
            buffer.set(rect.maxX - 1, y, Cell(vertical, style: style))
        }
        buffer.set(rect.x, rect.maxY - 1, Cell(corners[0], style: style))
        buffer.set(rect.maxX - 1, rect.maxY - 1, Cell(corners[1], style: style))
    }

    /// The top border alone (where the caption goes), as `draw` draws it.
    static func drawTop(into buffer: inout CellBuffer, rect: Rect, style: Style, ascii: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal: Character = ascii ? "-" : "─"
        for x in rect.x + 1..<rect.maxX - 1 { buffer.set(x, rect.y, Cell(horizontal, style: style)) }
        buffer.set(rect.x, rect.y, Cell(ascii ? "+" : "╭", style: style))
        buffer.set(rect.maxX - 1, rect.y, Cell(ascii ? "+" : "╮", style: style))
    }

    /// Writes ` title ` at the left of the top border and ` value ` at its right, the title
    /// shortened first when both do not fit.
    /// `source`, when given, follows the title after ` · `; where the whole does not fit, the
    /// source keeps its last `/` part (`…/ep_rew_mean`) before anything is cut.
    static func caption(_ title: String, source: String? = nil, value: String, into buffer: inout CellBuffer, rect: Rect, titleStyle: Style,
                        valueStyle: Style) {
        let room = rect.width - 4
        guard room > 2 else { return }
        let valueText = value.isEmpty ? "" : " " + TerminalText.truncate(value, to: max(0, room - 4)) + " "
        let titleRoom = room - valueText.count - 1
        var whole = title
        if let source {
            whole += " · " + source
            if whole.count > titleRoom - 2, let slash = source.lastIndex(of: "/") { whole = title + " · …" + source[slash...] }
        }
        let titleText = titleRoom > 2 ? " " + TerminalText.truncate(whole, to: titleRoom - 2) + " " : ""
        let clip = Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1)
        buffer.write(titleText, x: rect.x + 2, y: rect.y, style: titleStyle, clip: clip)
        buffer.write(valueText, x: rect.maxX - 2 - valueText.count, y: rect.y, style: valueStyle, clip: clip)
    }
}
