/// Every screen's keys, from their key maps, as the help text of `--help` and the tables of the
/// README (a test checks the README holds exactly these tables).
enum KeyTables {
    /// Each screen's title and its keys, in the order they are documented.
    static let screens: [(title: String, lines: [(keys: String, action: String)])] = [
        ("Dashboard", AppUpdate.helpLines),
        ("Every metric (m)", MetricsViewKeys.map.helpLines),
        ("Runs view", RunsUpdate.helpLines),
    ]

    /// Plain text for `--help`: one line per key, under each screen's title.
    static var helpText: String {
        screens.map { screen in
            let width = screen.lines.map(\.keys.count).max() ?? 0
            let rows = screen.lines.map { line in "  " + line.keys.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + line.action }
            return ([screen.title + " keys:"] + rows).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// The README's Markdown table of one screen's keys.
    static func markdown(_ screen: (title: String, lines: [(keys: String, action: String)])) -> String {
        var rows = ["| \(screen.title) | |", "| --- | --- |"]
        for line in screen.lines {
            rows.append("| \(line.keys.isEmpty ? "" : "`" + line.keys + "`") | \(line.action) |")
        }
        return rows.joined(separator: "\n")
    }

    /// All the README's key tables, one after the other.
    static var markdown: String { screens.map(markdown).joined(separator: "\n\n") }
}
