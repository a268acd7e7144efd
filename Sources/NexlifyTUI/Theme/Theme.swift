import Foundation
import MetricsKit

/// The colours of the dashboard by role. Themes are files of commented `key = #rrggbb` lines
/// (`themes/*.theme`); unknown keys are ignored and missing keys fall back to the built-in
/// theme of the same name (or cyberpunk).
///
/// ```swift
/// let theme = try Theme.load("dark")                  // a built-in name, or
/// let mine = try Theme.load("~/my.theme")             // a path to a theme file
/// theme[.profit]                                      // RGB(0x4e, 0xc9, 0xb0)
/// ```
struct Theme: Equatable, Sendable {
    /// What a colour is used for.
    enum Role: String, CaseIterable, Sendable {
        case background, foreground, muted, border, title, raw, reference, band
        case profit, loss, epsilon, learningRate = "learning_rate", winRate = "win_rate", sharpe, drawdown, qValues = "q_values"
        case good, warning, critical
        case statusBackground = "status_background", statusForeground = "status_foreground"
        /// The colours of compared runs, in the order they were marked.
        case run1 = "run_1", run2 = "run_2", run3 = "run_3", run4 = "run_4", run5 = "run_5", run6 = "run_6", run7 = "run_7", run8 = "run_8"

        /// The colour of the compared run at `index` (0–7).
        static func run(_ index: Int) -> Role {
            [.run1, .run2, .run3, .run4, .run5, .run6, .run7, .run8][index % 8]
        }
    }

    /// Why a theme could not be loaded.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let name: String
    private var colors: [Role: RGB]
    /// Lines of the file that were not understood (unknown keys are not listed: they are allowed).
    private(set) var warnings: [String] = []

    subscript(role: Role) -> RGB { colors[role] ?? RGB(0xFF, 0xFF, 0xFF) }

    /// Whether the theme sets `role` (else it is drawn white).
    func has(_ role: Role) -> Bool { colors[role] != nil }

    /// The built-in theme `name`.
    static func builtIn(_ name: String) -> Theme? {
        guard let text = BuiltInThemes.text(named: name) else { return nil }
        return parse(text, name: name, fallback: nil)
    }

    static let cyberpunk = builtIn("cyberpunk")!

    /// A built-in theme by name, or a theme file by path (`~` expanded).
    static func load(_ nameOrPath: String) throws -> Theme {
        if let theme = builtIn(nameOrPath) { return theme }
        let path = (nameOrPath as NSString).expandingTildeInPath
        let data: Data
        do {
            data = try RegularFile.contents(of: path, limit: 1 << 20)
        } catch .missing {
            throw Failure(description: "theme \"\(nameOrPath)\" not found: use one of \(BuiltInThemes.names.joined(separator: ", ")) or the path of a .theme file")
        } catch {
            throw Failure(description: "theme file \(path) \(error)")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return parse(String(decoding: data, as: UTF8.self), name: name, fallback: builtIn(name) ?? cyberpunk)
    }

    /// Reads `key = value` lines over `fallback`'s colours.
    static func parse(_ text: String, name: String, fallback: Theme?) -> Theme {
        var theme = Theme(name: name, colors: fallback?.colors ?? [:])
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = trimmed(rawLine, of: [" ", "\t", "\r"])
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") || line.hasPrefix("[") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                theme.warnings.append("line \(number + 1): expected key = #rrggbb")
                continue
            }
            let key = trimmed(line[..<equals], of: [" ", "\t"]).lowercased()
            let value = String(trimmed(line[line.index(after: equals)...], of: [" ", "\t", "\"", "'"]))
            guard let role = Role(rawValue: key) else { continue }
            guard let color = RGB(hex: value) else {
                theme.warnings.append("line \(number + 1): \(key) = \(TerminalText.sanitize(value)) is not a #rrggbb colour")
                continue
            }
            theme.colors[role] = color
        }
        return theme
    }

    /// `text` without the `characters` at either end.
    private static func trimmed(_ text: Substring, of characters: Set<Character>) -> Substring {
        var start = text.startIndex
        var end = text.endIndex
        while start < end, characters.contains(text[start]) { start = text.index(after: start) }
        while end > start, characters.contains(text[text.index(before: end)]) { end = text.index(before: end) }
        return text[start..<end]
    }
}
