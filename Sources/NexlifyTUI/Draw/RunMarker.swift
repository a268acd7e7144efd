/// How a compared run is told apart: a colour (`Theme.Role.run(i)`) and a glyph, so runs stay
/// distinguishable without colour (`NO_COLOR`, a monochrome terminal, a colour-blind reader).
/// The glyph marks the run in the runs table, in the compare legend and at the end of each of
/// the run's lines.
///
/// ```swift
/// RunMarker.glyph(0, ascii: false)   // "●"
/// RunMarker.glyph(1, ascii: true)    // "B"
/// ```
enum RunMarker {
    private static let shapes: [Character] = ["●", "▲", "■", "◆", "▼", "★", "✚", "◉"]
    private static let letters: [Character] = ["A", "B", "C", "D", "E", "F", "G", "H"]

    static func glyph(_ index: Int, ascii: Bool) -> Character {
        (ascii ? letters : shapes)[index % shapes.count]
    }
}
