import Testing
@testable import NexlifyTUI

/// The `a` history shows every word of an alert: a long message wraps under itself, and text
/// breaks at spaces.
@Suite struct AlertHistoryTests {
    @Test func textWrapsAtSpacesAndBreaksLongWords() {
        #expect(TerminalText.wrap("loss is 2000 above the threshold", to: 12) == ["loss is 2000", "above the", "threshold"])
        #expect(TerminalText.wrap("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
        #expect(TerminalText.wrap("", to: 5) == [""])
        #expect(TerminalText.wrap("a  b", to: 5) == ["a b"])
    }

    @Test func aLongMessageWrapsInTheHistoryAndTheNewestComesFirst() {
        let theme = TestRuns.state().theme
        let long = AlertLine(level: .critical, text: "Loss too high: Training loss is 1234.5, above the critical threshold 1000; check the learning rate and the reward scale",
                             time: "12:00:01")
        let short = AlertLine(level: .warning, text: "No new best", time: "11:59:00")
        var buffer = CellBuffer(width: 60, height: 14)
        AlertStrip.overlay([short, long], into: &buffer, area: Rect(x: 0, y: 0, width: 60, height: 14), theme: theme, ascii: false)
        let text = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
        for word in long.text.split(separator: " ") { #expect(text.contains(word), "\(word) missing:\n\(text)") }
        #expect(!text.contains("…"))
        let rows = buffer.lines
        let first = rows.firstIndex { $0.contains("12:00:01 Loss too high") }
        let next = rows.firstIndex { $0.contains("11:59:00 No new best") }
        #expect(first != nil && next != nil && first! < next!)
        // Continuation lines start under the message, not under the time.
        let continuation = rows[first! + 1]
        #expect(continuation.firstIndex { $0 != " " && $0 != "│" }.map { continuation.distance(from: continuation.startIndex, to: $0) }
                == rows[first!].distance(from: rows[first!].startIndex, to: rows[first!].range(of: "Loss")!.lowerBound))
    }
}
