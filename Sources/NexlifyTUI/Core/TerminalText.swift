/// Makes text from log files safe to draw: control characters (C0, C1, DEL) and so every escape
/// sequence are removed, combining marks dropped, and characters wider than one cell replaced by
/// `?`, so each `Character` that reaches the screen is exactly one printable cell.
///
/// ```swift
/// TerminalText.sanitize("loss\u{1B}[2J\u{7}")   // "loss[2J"
/// TerminalText.sanitize("利润")                   // "??"
/// ```
enum TerminalText {
    static func sanitize(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (value >= 0x7F && value < 0xA0) { continue }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
                continue
            default:
                result.append(isWide(value) ? "?" : scalar)
            }
        }
        return String(result)
    }

    /// East Asian wide and full-width ranges, and emoji, which take two cells.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` cut to its last `width` cells, starting with `…` when it was longer (for paths,
    /// whose end names the run).
    static func truncateLeading(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        return "…" + String(text.suffix(width - 1))
    }

    /// `text` cut to `width` cells, ending in `…` when it was longer.
    static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// `text` in lines of at most `width` cells, broken at spaces (a word longer than a line is
    /// broken where the line ends). Sanitised text: each character is one cell.
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            if !line.isEmpty, line.count + 1 + word.count <= width {
                line += " " + word
                continue
            }
            if !line.isEmpty { lines.append(line) }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            line = String(word)
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `text` cut to `width` cells (ending in `…`) and padded with spaces to exactly `width`,
    /// on the right, or on the left when `alignRight` (a table's figures).
    static func fit(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let padding = String(repeating: " ", count: max(0, width - cut.count))
        return alignRight ? padding + cut : cut + padding
    }
}
