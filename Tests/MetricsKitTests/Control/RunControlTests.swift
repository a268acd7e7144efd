import Foundation
import Testing
import TestSupport
@testable import MetricsKit

/// `control.json`: the dashboard's request written whole, read back, acknowledged by the
/// trainer's `ControlListener` (and the Swift `MetricsLogger`) once and only when it is new.
@Suite struct RunControlTests {
    @Test func aRequestRoundTripsThroughTheFile() throws {
        let scratch = ScratchDirectory()
        let request = ControlRequest(kind: .checkpoint, id: "abc", at: Date(timeIntervalSince1970: 1_765_000_000.1234))
        try RunControl.write(request, inDirectory: scratch.path)
        #expect(RunControl.read(inDirectory: scratch.path) == request)
        let text = try String(contentsOfFile: scratch.path + "/control.json", encoding: .utf8)
        #expect(text == #"{"request": "checkpoint", "id": "abc", "at": "2025-12-06T05:46:40.123Z"}"# + "\n")
        // Nothing but the file is left behind (the temporary one was renamed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["control.json"])
    }

    @Test func onlyAnExistingDirectoryIsWrittenInto() throws {
        let scratch = ScratchDirectory()
        #expect(throws: RunControl.Failure.self) { try RunControl.write(ControlRequest(kind: .stop, at: Date()), inDirectory: scratch.path + "/missing") }
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/missing"))
        mkfifo(scratch.path + "/control.json", 0o644)
        #expect(throws: RunControl.Failure.self) { try RunControl.write(ControlRequest(kind: .stop, at: Date()), inDirectory: scratch.path) }
        #expect(RunControl.read(inDirectory: scratch.path) == nil)    // a FIFO is refused, never opened blocking
    }

    @Test func whatIsNotARequestReadsAsNone() {
        for text in ["", "{", "[]", "null", #"{"request": "explode", "id": "x", "at": "2026-12-06T03:00:00Z"}"#,
                     #"{"request": "stop", "at": "2026-12-06T03:00:00Z"}"#, #"{"request": "stop", "id": "x", "at": "soon"}"#,
                     #"{"request": "stop", "id": "", "at": "2026-12-06T03:00:00Z"}"#] {
            #expect(ControlRequest.parse(Data(text.utf8)) == nil, "\(text)")
        }
        #expect(ControlRequest.parse(Data([0xFF, 0xFE, 0x7B])) == nil)
        // What Python's side writes back (a zone-less local time, or UTC with an offset) is read.
        let python = ControlRequest.parse(Data(#"{"request": "stop", "id": "x", "at": "2026-12-06T03:00:00.5+00:00", "acknowledged_at": "2026-12-06T03:00:01Z"}"#.utf8))
        #expect(python?.acknowledgedAt?.timeIntervalSince(python!.at) == 0.5)
    }

    @Test func theListenerHandsAStopOverAndAcknowledgesIt() throws {
        let scratch = ScratchDirectory()
        let start = Date(timeIntervalSince1970: 1_765_000_000)
        let listener = ControlListener(directory: scratch.path, now: start)
        #expect(!listener.shouldStop(now: start))
        try RunControl.write(ControlRequest(kind: .stop, id: "s1", at: start.addingTimeInterval(0.5)), inDirectory: scratch.path)
        // Looked at again only a second after the last look.
        #expect(!listener.shouldStop(now: start.addingTimeInterval(0.9)))
        #expect(listener.shouldStop(now: start.addingTimeInterval(1.0)))
        #expect(RunControl.read(inDirectory: scratch.path)?.acknowledgedAt == start.addingTimeInterval(1.0))
        #expect(listener.shouldStop(now: start.addingTimeInterval(5)))     // stays seen
        #expect(!listener.checkpointRequested(now: start.addingTimeInterval(6)))
    }

    @Test func aCheckpointIsHandedOverOnceAndOldOrSeenRequestsAreIgnored() throws {
        let scratch = ScratchDirectory()
        let start = Date(timeIntervalSince1970: 1_765_000_000)
        try RunControl.write(ControlRequest(kind: .stop, id: "old", at: start.addingTimeInterval(-60)), inDirectory: scratch.path)
        let listener = ControlListener(directory: scratch.path, interval: 0, now: start)
        #expect(!listener.shouldStop(now: start))
        try RunControl.write(ControlRequest(kind: .checkpoint, id: "c1", at: start.addingTimeInterval(1)), inDirectory: scratch.path)
        #expect(!listener.shouldStop(now: start.addingTimeInterval(1)))
        #expect(RunControl.read(inDirectory: scratch.path)?.acknowledgedAt == nil)    // not handed over yet
        #expect(listener.checkpointRequested(now: start.addingTimeInterval(2)))
        #expect(RunControl.read(inDirectory: scratch.path)?.acknowledgedAt == start.addingTimeInterval(2))
        #expect(!listener.checkpointRequested(now: start.addingTimeInterval(3)))
        try RunControl.write(ControlRequest(kind: .stop, id: "s2", at: start.addingTimeInterval(4), acknowledgedAt: start.addingTimeInterval(4)),
                             inDirectory: scratch.path)
        #expect(!listener.shouldStop(now: start.addingTimeInterval(5)))    // another trainer already took it
    }

    @Test func theSwiftLoggerAnswersTheDashboard() throws {
        let scratch = ScratchDirectory()
        let logger = MetricsLogger(experimentName: "run", outputDir: scratch.path)
        defer { logger.close() }
        #expect(!logger.shouldStop())
        try RunControl.write(ControlRequest(kind: .stop, at: Date()), inDirectory: logger.runDirectory)
        let deadline = Date().addingTimeInterval(3)
        while !logger.shouldStop() && Date() < deadline { usleep(10_000) }
        #expect(logger.shouldStop())
        #expect(RunControl.read(inDirectory: logger.runDirectory)?.acknowledgedAt != nil)
    }
}
