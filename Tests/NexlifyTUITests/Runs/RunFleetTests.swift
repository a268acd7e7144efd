import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

/// Several `--run`s in one runs view: a run named alone beside a directory of runs, each with the
/// machine it is on; the host column appears, sorts, and filters (`host:gpu1`).
@Suite struct RunFleetTests {
    @Test func runsOfSeveralHostsShareOneTable() throws {
        let directory = NSTemporaryDirectory() + "nexlify-fleet-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (run, profit) in [("gpu1/dqn", 5), ("gpu1/ppo", 7), ("local/sac", 3), ("local/other", 1)] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(run)", withIntermediateDirectories: true)
            try "{\"episode\": 1, \"profit\": \(profit)}\n".write(toFile: "\(directory)/\(run)/episodes.jsonl", atomically: true, encoding: .utf8)
        }
        let fleet = RunFleet([RunCollection(path: directory + "/gpu1", host: "gpu1"), RunCollection(path: directory + "/local", only: "sac")])
        while fleet.refresh().moreRemaining {}
        #expect(fleet.entries.map(\.name) == ["dqn", "ppo", "sac"])
        #expect(fleet.entries.map(\.hostName) == ["gpu1", "gpu1", "local"])
        #expect(fleet.spansHosts)

        var state = RunsState(theme: .cyberpunk, path: "gpu1:runs runs/sac")
        let lines = RunsView.render(state: state, rows: fleet.entries, total: 3, now: Date(), width: 120, height: 8).lines
        #expect(lines[1].contains("host"))
        #expect(lines[2].contains("dqn") && lines[2].contains("gpu1"))
        #expect(lines[4].contains("sac") && lines[4].contains("local"))

        // s reaches the host column only when a run is elsewhere; sorting by it reads A→Z.
        _ = RunsUpdate.handle(.character("s"), state: &state, rows: fleet.entries)
        #expect(state.sort == .host && !state.descending)
        var local = RunsState(theme: .cyberpunk, path: "runs")
        _ = RunsUpdate.handle(.character("s"), state: &local, rows: [RunEntry(name: "a", path: "/a")])
        #expect(local.sort == .status)
        #expect(!RunsView.render(state: local, rows: [RunEntry(name: "a", path: "/a")], total: 1, now: Date(), width: 120, height: 6).lines[1].contains("host"))

        state.filterText = "host:gpu1"
        state.filter = try RunFilter.parse("host:gpu1")
        #expect(RunsOrder.visible(fleet.entries, state: state).map(\.name) == ["dqn", "ppo"])
    }
}
