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

    static let firingRecord = Throttle.Record(lastSent: start, status: .firing)
    static let resolvedRecord = Throttle.Record(lastSent: start, status: .resolved)
    static let announced = Throttle.Record(lastSent: start, status: .firing, occurrence: "episode 9")

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
        Row(name: "resolution of an alert never sent is suppressed", previous: nil, offset: 0, happening: .resolved, force: false,
            expected: .suppress("its firing was not sent")),
        Row(name: "a second resolution is suppressed", previous: resolvedRecord, offset: 10, happening: .resolved, force: false,
            expected: .suppress("its firing was not sent")),
        Row(name: "an event is announced", previous: nil, offset: 0, happening: .occurred("episode 9"), force: false, expected: .send(.firstFiring)),
        Row(name: "the same event is not announced twice", previous: announced, offset: 9 * hour, happening: .occurred("episode 9"), force: false,
            expected: .suppress("episode 9 was announced already")),
        Row(name: "another event inside the event interval waits", previous: announced, offset: 299, happening: .occurred("episode 12"), force: false,
            expected: .suppress("the last was announced 299 s ago; at most one per 300 s")),
        Row(name: "another event after the event interval is announced", previous: announced, offset: 300, happening: .occurred("episode 12"), force: false,
            expected: .send(.firstFiring)),
        Row(name: "a forced event is always announced", previous: announced, offset: 1, happening: .occurred("episode 9"), force: true, expected: .send(.forced)),
    ]

    @Test(arguments: table)
    func decides(row: Row) {
        let (decision, record) = Throttle.decide(previous: row.previous, now: Self.start.addingTimeInterval(row.offset), happening: row.happening,
                                                 repeatInterval: 4 * Self.hour, force: row.force)
        #expect(decision == row.expected)
        if case .send = decision { #expect(record?.lastSent == Self.start.addingTimeInterval(row.offset)) }
        if case .suppress = decision { #expect(record == row.previous) }
    }

    @Test func anEventRecordRemembersItsOccurrence() {
        let (_, record) = Throttle.decide(previous: nil, now: Self.start, happening: .occurred("complete"), repeatInterval: 4 * Self.hour, force: false)
        #expect(record == Throttle.Record(lastSent: Self.start, status: .firing, occurrence: "complete"))
        let (_, resolved) = Throttle.decide(previous: Self.firingRecord, now: Self.start.addingTimeInterval(Self.hour), happening: .resolved,
                                            repeatInterval: 4 * Self.hour, force: false)
        #expect(resolved == Throttle.Record(lastSent: Self.start.addingTimeInterval(Self.hour), status: .resolved))
    }
}
