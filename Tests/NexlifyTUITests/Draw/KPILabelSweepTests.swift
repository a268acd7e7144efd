import MetricsKit
import Testing
@testable import NexlifyTUI

/// Every word of the KPI row fits: at every width from 40 to 240 and heights from 12 to 60, no
/// card's label is cut with "…" where one of its designed short forms would fit.
@Suite struct KPILabelSweepTests {
    static let model = DashboardModel(store: TestRuns.demoStore(episodes: 600), smoothing: 10)

    @Test(arguments: Array(stride(from: 12, through: 60, by: 6)))
    func noLabelIsCutWhereAShortFormFits(height: Int) {
        let cards = Self.model.kpis(freshness: .good)
        let forms = cards.flatMap { [$0.title] + $0.shortTitles }
        var cut: [String] = []
        for width in 40...240 {
            let frame = DashboardView.render(state: TestRuns.state(), model: Self.model, width: width, height: height)
            // The KPI row: one or two compact lines, or four lines of boxes.
            for line in frame.lines.prefix(4) {
                for form in forms where form.count > 1 {
                    for length in 1..<form.count where line.contains(String(form.prefix(length)) + "…") {
                        cut.append("\(width)×\(height): \(form.prefix(length))… in \(line)")
                    }
                }
            }
        }
        #expect(cut.isEmpty, "\(cut.prefix(5).joined(separator: "\n"))")
    }

    @Test func theLongestFormThatFitsIsChosen() {
        let card = KPI(title: "Epsilon", value: "0.3", detail: "", level: .neutral, shortTitles: ["Eps", "ε"])
        #expect(card.title(fitting: 10) == "Epsilon" && card.title(fitting: 6) == "Eps" && card.title(fitting: 2) == "ε")
        #expect(card.title(fitting: 2, ascii: true) == "Eps", "the ASCII glyphs have no ε: the shortest ASCII form, cut by the caller")
        #expect(card.title(fitting: 0) == "ε")
    }
}
