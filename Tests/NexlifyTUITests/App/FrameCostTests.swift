import MetricsKit
import Testing
@testable import NexlifyTUI

/// What one new episode costs on screen: the cells that differ between the frame before and the
/// frame after (what `ScreenLoop` sends to the terminal). A chart whose y range stayed put may
/// change only in its last two cell columns with data; the rest of the frame only where figures
/// changed.
@Suite struct FrameCostTests {
    private static func frame(episodes: Int, width: Int, height: Int) -> CellBuffer {
        DashboardView.render(state: TestRuns.state(), model: DashboardModel(store: TestRuns.demoStore(episodes: episodes), smoothing: 10),
                             width: width, height: height)
    }

    /// The plot rows of a panel (inside the frame, above the x axis row), and its y labels' row.
    private static func plotRows(_ rect: Rect) -> Range<Int> { (rect.y + 1)..<(rect.maxY - 2) }

    @Test(arguments: [(601, 200, 50), (5001, 200, 50), (20001, 200, 50), (5001, 80, 24), (20001, 120, 40)])
    func anEpisodeChangesOnlyTheLastColumnsOfEachChart(episodes: Int, width: Int, height: Int) {
        let before = Self.frame(episodes: episodes - 1, width: width, height: height)
        let after = Self.frame(episodes: episodes, width: width, height: height)
        let changes = after.changes(since: before)
        let layout = Layout(width: width, height: height, zoomed: nil, scroll: 0)
        var checked = 0
        for (kind, rect) in layout.panels {
            let rows = Self.plotRows(rect)
            let inside = changes.filter { rows.contains($0.y) && $0.x > rect.x && $0.x < rect.maxX - 1 }
            // A new extreme moves the y labels (left of the plot): then the chart is redrawn, once.
            let labelColumns = (rect.x + 1)..<(rect.x + 7)
            let rescaled = inside.contains { labelColumns.contains($0.x) && ($0.y == rows.lowerBound || $0.y == rows.upperBound - 1) }
            guard !rescaled else { continue }
            checked += 1
            let columns = Set(inside.map(\.x))
            #expect((columns.max() ?? 0) - (columns.min() ?? 0) <= 1, "\(kind) at \(width)×\(height), \(episodes) episodes: changed columns \(columns.sorted())")
        }
        #expect(checked >= layout.panels.count - 2, "most charts keep their range for one episode")
    }

    @Test func aLongRunsNewEpisodeCostsAFewDozenCells() {
        // 20,000 episodes: the figures that moved (cards, panel values) and each chart's last column.
        let changes = Self.frame(episodes: 20001, width: 200, height: 50).changes(since: Self.frame(episodes: 20000, width: 200, height: 50))
        #expect(changes.count <= 80, "\(changes.count) of 10,000 cells changed")
    }
}
