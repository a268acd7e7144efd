import MetricsKit

/// The bottom line: run path, source state, malformed lines, how long ago the run last changed
/// (coloured as `SourceStatus.freshness` says), the smoothing window and key hints. Parts that do not fit
/// are left out from the last, except the state (or the problem shown in its place), which is
/// cut to the room there is.
///
/// ```
///  training_logs/dqn │ following │ 2 malformed lines skipped │ updated now │ smooth 10 │ ?:help q:quit
/// ```
enum StatusBar {
    /// What the line shows besides the source's status, and how.
    struct Line: Equatable, Sendable {
        var theme: Theme
        var monochrome = false
        var paused = false
        /// The latest final alert-delivery failure.
        var alertProblem: String?
        var smoothing: Int
        /// What Esc goes back to, when anything.
        var backTo: String?
        /// A question waiting for its answer, or the state of a request to the trainer; shown first.
        var note: Note?
    }

    /// Words the line shows before everything else, in a colour of the theme.
    struct Note: Equatable, Sendable {
        var text: String
        var role: Theme.Role
    }

    static func render(_ status: SourceStatus, line state: Line, into buffer: inout CellBuffer, rect: Rect) {
        guard !rect.isEmpty else { return }
        let theme = state.theme
        let base = Style(foreground: theme[.statusForeground], background: theme[.statusBackground], reverse: state.monochrome)
        buffer.fill(rect, with: Cell(" ", style: base))
        var parts: [(text: String, style: Style, cut: Bool)] = []
        if let note = state.note {
            parts.append((note.text, Style(foreground: theme[note.role], background: theme[.statusBackground], bold: true, reverse: state.monochrome), true))
        }
        if state.paused { parts.append(("PAUSED", Style(foreground: theme[.warning], background: theme[.statusBackground], bold: true, reverse: state.monochrome), false)) }
        if let problem = state.alertProblem {
            parts.append(("alert delivery failed: " + problem, Style(foreground: theme[.critical], background: theme[.statusBackground], bold: true, reverse: state.monochrome), false))
        }
        if let problem = status.problem {
            parts.append((problem, Style(foreground: theme[.warning], background: theme[.statusBackground], reverse: state.monochrome), true))
        } else {
            parts.append((status.state, base, true))
        }
        if status.skippedLines > 0 {
            let text = "\(status.skippedLines) malformed line\(status.skippedLines == 1 ? "" : "s") skipped"
            parts.append((text, Style(foreground: theme[.warning], background: theme[.statusBackground], reverse: state.monochrome), false))
        }
        if let seconds = status.secondsSinceUpdate {
            let level = status.freshness
            parts.append(("updated " + ago(seconds), Style(foreground: theme[level.role], background: theme[.statusBackground], bold: level != .good, reverse: state.monochrome), false))
        }
        parts.append(("smooth \(state.smoothing)", base, false))
        let hints = (state.backTo.map { "Esc:\($0) " } ?? "") + "?:help q:quit"
        var x = rect.x + 1
        let pathRoom = max(8, rect.width / 4)
        x = buffer.write(TerminalText.truncateLeading(status.runPath, to: pathRoom), x: x, y: rect.y, style: Style(foreground: theme[.statusForeground], background: theme[.statusBackground], bold: true, reverse: state.monochrome), clip: rect)
        let hintsX = rect.maxX - hints.count - 1
        for (text, style, cut) in parts {
            let room = hintsX - x - 4
            guard text.count <= room || (cut && room >= 12) else { break }
            x = buffer.write(" │ ", x: x, y: rect.y, style: base, clip: rect)
            x = buffer.write(TerminalText.truncate(text, to: room), x: x, y: rect.y, style: style, clip: rect)
        }
        if hintsX > x { buffer.write(hints, x: hintsX, y: rect.y, style: base, clip: rect) }
    }

    /// How long ago, in steps that change at most every ten seconds: `now` (under 10 s),
    /// `40s ago` (tens of seconds up to two minutes), `5m ago`, `3h ago`, `2d ago`. A label that
    /// ticks every second would redraw the line every second for nothing.
    static func ago(_ seconds: Double) -> String {
        let whole = max(0, Int(saturating: seconds))
        if whole < 10 { return "now" }
        if whole < 120 { return "\(whole / 10 * 10)s ago" }
        if whole < 7200 { return "\(whole / 60)m ago" }
        if whole < 172_800 { return "\(whole / 3600)h ago" }
        return "\(whole / 86_400)d ago"
    }
}
