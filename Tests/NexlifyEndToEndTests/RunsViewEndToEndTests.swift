import Foundation
import Testing

/// The runs view of the real binary in tmux: a directory of three runs, sorted, two marked and
/// compared, as a person tuning hyperparameters would.
@Suite(.serialized) struct RunsViewEndToEndTests {
    @Test func sortMarkTwoAndCompareThem() throws {
        let parent = NSTemporaryDirectory() + "nexlify-e2e-runs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let slow = try RunDirectory(name: "slow_lr", in: parent)
        let fast = try RunDirectory(name: "fast_lr", in: parent)
        let broken = try RunDirectory(name: "mid_lr", in: parent)
        slow.append(episodes: 0..<40, profit: { Double($0) })          // best 39
        fast.append(episodes: 0..<60, profit: { Double($0) * 3 })      // best 177
        broken.append(episodes: 0..<30, profit: { 50 - Double($0) })  // best 50

        let session = TmuxSession(arguments: ["--run", parent, "--refresh", "1"], width: 160, height: 45)
        let table = session.waitForScreen { $0.contains("3 runs") && $0.contains("slow_lr") }
        #expect(table.matched, "\(table.screen)")
        func order(_ screen: String) -> [String] {
            screen.split(separator: "\n").compactMap { line in ["slow_lr", "fast_lr", "mid_lr"].first { line.contains($0) } }
        }
        #expect(order(table.screen) == ["fast_lr", "mid_lr", "slow_lr"], "by name at first")

        // s: status, episodes, profit, best — highest best profit first.
        session.send("s", "s", "s", "s")
        let sorted = session.waitForScreen { $0.contains("best▼") }
        #expect(sorted.matched, "\(sorted.screen)")
        #expect(order(sorted.screen) == ["fast_lr", "mid_lr", "slow_lr"])
        session.send("S")
        let reversed = session.waitForScreen { $0.contains("best▲") }
        #expect(order(reversed.screen) == ["slow_lr", "mid_lr", "fast_lr"])

        // The selection stays on its run (fast_lr, now last): go to the top, mark the first two
        // (Space moves down), then compare them.
        session.send("g", "Space", "Space")
        let marked = session.waitForScreen { $0.contains("2 marked") }
        #expect(marked.matched, "\(marked.screen)")
        session.send("c")
        let compare = session.waitForScreen { $0.contains("1 Profit/Loss") && $0.contains("● slow_lr") && $0.contains("▲ mid_lr") }
        #expect(compare.matched, "\(compare.screen)")
        #expect(!compare.screen.contains("fast_lr"), "only the marked runs are compared")
        // Both legends: the table's marks in its first column and the compare legend's values.
        let legend = compare.screen.split(separator: "\n").filter { $0.hasPrefix("● ") || $0.hasPrefix("▲ ") }
        #expect(legend.count == 2 && legend[0].contains("40") && legend[1].contains("30"), "\(legend)")

        // Live: an episode appended to a compared run shows within a refresh.
        slow.append(episodes: 40..<41, profit: { _ in 9999 })
        #expect(session.waitForScreen(timeout: 5) { $0.contains("● slow_lr") && $0.split(separator: "\n").contains { $0.hasPrefix("● slow_lr") && $0.contains(" 41 ") } }.matched)

        session.send("Escape")
        let back = session.waitForScreen { $0.contains("3 runs") && $0.contains("2 marked") }
        #expect(back.matched, "\(back.screen)")
        // slow_lr's new best moved it to the end; its mark keeps its glyph.
        let marks = back.screen.split(separator: "\n").filter { $0.hasPrefix("●") || $0.hasPrefix("▲") }
        #expect(marks == marks.filter { $0.hasPrefix("▲ mid_lr") } + marks.filter { $0.hasPrefix("● slow_lr") } && marks.count == 2, "\(marks)")

        session.send("Escape")
        let ending = session.waitForExit()
        #expect(ending.status == 0)
    }
}
