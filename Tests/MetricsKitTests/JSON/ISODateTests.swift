import Foundation
import Testing
@testable import MetricsKit

@Suite struct ISODateTests {
    @Test func readsTheSpellingsUsersFilesHold() {
        let noon = Date(timeIntervalSince1970: 1_795_608_000)   // 2026-11-25T12:00:00Z
        #expect(ISODate.parse("2026-11-25T12:00:00Z") == noon)
        #expect(ISODate.parse("2026-11-25T12:00:00") == noon, "no zone: UTC, as Python's isoformat() without tzinfo")
        #expect(ISODate.parse("2026-11-25 12:00:00") == noon)
        #expect(ISODate.parse("2026-11-25T12:00:00.250")?.timeIntervalSince1970 == 1_795_608_000.25)
        #expect(ISODate.parse("2026-11-25T12:00:00.123456")!.timeIntervalSince1970 - 1_795_608_000.123456 < 1e-6)
        #expect(ISODate.parse("2026-11-25T14:00:00+02:00") == noon)
        #expect(ISODate.parse("2026-11-25T07:00:00-0500") == noon)
        #expect(ISODate.parse("2026-11-25T14:00:00+02") == noon)
        #expect(ISODate.parse("1969-12-31T23:59:59Z")?.timeIntervalSince1970 == -1)
        #expect(ISODate.parse("2024-02-29T00:00:00Z")?.timeIntervalSince1970 == 1_709_164_800)
    }

    @Test func refusesWhatIsNotADate() {
        for text in ["yesterday", "", "2026-11-25", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2026-11-25T24:00:00Z",
                     "2026-11-25T12:00:00.Z", "2026-11-25T12:00:00Zjunk", "2026-11-25T12:00:00+2", "２０２６-11-25T12:00:00Z"] {
            #expect(ISODate.parse(text) == nil, "\(text)")
        }
    }

    /// Against Foundation's formatter on many random instants, with and without fractions and zones.
    @Test func agreesWithFoundationsFormatter() {
        var generator = SeededGenerator(seed: 21)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double(Int.random(in: -2_000_000_000...4_000_000_000, using: &generator)) + 0.5)
            let text = formatter.string(from: date)
            #expect(ISODate.parse(text) == date, "\(text)")
        }
    }
}
