import Foundation
import MetricsKit
import AlertKit
import Testing
import TestSupport
@testable import NexlifyTUI

@Suite struct ScreenLoopTests {
    private func writeRun(_ directory: String, episodes: Range<Int>) {
        let lines = episodes.map { #"{"episode": \#($0), "profit": \#(Double($0) - 5), "epsilon": 0.5}"# + "\n" }.joined()
        let path = directory + "/episodes.jsonl"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(lines.utf8))
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(lines.utf8))
        }
    }

    @Test func drawsOnlyWhatChangedAndShowsNewEpisodesOnTheNextRefresh() throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        writeRun(directory, episodes: 0..<10)
        var now = Date()
        let terminal = TextTerminal(width: 120, height: 40)
        let loop = ScreenLoop(root: DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 2), terminal: terminal) { now }
        loop.step()
        #expect(terminal.cellsSent == 120 * 40)
        #expect(terminal.screen.lines.joined().contains("10 logged"))

        // Nothing new and the clock has not moved: nothing is sent.
        loop.step()
        #expect(terminal.cellsSent == 120 * 40)

        writeRun(directory, episodes: 10..<11)
        now = now.addingTimeInterval(1)
        loop.step()
        #expect(!terminal.screen.lines.joined().contains("11 logged"), "read before the refresh was due")
        now = now.addingTimeInterval(1.1)
        let before = terminal.cellsSent
        loop.step()
        #expect(terminal.screen.lines.joined().contains("11 logged"))
        #expect(terminal.cellsSent - before < 120 * 40 / 2)
    }

    /// A write to the run's files is shown at once, not at the next tick, and a run written
    /// continuously is refreshed at most once a second.
    @Test func aChangeOfTheFilesRefreshesAtOnceAtMostOnceASecond() throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        writeRun(directory, episodes: 0..<10)
        var now = Date()
        let terminal = TextTerminal(width: 120, height: 40)
        let screen = DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 60)
        let loop = ScreenLoop(root: screen, terminal: terminal) { now }
        loop.step()
        #expect(screen.changeDescriptor != nil)
        writeRun(directory, episodes: 10..<11)
        now = now.addingTimeInterval(0.2)
        loop.filesChanged()
        #expect(loop.step() <= 0.8 + 1e-6, "due a second after the last refresh, not in 60 s")
        #expect(!terminal.screen.lines.joined().contains("11 logged"))
        now = now.addingTimeInterval(0.8)
        loop.step()
        #expect(terminal.screen.lines.joined().contains("11 logged"))
        // After a quiet spell, at once.
        writeRun(directory, episodes: 11..<12)
        now = now.addingTimeInterval(5)
        loop.filesChanged()
        loop.step()
        #expect(terminal.screen.lines.joined().contains("12 logged"))
        // Nothing changed: the next refresh is the tick's.
        loop.filesChanged()
        #expect(loop.step() > 59)
    }

    /// A followed run's figures move with every refresh; its charts at most once a
    /// `chartInterval`, and the last data reaches them then even when nothing more is written.
    @Test func figuresFollowEveryRefreshAndChartsOnceASecond() throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        writeRun(directory, episodes: 0..<10)
        let start = Date()
        var now = start
        let terminal = TextTerminal(width: 120, height: 40)
        let screen = DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 60)
        let loop = ScreenLoop(root: screen, terminal: terminal) { now }
        loop.step()
        let firstPicture = screen.model.panels.map(\.layers)
        writeRun(directory, episodes: 10..<11)
        now = start.addingTimeInterval(0.3)
        loop.filesChanged()
        let wait = loop.step()
        #expect(terminal.screen.lines.joined().contains("11 logged"))
        #expect(screen.model.latestProfit == 5 && screen.model.panels[0].valueText == "5")
        #expect(screen.model.panels.map(\.layers) == firstPicture, "the charts wait for their interval")
        #expect(abs(wait - 0.7) < 1e-6, "the charts are due a second after they were drawn")
        now = start.addingTimeInterval(DashboardScreen.chartInterval)
        loop.step()
        #expect(screen.model.panels.map(\.layers) != firstPicture)
        #expect(screen.model.panels[0].layers[0].samples.last?.x == 10)
        // A screen drawn from scratch from the same run is the same, but for the room its charts
        // leave to grow: it has not seen the run grow.
        let fresh = DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 60)
        _ = fresh.refresh(now: now)
        var grown = screen.model
        grown.growing = false
        for index in grown.panels.indices { grown.panels[index].roomToGrow = false }
        #expect(fresh.model == grown)
    }

    /// A run quiet when opened has its charts fit close (1.5 × 2ⁿ columns allowed); once it is
    /// seen growing, they leave it room to double (2ⁿ columns: `ChartModel.roomToGrow`).
    @Test func aRunSeenGrowingHasChartsThatLeaveItRoomToDouble() throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        writeRun(scratch.path, episodes: 0..<100)
        let start = Date()
        var now = start
        let screen = DashboardScreen(source: try RunSource(path: scratch.path), state: TestRuns.state(), refresh: 60)
        let loop = ScreenLoop(root: screen, terminal: TextTerminal(width: 120, height: 40)) { now }
        loop.step()
        #expect(screen.model.panels.allSatisfy { !$0.roomToGrow })
        writeRun(scratch.path, episodes: 100..<101)
        now = start.addingTimeInterval(DashboardScreen.chartInterval)
        loop.filesChanged()
        loop.step()
        #expect(screen.model.latestEpisode == 100)
        #expect(screen.model.panels.allSatisfy { $0.roomToGrow })
    }

    /// Also when the backlog ends in a stretch of lines that are not records: its last slices read
    /// nothing new, and the slice before them may not have been drawn.
    @Test(arguments: [false, true])
    func aBacklogShowsItsProgressTenTimesASecondAndItsEndAtOnce(endsInMalformedLines: Bool) throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        writeRun(scratch.path, episodes: 0..<120_000)
        if endsInMalformedLines {
            let handle = try #require(FileHandle(forWritingAtPath: scratch.path + "/episodes.jsonl"))
            handle.seekToEndOfFile()
            handle.write(Data(String(repeating: "not a record\n", count: 400_000).utf8))
            try handle.close()
        }
        let step = endsInMalformedLines ? 0.001 : 0.03
        let start = Date()
        var now = start
        let screen = DashboardScreen(source: try RunSource(path: scratch.path), state: TestRuns.state(), refresh: 60)
        var refreshes = 0
        var drawnAt: [TimeInterval] = []
        var shown = -1
        while true {
            let result = screen.refresh(now: now)
            refreshes += 1
            if screen.model.episodeCount != shown {
                shown = screen.model.episodeCount
                drawnAt.append(now.timeIntervalSince(start))
            }
            // A slice left more to read: the next is due at once.
            if result.next > now { break }
            now = now.addingTimeInterval(step)
        }
        #expect(shown == 120_000)
        #expect(drawnAt.count >= 2 && refreshes > drawnAt.count, "\(refreshes) slices, drawn \(drawnAt)")
        // Progress at most ten times a second; the last slice (what may come after it is live) at once.
        for (earlier, later) in zip(drawnAt, drawnAt.dropFirst()).dropLast() { #expect(later - earlier >= DashboardScreen.backlogFrameInterval - 1e-9) }
        if !endsInMalformedLines { #expect(drawnAt.last == now.timeIntervalSince(start)) }
    }

    @Test func keysAndResizesAreHandledAtOnce() throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        writeRun(directory, episodes: 0..<5)
        let terminal = TextTerminal(width: 120, height: 40)
        let loop = ScreenLoop(root: DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 60), terminal: terminal)
        loop.step()
        terminal.pendingKeys = [.character("?")]
        #expect(loop.handleKeys() == .none)
        #expect(terminal.screen.lines.joined().contains("Keys"))
        terminal.resize(width: 60, height: 30)
        #expect(loop.handleKeys() == .none)
        #expect(terminal.screen.lines.count == 30 && terminal.screen.lines[0].count == 60)
        terminal.pendingKeys = [.escape, .character("q")]
        #expect(loop.handleKeys() == .quit)
    }

    @Test func alertsShowInTheStripAndTheHistoryAndRingTheBell() async throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let lines = [#"{"episode": 0, "profit": 5, "loss": 0.5}"#, #"{"episode": 1, "profit": -900, "loss": NaN}"#].joined(separator: "\n") + "\n"
        _ = FileManager.default.createFile(atPath: directory + "/episodes.jsonl", contents: Data(lines.utf8))
        let terminal = TextTerminal(width: 120, height: 40)
        let monitor = try AlertMonitor(config: AlertConfig(), runPath: directory)
        let loop = ScreenLoop(root: DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 60, alerts: monitor, bell: true), terminal: terminal)
        loop.step()
        let strip = terminal.screen.lines[38]
        #expect(strip.contains("alerts · a: all"), "\(strip)")
        #expect(terminal.bells == 1)
        terminal.pendingKeys = [.character("a")]
        _ = loop.handleKeys()
        let overlay = terminal.screen.lines.joined(separator: "\n")
        #expect(overlay.contains("Alerts") && overlay.contains("[CRITICAL] NaN or Infinity in loss") && overlay.contains("[WARNING] Profit below warning level"))
        terminal.pendingKeys = [.escape]
        _ = loop.handleKeys()
        #expect(!terminal.screen.lines.joined().contains("Esc closes"))
        await monitor.drained()
    }

    @Test func aReceiverThatIsDownShowsInTheStatusLineWhileTheDashboardRuns() async throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        writeRun(directory, episodes: 0..<3)
        writeRun(directory, episodes: 3..<4)
        let lines = #"{"episode": 4, "profit": -900}"# + "\n"
        let handle = FileHandle(forWritingAtPath: directory + "/episodes.jsonl")!
        handle.seekToEndOfFile()
        handle.write(Data(lines.utf8))
        try handle.close()
        var config = try AlertConfig.parse(Data(#"{"alerts": {"webhook": {"url": "http://127.0.0.1:9/SECRET-hook"}, "retry_attempts": 3, "retry_delay_seconds": 0.01}}"#.utf8))
        config.thresholds.stallSeconds = 3600
        var now = Date()
        let terminal = TextTerminal(width: 160, height: 40)
        let monitor = try AlertMonitor(config: config, runPath: directory)
        let loop = ScreenLoop(root: DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 1, alerts: monitor), terminal: terminal) { now }
        loop.step()
        await monitor.drained()
        now = now.addingTimeInterval(1.5)
        loop.step()
        let status = terminal.screen.lines.last!
        #expect(status.contains("alert delivery failed: webhook: connection refused"), "\(status)")
        #expect(!terminal.screen.lines.joined().contains("SECRET"))
        #expect(terminal.screen.lines.joined().contains("5 logged"))
    }

    @Test func pausedFollowingReadsNothingUntilResumed() throws {
        let scratch = ScratchDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        writeRun(directory, episodes: 0..<3)
        var now = Date()
        let terminal = TextTerminal(width: 120, height: 40)
        let loop = ScreenLoop(root: DashboardScreen(source: try RunSource(path: directory), state: TestRuns.state(), refresh: 1), terminal: terminal) { now }
        loop.step()
        terminal.pendingKeys = [.character("p")]
        _ = loop.handleKeys()
        #expect(terminal.screen.lines.last!.contains("PAUSED"))
        writeRun(directory, episodes: 3..<8)
        now = now.addingTimeInterval(1.5)
        loop.step()
        #expect(terminal.screen.lines.joined().contains("3 logged"))
        terminal.pendingKeys = [.character("p")]
        _ = loop.handleKeys()
        now = now.addingTimeInterval(1.5)
        loop.step()
        #expect(terminal.screen.lines.joined().contains("8 logged"))
    }
}
