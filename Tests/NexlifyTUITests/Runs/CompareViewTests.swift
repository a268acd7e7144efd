import Foundation
import MetricsKit
import Testing
@testable import NexlifyTUI

@Suite struct CompareViewTests {
    /// A run with profit only, rising or falling by `step` per episode.
    private func store(profits: [Double]) -> RunStore {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        var batch = RecordBatch(catalog: catalog)
        for (episode, profit) in profits.enumerated() { batch.append(MetricRecord(episode: episode, values: ["profit": profit])) }
        store.ingestEpisodes(batch)
        return store
    }

    @Test func eachPanelOverlaysTheRunsThatHaveItsMetric() {
        let demo = TestRuns.demoStore(episodes: 400)
        let rising = store(profits: (0..<300).map { Double($0) })
        let model = CompareModel(runs: [("demo", demo), ("rising", rising)], smoothing: 10)
        #expect(model.panel(.profit).layers.map(\.role) == [.run(0), .run(1)])
        #expect(model.panel(.profit).layers.allSatisfy { $0.mode == .line })
        #expect(model.panel(.loss).layers.map(\.role) == [.run(0)] && model.panel(.loss).logScale)
        #expect(model.layerRuns[PanelKind.loss.rawValue - 1] == [0])
        #expect(model.panel(.profit).xRange == 0...399, "the x range spans the longest run")
        // The legend shows where each line ends: the smoothed profit (mean of the last 10) for profit.
        let expected = (290..<300).map(Double.init).reduce(0, +) / 10
        #expect(model.legend[1].values[0] == CompactNumber.format(expected))
        #expect(model.legend[1].values[1] == "—", "no loss in the rising run")
        #expect(model.legend.map(\.episodes) == [400, 300])

        let none = CompareModel(runs: [("rising", rising)], smoothing: 10)
        #expect(none.panel(.qValues).missingMessage == "no q_values in these runs")
    }

    @Test func theCompareViewShowsBothLegendsAndMarksEachLineEnd() {
        let rising = store(profits: (0..<200).map { Double($0) })
        let falling = store(profits: (0..<200).map { Double(-$0) })
        let model = CompareModel(runs: [("rising", rising), ("falling", falling)], smoothing: 1)
        var state = TestRuns.state()
        state.backTo = "runs"
        let buffer = CompareView.render(state: state, model: model, status: state.status, width: 160, height: 40)
        let lines = buffer.lines
        #expect(lines[0].hasPrefix("  run         episodes    profit      loss   epsilon"))
        #expect(lines[1].hasPrefix("● rising           200       199         —"))
        #expect(lines[2].hasPrefix("▲ falling          200      -199         —"))
        #expect(buffer[0, 1].style.foreground == Theme.cyberpunk[.run(0)] && buffer[2, 2].style.foreground == Theme.cyberpunk[.run(1)])
        // In the profit panel (top left), the rising line ends top right with ●, the falling one bottom right with ▲.
        let profitRows = lines[3..<22].filter { $0.hasPrefix("│") || $0.hasPrefix("╭") }
        let panelWidth = 40
        let markerRows = profitRows.enumerated().compactMap { index, line -> (Int, Character)? in
            let panel = line.prefix(panelWidth)
            if panel.contains("●") { return (index, "●") }
            if panel.contains("▲") { return (index, "▲") }
            return nil
        }
        #expect(markerRows.map(\.1) == ["●", "▲"], "\(profitRows.map { String($0.prefix(panelWidth)) }.joined(separator: "\n"))")
        #expect(lines.last!.hasSuffix("Esc:runs ?:help q:quit "))

        state.glyphs = .ascii
        let ascii = CompareView.render(state: state, model: model, status: state.status, width: 160, height: 40).lines
        #expect(ascii[1].hasPrefix("A rising") && ascii[2].hasPrefix("B falling"), "letters stand in for the glyphs without braille")
    }

    @Test func navigatingFromTheTableToARunAndToTheCompareViewAndBack() throws {
        let directory = NSTemporaryDirectory() + "runs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, sign) in [("up", 1.0), ("down", -1.0), ("flat", 0.0)] {
            try FileManager.default.createDirectory(atPath: directory + "/" + name, withIntermediateDirectories: true)
            let lines = (0..<50).map { #"{"episode": \#($0), "profit": \#(Double($0) * sign), "epsilon": 0.5}"# + "\n" }.joined()
            try Data(lines.utf8).write(to: URL(fileURLWithPath: directory + "/" + name + "/episodes.jsonl"))
        }
        let terminal = TextTerminal(width: 160, height: 40)
        let screen = RunsScreen(collection: RunFleet([RunCollection(path: directory)]), state: RunsState(theme: .cyberpunk, path: directory), refresh: 60)
        let loop = ScreenLoop(root: screen, terminal: terminal)
        loop.step()
        func text() -> String { terminal.screen.lines.joined(separator: "\n") }
        #expect(text().contains("3 runs") && screen.rows.map(\.name) == ["down", "flat", "up"])
        terminal.pendingKeys = [.enter]
        _ = loop.handleKeys()
        #expect(text().contains("50 logged") && text().contains("Esc:runs"), "Enter opens the selected run")
        terminal.pendingKeys = [.escape]
        _ = loop.handleKeys()
        #expect(text().contains("3 runs") && !text().contains("50 logged"), "Esc comes back to the table")
        terminal.pendingKeys = [.character(" "), .character("j"), .character(" "), .character("c")]
        _ = loop.handleKeys()
        #expect(text().contains("● down") && text().contains("▲ up"), "\(terminal.screen.lines.prefix(4).joined(separator: "/"))")
        terminal.pendingKeys = [.escape, .character("q")]
        #expect(loop.handleKeys() == .quit)
    }
}
