import Foundation
import MetricsKit
import Testing
@testable import AlertKit

/// The trainer's "Training Complete" finishes the run it counts, written near that run's last
/// write, in the trainer's local wall-clock time.
@Suite struct TrainingCompletionTests {
    private let zone = TimeZone(secondsFromGMT: 2 * 3600)!
    /// 14:00:00 UTC, 16:00:00 on the trainer's wall clock.
    private let lastWrite = Date(timeIntervalSince1970: 1_796_306_400)

    private func complete(at wallClock: String, total: Double? = 1000, title: String = "Training Complete") -> TrainerAlertLog.Entry {
        TrainerAlertLog.Entry(time: ISODate.parse(wallClock), level: .info, title: title, message: "",
                              numbers: total.map { ["total_episodes": $0] } ?? [:])
    }

    private func finishes(_ entry: TrainerAlertLog.Entry, episodes: Int = 1000, latest: Int? = 999) -> Bool {
        TrainingCompletion.finishes([entry], episodes: episodes, latestEpisode: latest, lastWrite: lastWrite, timeZone: zone)
    }

    @Test func anAlertCountingTheRunsEpisodesNearItsLastWriteFinishesIt() {
        #expect(ISODate.parse("2026-12-03T14:00:00Z") == lastWrite)
        #expect(finishes(complete(at: "2026-12-03T16:00:02.5")), "sent just after the final save")
        #expect(finishes(complete(at: "2026-12-03T15:58:00")), "sent before the final save")
        #expect(finishes(complete(at: "2026-12-03T16:00:02", total: nil)), "no count: the time decides")
        #expect(finishes(complete(at: "2026-12-03T16:00:02", total: 100), episodes: 10, latest: 99), "every tenth episode logged")
    }

    @Test func anotherRunsOrAnOldAlertDoesNotFinishIt() {
        #expect(!finishes(complete(at: "2026-12-03T16:00:02", total: 500)), "another run's count")
        #expect(!finishes(complete(at: "2026-12-03T14:00:02")), "the UTC time of the write is not the trainer's clock")
        #expect(!finishes(complete(at: "2026-12-02T16:00:02")), "yesterday's run of the same length")
        #expect(!finishes(complete(at: "2026-12-03T16:06:00")), "more than 5 minutes away")
        #expect(!finishes(complete(at: "2026-12-03T16:00:02", title: "New Best Model")))
        #expect(!TrainingCompletion.finishes([complete(at: "2026-12-03T16:00:02")], episodes: 1000, latestEpisode: 999, lastWrite: nil, timeZone: zone))
    }

    @Test func theLatestCompletionsAreKept() {
        let entries = (0..<20).map { complete(at: "2026-12-03T16:00:\(String(format: "%02d", $0))") }
            + [complete(at: "2026-12-03T16:01:00", title: "Critical Loss")]
        let kept = TrainingCompletion.completions(in: entries)
        #expect(kept.count == 16 && kept.first == entries[4] && kept.last == entries[19])
    }
}
