import Foundation
import Testing
@testable import NexlifyTUI

/// Freed memory goes back to the system at most once every `MemoryTrim.interval` (a trim per
/// live frame faulted every frame's memory in again), and at once after a backlog was read.
@Suite struct MemoryTrimTests {
    private let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func framesWithinTheIntervalAreNotTrimmed() {
        #expect(!MemoryTrim.isDue(now: start.addingTimeInterval(0.25), last: start, force: false))
        #expect(!MemoryTrim.isDue(now: start.addingTimeInterval(MemoryTrim.interval - 0.01), last: start, force: false))
        #expect(MemoryTrim.isDue(now: start.addingTimeInterval(MemoryTrim.interval), last: start, force: false))
    }

    @Test func aReadBacklogOrAClockSetBackIsTrimmedAtOnce() {
        #expect(MemoryTrim.isDue(now: start.addingTimeInterval(0.25), last: start, force: true))
        #expect(MemoryTrim.isDue(now: start.addingTimeInterval(-60), last: start, force: false))
    }
}
