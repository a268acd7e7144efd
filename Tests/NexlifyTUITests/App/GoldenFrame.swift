import Foundation
import Testing

/// Whole frames compared with the text files under `Tests/Fixtures/golden/` (as ratatui's tests
/// compare buffers: every cell, not a few lines). After a deliberate change,
/// `UPDATE_GOLDEN=1 swift test --filter Golden` writes every golden file anew.
enum GoldenFrame {
    private static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

    /// Records an issue when `lines` differ from the golden file `name`, naming the first
    /// differing line.
    static func expect(_ lines: [String], matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = lines.joined(separator: "\n") + "\n"
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard text != expected else { return }
        let wanted = expected.components(separatedBy: "\n")
        let line = zip(lines, wanted).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(lines.count, wanted.count)
        Issue.record("\(name) differs from line \(line + 1): got \"\(line < lines.count ? lines[line] : "")\", expected \"\(line < wanted.count ? wanted[line] : "")\"; UPDATE_GOLDEN=1 swift test --filter Golden rewrites it after a deliberate change",
                     sourceLocation: sourceLocation)
    }
}
