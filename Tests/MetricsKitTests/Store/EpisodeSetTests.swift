import Testing
@testable import MetricsKit

@Suite struct EpisodeSetTests {
    /// Steps far beyond the bitset (SB3's total timesteps), in order, out of order and repeated;
    /// negative numbers too.
    @Test func numbersBeyondTheBitsetAreEachCountedOnce() {
        var set = EpisodeSet()
        let steps = (1...10_000).map { $0 * 2048 + (1 << 30) }
        func insert(_ numbers: [Int]) -> [Bool] { numbers.map { set.insert($0) } }
        #expect(insert(steps).allSatisfy { $0 })
        #expect(insert(steps.shuffled()).allSatisfy { !$0 })
        #expect(insert([1 << 30, steps[5] + 1, -3]) == [true, true, true])
        #expect(insert([1 << 30, steps[5] + 1, -3]) == [false, false, false])
        #expect(insert([steps.last! + 1, steps.last! + 1]) == [true, false])
        #expect(set.contains(steps[77]) && set.contains(-3) && !set.contains(steps[77] + 2) && !set.contains(-4))
        #expect(set.count == 10_004)
        #expect(insert([7, 7]) == [true, false] && set.count == 10_005)
    }
}
