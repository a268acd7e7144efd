import Foundation
import MetricsKit
import Testing
@testable import AlertKit

@Suite struct TrainerAlertLogTests {
    @Test func readsTheSeedsAlertsLogIncrementallyOnOneLineEach() throws {
        let directory = NSTemporaryDirectory() + "trainer-alerts-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/dqn", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/alerts.log"
        let first = #"{"timestamp": "2026-12-01T06:20:48.716833", "level": "warning", "title": "Low Profit Warning", "message": "Profit -600\nbelow $-500", "data": {"profit": -600}}"#
        try (first + "\nnot json\n{\"level\": \"loud\", \"title\": \"x\"}\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(TrainerAlertLog.path(forRun: directory + "/dqn") == path, "beside the run directory")
        #expect(TrainerAlertLog.path(forRun: directory + "/dqn_run") == path, "beside a snapshot series")
        let log = TrainerAlertLog(path: path)
        let entries = log.read()
        #expect(entries == [TrainerAlertLog.Entry(time: ISODate.parse("2026-12-01T06:20:48.716833"), level: .warning, title: "Low Profit Warning",
                                                  message: "Profit -600 · below $-500", numbers: ["profit": -600])])
        #expect(log.read().isEmpty)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data((#"{"timestamp": "2026-12-01T06:21:00", "level": "critical", "title": "NaN Value Detected", "message": "loss is NaN"}"# + "\n").utf8))
        try handle.close()
        #expect(log.read().map(\.title) == ["NaN Value Detected"])
    }
}
