import Testing
@testable import MetricsKit

@Suite struct ChunkedHistoryTests {
    @Test func behavesLikeAnArrayAcrossChunkBoundaries() {
        var history = ChunkedHistory<Int>()
        #expect(history.isEmpty && history.last == nil)
        let total = ChunkedHistory<Int>.chunkSize * 3 + 17
        for value in 0..<total { history.append(value) }
        #expect(history.count == total)
        #expect(history.last == total - 1)
        #expect(history[ChunkedHistory<Int>.chunkSize] == ChunkedHistory<Int>.chunkSize)
        #expect(history.copy(0..<total) == Array(0..<total))
        let middle = (ChunkedHistory<Int>.chunkSize - 5)..<(2 * ChunkedHistory<Int>.chunkSize + 5)
        #expect(history.copy(middle) == Array(middle))
        #expect(history.copy(7..<7).isEmpty)
        #expect(history.suffix(3) == [total - 3, total - 2, total - 1])
        #expect(history.suffix(total + 10).count == total)
        var sum = 0
        history.forEach { sum += $0 }
        #expect(sum == (0..<total).reduce(0, +))
    }
}
