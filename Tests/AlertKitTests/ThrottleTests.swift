import Foundation
import Testing
@testable import AlertKit

@Suite struct ThrottleTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let hour: TimeInterval = 3600

    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let previous: Throttle.Record?
        let offset: TimeInterval
        let happening: Throttle.Happening
        let force: Bool
        let expected: Throttle.Decision
        var testDescription: String { name }
    }

    static let firingRecord = Throttle.Record(firing: true, lastSent: start, firingSince: start)
    static let resolvedRecord = Throttle.Record(firing: false, lastSent: start, firingSince: start)

    static let table: [Row] = [
        Row(name: "first firing is sent", previous: nil, offset: 0, happening: .firing, force: false, expected: .send(.firstFiring)),
        Row(name: "firing again after it resolved is a first firing", previous: resolvedRecord, offset: 60, happening: .firing, force: false, expected: .send(.firstFiring)),
        Row(name: "still firing inside the repeat window is suppressed", previous: firingRecord, offset: hour, happening: .firing, force: false,
            expected: .suppress("sent 3600 s ago; repeats after 14400 s")),
        Row(name: "still firing just before the window ends is suppressed", previous: firingRecord, offset: 4 * hour - 1, happening: .firing, force: false,
            expected: .suppress("sent 14399 s ago; repeats after 14400 s")),
        Row(name: "still firing when the window ends is repeated", previous: firingRecord, offset: 4 * hour, happening: .firing, force: false, expected: .send(.repeated)),
        Row(name: "force bypasses the window", previous: firingRecord, offset: 1, happening: .firing, force: true, expected: .send(.forced)),
        Row(name: "resolution of a firing alert is sent", previous: firingRecord, offset: 90, happening: .resolved, force: false, expected: .send(.resolved)),
        Row(name: "resolution of an alert never sent is suppressed", previous: nil, offset: 0, happening: .resolved, force: false, expected: .suppress("was not firing")),
        Row(name: "a second resolution is suppressed", previous: resolvedRecord, offset: 10, happening: .resolved, force: false, expected: .suppress("was not firing")),
    ]

    @Test(arguments: table)
    func decides(row: Row) {
        let (decision, record) = Throttle.decide(previous: row.previous, now: Self.start.addingTimeInterval(row.offset), happening: row.happening,
                                                 repeatInterval: 4 * Self.hour, force: row.force)
        #expect(decision == row.expected)
        if case .send = decision { #expect(record?.lastSent == Self.start.addingTimeInterval(row.offset)) }
        if case .suppress = decision { #expect(record == row.previous) }
    }

    @Test func aRepeatKeepsWhenTheAlertFirstFired() {
        let (_, record) = Throttle.decide(previous: Self.firingRecord, now: Self.start.addingTimeInterval(5 * Self.hour), happening: .firing,
                                          repeatInterval: 4 * Self.hour, force: false)
        #expect(record?.firingSince == Self.start)
        let (_, resolved) = Throttle.decide(previous: record, now: Self.start.addingTimeInterval(6 * Self.hour), happening: .resolved,
                                            repeatInterval: 4 * Self.hour, force: false)
        #expect(resolved == Throttle.Record(firing: false, lastSent: Self.start.addingTimeInterval(6 * Self.hour), firingSince: Self.start))
    }
}
