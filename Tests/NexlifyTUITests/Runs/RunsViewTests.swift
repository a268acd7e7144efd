import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

@Suite struct RunsViewTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func entry(_ name: String, best: Double?, latest: Double?, episodes: Int, learningRate: Double, gamma: Double = 0.99,
                       tags: [String] = ["dqn"], status: RunEntry.Status = .running, updated: Double = 5) -> RunEntry {
        var entry = RunEntry(name: name, path: "/exp/" + name)
        entry.experiment = Experiment(id: name, name: name, description: "", tags: tags,
                                      hyperparameters: ["learning_rate": .number(learningRate), "gamma": .number(gamma)], status: .running,
                                      createdAt: now, completedAt: nil, finalMetrics: [:])
        entry.bestProfit = best
        entry.latestProfit = latest
        entry.episodes = episodes
        entry.status = status
        entry.sharpe = 1.5
        entry.winRate = 55
        entry.lastUpdate = now.addingTimeInterval(-updated)
        return entry
    }

    private var entries: [RunEntry] {
        [
            entry("alpha", best: 120, latest: 80, episodes: 500, learningRate: 0.001),
            entry("bravo", best: nil, latest: nil, episodes: 0, learningRate: 0.0005, status: .waiting),
            entry("charlie", best: 340, latest: -12, episodes: 1500, learningRate: 0.0001, tags: ["ppo"], status: .completed, updated: 4000),
            entry("delta", best: .nan, latest: .nan, episodes: 20, learningRate: 0.003, status: .stalled, updated: 900),
        ]
    }

    private func state() -> RunsState {
        RunsState(theme: .cyberpunk, path: "experiments")
    }

    @Test func sortingCyclesColumnsReversesAndKeepsMissingValuesLast() {
        var state = state()
        #expect(RunsOrder.visible(entries, state: state).map(\.name) == ["alpha", "bravo", "charlie", "delta"])
        var rows = RunsOrder.visible(entries, state: state)
        let order: [(RunsState.SortColumn, [String])] = [
            (.status, ["charlie", "alpha", "delta", "bravo"]),
            (.episodes, ["charlie", "alpha", "delta", "bravo"]),
            (.profit, ["alpha", "charlie", "bravo", "delta"]),
            (.bestProfit, ["charlie", "alpha", "bravo", "delta"]),
        ]
        for (column, names) in order {
            #expect(RunsUpdate.handle(.character("s"), state: &state, rows: rows) == .reorder)
            #expect(state.sort == column)
            rows = RunsOrder.visible(entries, state: state)
            #expect(rows.map(\.name) == names, "\(column)")
        }
        #expect(state.descending)
        #expect(RunsUpdate.handle(.character("S"), state: &state, rows: rows) == .reorder)
        #expect(RunsOrder.visible(entries, state: state).map(\.name) == ["alpha", "charlie", "bravo", "delta"], "missing and NaN stay last")

        // The hyperparameters column sorts by the ones that differ (learning_rate), as numbers.
        state.sort = .updated
        _ = RunsUpdate.handle(.character("s"), state: &state, rows: rows)
        #expect(state.sort == .hyperparameters && !state.descending)
        var plain = RunEntry(name: "aardvark", path: "/exp/aardvark")
        plain.episodes = 3
        #expect(RunsOrder.visible(entries + [plain], state: state).map(\.name) == ["charlie", "bravo", "alpha", "delta", "aardvark"])
        _ = RunsUpdate.handle(.character("s"), state: &state, rows: rows)
        #expect(state.sort == .name, "s wraps around")
    }

    @Test func movingMarkingAndComparing() {
        var state = state()
        let rows = RunsOrder.visible(entries, state: state)
        #expect(RunsUpdate.handle(.character("c"), state: &state, rows: rows) == .redraw)
        #expect(state.message?.hasPrefix("mark runs with Space first") == true)
        #expect(RunsUpdate.handle(.end, state: &state, rows: rows) == .redraw)
        #expect(state.selected == "/exp/delta" && state.message == nil)
        _ = RunsUpdate.handle(.character(" "), state: &state, rows: rows)
        _ = RunsUpdate.handle(.home, state: &state, rows: rows)
        _ = RunsUpdate.handle(.character(" "), state: &state, rows: rows)
        #expect(state.selected == "/exp/bravo", "Space moves on to the next run")
        #expect(RunsUpdate.handle(.character("c"), state: &state, rows: rows) == .compare(["/exp/delta", "/exp/alpha"]))
        #expect(RunsUpdate.handle(.character("k"), state: &state, rows: rows) == .redraw)
        _ = RunsUpdate.handle(.character(" "), state: &state, rows: rows)
        #expect(state.marked == ["/exp/delta"], "Space on a marked run unmarks it")
        #expect(RunsUpdate.handle(.enter, state: &state, rows: rows) == .open("/exp/bravo"))
        state.marked = (0..<8).map { "/exp/\($0)" }
        _ = RunsUpdate.handle(.character(" "), state: &state, rows: rows)
        #expect(state.marked.count == 8 && state.message?.hasPrefix("at most 8 runs") == true)
        _ = RunsUpdate.handle(.character("u"), state: &state, rows: rows)
        #expect(state.marked.isEmpty)
        #expect(RunsUpdate.handle(.escape, state: &state, rows: rows) == .quit)
    }

    @Test func typingAFilterAppliesItAsItBecomesValid() throws {
        var state = state()
        let rows = RunsOrder.visible(entries, state: state)
        _ = RunsUpdate.handle(.character("/"), state: &state, rows: rows)
        for character in "learning_rate<" { _ = RunsUpdate.handle(.character(character), state: &state, rows: rows) }
        #expect(state.filterError == "'learning_rate<' needs a value after it (at column 15)")
        #expect(RunsUpdate.handle(.enter, state: &state, rows: rows) == .redraw, "Enter keeps a malformed filter open")
        #expect(state.editing == "learning_rate<")
        for character in "0.001" { _ = RunsUpdate.handle(.character(character), state: &state, rows: rows) }
        #expect(state.filterError == nil)
        #expect(RunsOrder.visible(entries, state: state).map(\.name) == ["bravo", "charlie"])
        #expect(RunsUpdate.handle(.enter, state: &state, rows: rows) == .reorder)
        #expect(state.filterText == "learning_rate<0.001" && state.editing == nil)

        _ = RunsUpdate.handle(.character("/"), state: &state, rows: rows)
        for character in " and tag:ppo" { _ = RunsUpdate.handle(.character(character), state: &state, rows: rows) }
        #expect(RunsOrder.visible(entries, state: state).map(\.name) == ["charlie"])
        _ = RunsUpdate.handle(.backspace, state: &state, rows: rows)
        #expect(state.editing == "learning_rate<0.001 and tag:pp")
        #expect(RunsUpdate.handle(.escape, state: &state, rows: rows) == .reorder)
        #expect(state.editing == nil && RunsOrder.visible(entries, state: state).map(\.name) == ["bravo", "charlie"], "Esc goes back to the filter before")
        #expect(RunsUpdate.handle(.escape, state: &state, rows: rows) == .reorder)
        #expect(state.filter == nil && state.filterText.isEmpty, "Esc clears the filter before it quits")
    }

    @Test func theTableRendersAsText() throws {
        var state = state()
        state.sort = .bestProfit
        state.descending = true
        state.marked = ["/exp/charlie", "/exp/alpha"]
        state.selected = "/exp/alpha"
        let rows = RunsOrder.visible(entries, state: state)
        let buffer = RunsView.render(state: state, rows: rows, total: 4, now: now, width: 120, height: 12)
        let lines = buffer.lines
        #expect(lines[0].hasPrefix(" Runs │ experiments │ 4 runs │ 2 marked │ sorted by best high→low"))
        #expect(lines[1] == "  name            status  episodes    profit     best▼  sharpe  win %  updated  hyperparameters                         ")
        #expect(lines[2] == "● charlie      completed      1500       -12       340     1.5     55  66m ago  learning_rate=0.0001                    ")
        #expect(lines[3] == "▲ alpha          running       500        80       120     1.5     55      now  learning_rate=0.001                     ")
        #expect(lines[4] == "  bravo          waiting         0         —         —     1.5     55      now  learning_rate=0.0005                    ")
        #expect(lines[5] == "  delta          stalled        20       NaN       NaN     1.5     55  15m ago  learning_rate=0.003                     ")
        #expect(lines[10].hasPrefix("/ filter: a name, tag:dqn"))
        #expect(lines[11].hasSuffix("Enter:open  Space:mark  c:compare  s/S:sort  /:filter  ?:help  q:quit "))
        // Colours: the marks in their runs' colours, a stalled status in red, the selected row highlighted.
        let theme = Theme.cyberpunk
        #expect(buffer[0, 2].style.foreground == theme[.run(0)] && buffer[0, 3].style.foreground == theme[.run(1)])
        #expect(buffer[20, 5].style.foreground == theme[.critical])
        #expect(buffer[40, 3].style.background == theme[.statusBackground] && buffer[40, 2].style.background == theme[.background])
    }

    @Test func narrowTablesDropColumnsAndFileTextIsSanitised() {
        var hostile = entry("evil\u{1B}[31mname", best: 1, latest: 1, episodes: 1, learningRate: 0.1)
        hostile.recordProblem = "evil/experiment.json is unreadable (\u{1B}]0;title\u{07})"
        let state = state()
        let lines = RunsView.render(state: state, rows: [hostile] + entries, total: 5, now: now, width: 60, height: 10).lines
        #expect(lines[1] == "  name▲           status  episodes    profit      best      ", "sharpe and later columns do not fit")
        #expect(!lines.joined().contains("\u{1B}"))
        let wide = RunsView.render(state: state, rows: [hostile], total: 1, now: now, width: 140, height: 6).lines.joined()
        #expect(wide.contains("unreadable") && !wide.contains("\u{1B}") && !wide.contains("\u{07}"))
        var skipping = entries
        skipping[1].skippedLines = 2
        let title = RunsView.render(state: state, rows: skipping, total: 4, now: now, width: 140, height: 10).lines[0]
        #expect(title.contains("│ 2 malformed lines skipped"), "\(title)")
        let empty = RunsView.render(state: state, rows: [], total: 0, now: now, width: 140, height: 10).lines.joined()
        #expect(empty.contains("No runs in experiments yet"))
    }
}
