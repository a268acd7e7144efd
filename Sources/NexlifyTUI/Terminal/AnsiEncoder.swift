/// Turns a cell buffer into text with ANSI SGR colour codes, for `snapshot --color`: 24-bit
/// colours, the 256-colour palette, the 8 basic colours, or none, as the `ColorDepth` says.
///
/// ```swift
/// let text = AnsiEncoder.encode(buffer, depth: .palette256)   // "\u{1B}[0;38;5;51m╭─ …"
/// ```
enum AnsiEncoder {
    static func encode(_ buffer: CellBuffer, depth: ColorDepth) -> String {
        var output = ""
        for row in 0..<buffer.height {
            var current: Style?
            for column in 0..<buffer.width {
                let cell = buffer[column, row]
                if cell.style != current {
                    output += sequence(for: cell.style, depth: depth)
                    current = cell.style
                }
                output.append(cell.character)
            }
            output += "\u{1B}[0m\n"
        }
        return output
    }

    /// The SGR sequence that sets `style` from a reset state.
    static func sequence(for style: Style, depth: ColorDepth) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.reverse { codes.append("7") }
        if let foreground = style.foreground, let code = color(foreground, depth: depth, background: false) { codes.append(code) }
        if let background = style.background, let code = color(background, depth: depth, background: true) { codes.append(code) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// The SGR parameters of a colour at `depth` (`38;5;51`), or nil in monochrome.
    static func color(_ rgb: RGB, depth: ColorDepth, background: Bool) -> String? {
        switch depth {
        case .trueColor: return "\(background ? 48 : 38);2;\(rgb.red);\(rgb.green);\(rgb.blue)"
        case .palette256: return depth.index(for: rgb).map { "\(background ? 48 : 38);5;\($0)" }
        case .palette8: return depth.index(for: rgb).map { "\((background ? 40 : 30) + $0)" }
        case .monochrome: return nil
        }
    }
}
