import Foundation
import Testing
import TestSupport
@testable import NexlifyTUI

/// The key maps are the one source of every key list: the help overlay, `--help` and the
/// README's tables (`UPDATE_README=1 swift test --filter KeyTablesTests` writes them anew).
@Suite struct KeyTablesTests {
    private static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    @Test func theReadmeHoldsTheKeyTablesOfTheKeyMaps() throws {
        var text = try String(contentsOf: Self.readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- keys:begin -->\n"))
        let end = try #require(text.range(of: "<!-- keys:end -->"))
        if ProcessInfo.processInfo.environment["UPDATE_README"] == "1" {
            text.replaceSubrange(begin.upperBound..<end.lowerBound, with: KeyTables.markdown + "\n")
            try text.write(to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[begin.upperBound..<end.lowerBound]) == KeyTables.markdown + "\n", "UPDATE_README=1 rewrites the tables")
    }

    @Test func noKeyIsBoundTwiceInAnyKeyMap() {
        #expect(AppUpdate.keyMap.duplicateKeys.isEmpty)
        #expect(MetricsViewKeys.map.duplicateKeys.isEmpty)
        #expect(RunsUpdate.keyMap.duplicateKeys.isEmpty)
        let clash = DashboardKeyMap(bindings: [
            .init(keys: [.character("q"), .escape], label: "q", help: "quit") { _, _, _ in .quit },
            .init(keys: [.character("x"), .character("q")], label: "x", help: "other") { _, _, _ in .redraw },
        ])
        #expect(clash.duplicateKeys == [.character("q")])
    }

    @Test func helpListsEveryBindingOfTheDashboard() throws {
        let result = try BinaryRunner.run(["help", "dashboard"]).standardOutput
        for line in AppUpdate.helpLines + MetricsViewKeys.map.helpLines { #expect(result.contains(line.action), "\(line.action)") }
        // Every key a binding names is handled by it.
        var state = AppState(theme: .cyberpunk)
        for binding in AppUpdate.keyMap.bindings {
            for key in binding.keys { #expect(AppUpdate.keyMap.handle(key, state: &state) != nil) }
        }
    }
}

