/// The alert strip above the status line (the latest alert, coloured by level, with how many
/// there were) and the `a` overlay listing every alert of the session, newest first, each
/// message wrapped to the box's width (its lines after the first under the message, not the time).
enum AlertStrip {
    static func role(_ level: AlertLine.Level) -> Theme.Role {
        switch level {
        case .info, .resolved: return .good
        case .warning: return .warning
        case .critical: return .critical
        }
    }

    static func render(_ alerts: [AlertLine], into buffer: inout CellBuffer, rect: Rect, theme: Theme) {
        guard let latest = alerts.last, !rect.isEmpty else { return }
        buffer.fill(rect, with: Cell(" ", style: Style(background: theme[.background])))
        let count = alerts.count > 1 ? "  (\(alerts.count) alerts · a: all)" : "  (a: all)"
        let text = TerminalText.truncate("\(latest.time) \(latest.text)", to: max(0, rect.width - count.count - 1))
        let end = buffer.write(text, x: rect.x + 1, y: rect.y, style: Style(foreground: theme[role(latest.level)], bold: latest.level == .critical), clip: rect)
        buffer.write(count, x: end, y: rect.y, style: Style(foreground: theme[.muted]), clip: rect)
    }

    static func overlay(_ alerts: [AlertLine], into buffer: inout CellBuffer, area: Rect, theme: Theme, ascii: Bool) {
        let box = area.inset(by: 2)
        guard box.width >= 10, box.height >= 3 else { return }
        buffer.fill(box, with: Cell(" ", style: Style(foreground: theme[.foreground], background: theme[.background])))
        PanelFrame.draw(into: &buffer, rect: box, style: Style(foreground: theme[.title]), ascii: ascii)
        PanelFrame.caption("Alerts", value: "\(alerts.count) · Esc closes", into: &buffer, rect: box,
                           titleStyle: Style(foreground: theme[.title], bold: true), valueStyle: Style(foreground: theme[.muted]))
        let inner = box.inset(by: 1)
        if alerts.isEmpty {
            buffer.write("no alerts yet", x: inner.x + 1, y: inner.y, style: Style(foreground: theme[.muted]), clip: inner)
        }
        var row = 0
        for alert in alerts.reversed() where row < inner.height {
            let indent = alert.time.count + 1
            let lines = TerminalText.wrap(alert.text, to: max(1, inner.width - 1 - indent))
            for (index, line) in lines.enumerated() where row < inner.height {
                // The box's last row shows that the message goes on.
                let more = row == inner.height - 1 && index < lines.count - 1
                let text = (index == 0 ? alert.time + " " : String(repeating: " ", count: indent)) + (more ? TerminalText.truncate(line + " …", to: line.count) : line)
                buffer.write(text, x: inner.x + 1, y: inner.y + row, style: Style(foreground: theme[role(alert.level)]), clip: inner)
                row += 1
            }
        }
    }
}
