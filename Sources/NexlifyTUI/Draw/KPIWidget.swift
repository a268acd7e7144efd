/// Draws KPI cards: boxed cards in a row when there are at least four rows, otherwise compact
/// `Title value` entries on one or two lines. A title that does not fit gives way to its
/// designed short form (`Ep`, `Best`, `Avg50`, `ε`) before it is cut. Pure function of
/// (cards, rectangle, theme). A card's level colours its title and value; its border stays the
/// theme's border colour.
enum KPIWidget {
    static func render(_ cards: [KPI], into buffer: inout CellBuffer, rect: Rect, theme: Theme, ascii: Bool) {
        guard !rect.isEmpty, !cards.isEmpty else { return }
        if rect.height >= 4 {
            for (card, cell) in zip(cards, rect.splitColumns(cards.count)) { box(card, into: &buffer, rect: cell, theme: theme, ascii: ascii) }
        } else {
            compact(cards, into: &buffer, rect: rect, theme: theme, ascii: ascii)
        }
    }

    private static func box(_ card: KPI, into buffer: inout CellBuffer, rect: Rect, theme: Theme, ascii: Bool) {
        let color = theme[card.level.role]
        // The border keeps one colour: a level that changes with every noisy value recolours only
        // the title and the value (a few cells), not the whole box.
        PanelFrame.draw(into: &buffer, rect: rect, style: Style(foreground: theme[.border]), ascii: ascii)
        // The caption has the width less the corners, a space each side and the gaps: 7 cells.
        PanelFrame.caption(card.title(fitting: rect.width - 7, ascii: ascii), value: "", into: &buffer, rect: rect,
                           titleStyle: Style(foreground: card.level == .neutral ? theme[.muted] : color), valueStyle: .plain)
        let inner = rect.inset(by: 1)
        guard inner.height >= 1, inner.width >= 1 else { return }
        buffer.write(TerminalText.truncate(card.value, to: inner.width - 1), x: inner.x + 1, y: inner.y, style: Style(foreground: color, bold: true), clip: inner)
        if inner.height >= 2 {
            buffer.write(TerminalText.truncate(card.detail, to: inner.width - 1), x: inner.x + 1, y: inner.y + 1, style: Style(foreground: theme[.muted]), clip: inner)
        }
    }

    private static func compact(_ cards: [KPI], into buffer: inout CellBuffer, rect: Rect, theme: Theme, ascii: Bool) {
        let lines = rect.height
        let perLine = Int((Double(cards.count) / Double(lines)).rounded(.up))
        for (lineIndex, row) in rect.splitRows(lines).enumerated() {
            let slice = Array(cards.dropFirst(lineIndex * perLine).prefix(perLine))
            for (card, cell) in zip(slice, row.splitColumns(max(1, slice.count))) {
                // The value first: the title gets what is left (a space before it, one after).
                let room = max(0, cell.width - 3 - max(card.value.count, card.steadyValueWidth))
                let title = TerminalText.truncate(card.title(fitting: room, ascii: ascii), to: room)
                let end = buffer.write(title, x: cell.x + 1, y: cell.y, style: Style(foreground: theme[.muted]), clip: cell)
                buffer.write(TerminalText.truncate(card.value, to: max(0, cell.maxX - end - 1)), x: end + 1, y: cell.y,
                             style: Style(foreground: theme[card.level.role], bold: true), clip: cell)
            }
        }
    }
}
