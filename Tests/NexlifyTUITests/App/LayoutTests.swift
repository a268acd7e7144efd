import Testing
@testable import NexlifyTUI

@Suite struct LayoutTests {
    @Test func theModeFollowsTheSize() {
        #expect(Layout(width: 200, height: 50, zoomed: nil, scroll: 0).mode == .wide)
        #expect(Layout(width: 160, height: 30, zoomed: nil, scroll: 0).mode == .wide)
        #expect(Layout(width: 159, height: 30, zoomed: nil, scroll: 0).mode == .medium)
        #expect(Layout(width: 80, height: 30, zoomed: nil, scroll: 0).mode == .medium)
        #expect(Layout(width: 79, height: 30, zoomed: nil, scroll: 0).mode == .narrow)
        #expect(Layout(width: 40, height: 12, zoomed: nil, scroll: 0).mode == .narrow)
        #expect(Layout(width: 39, height: 30, zoomed: nil, scroll: 0).mode == .tooSmall)
        #expect(Layout(width: 100, height: 11, zoomed: nil, scroll: 0).mode == .tooSmall)
    }

    @Test func wideIsFourByTwoAndMediumTwoByFour() {
        let wide = Layout(width: 200, height: 50, zoomed: nil, scroll: 0)
        #expect(wide.panels.count == 8)
        #expect(wide.panels[.profit]!.y == wide.panels[.learningRate]!.y)
        #expect(wide.panels[.winRate]!.y > wide.panels[.profit]!.y)
        #expect(wide.kpis == Rect(x: 0, y: 0, width: 200, height: 4))
        #expect(wide.status == Rect(x: 0, y: 49, width: 200, height: 1))
        let medium = Layout(width: 120, height: 40, zoomed: nil, scroll: 0)
        #expect(medium.panels[.profit]!.y == medium.panels[.loss]!.y)
        #expect(medium.panels[.epsilon]!.y > medium.panels[.profit]!.y)
        #expect(medium.panels[.qValues]!.maxY == 39)
    }

    @Test func panelsTileTheBodyWithoutOverlap() {
        for (width, height) in [(200, 50), (161, 33), (120, 40), (81, 25)] {
            let layout = Layout(width: width, height: height, zoomed: nil, scroll: 0)
            var covered = Set<Int>()
            for rect in layout.panels.values {
                for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { #expect(covered.insert(y * width + x).inserted) } }
            }
            #expect(covered.count == width * (height - layout.kpis.height - 1))
        }
    }

    @Test func narrowStacksAndScrolls() {
        let top = Layout(width: 60, height: 30, zoomed: nil, scroll: 0)
        #expect(top.panels.keys.sorted { $0.rawValue < $1.rawValue } == [.profit, .loss, .epsilon])
        #expect(top.hiddenAbove == 0 && top.hiddenBelow == 5)
        let scrolled = Layout(width: 60, height: 30, zoomed: nil, scroll: 2)
        #expect(scrolled.panels.keys.sorted { $0.rawValue < $1.rawValue } == [.epsilon, .learningRate, .winRate])
        let end = Layout(width: 60, height: 30, zoomed: nil, scroll: 99)
        #expect(end.panels.keys.sorted { $0.rawValue < $1.rawValue } == [.sharpe, .drawdown, .qValues])
        #expect(end.hiddenBelow == 0)
    }

    @Test func zoomGivesOnePanelTheBody() {
        let layout = Layout(width: 120, height: 40, zoomed: .sharpe, scroll: 0)
        #expect(layout.panels.count == 1)
        #expect(layout.panels[.sharpe] == Rect(x: 0, y: 4, width: 120, height: 35))
    }

    /// The grid follows from the number of panels: with a ninth (and up to a dozen), every panel
    /// has its place at every size, the panels tile the body, and the narrow column scrolls to each.
    @Test func everyPanelOfALongerTableHasItsPlaceAtEverySize() {
        for count in 1...12 {
            for width in stride(from: 40, through: 240, by: 7) {
                for height in stride(from: 12, through: 60, by: 5) {
                    let layout = Layout(width: width, height: height, zoomed: nil, scroll: 0, panelCount: count)
                    var covered = Set<Int>()
                    for rect in layout.panels.values {
                        #expect(rect.width > 0 && rect.height > 0)
                        for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { #expect(covered.insert(y * width + x).inserted) } }
                    }
                    #expect(covered.count == width * (height - layout.kpis.height - 1), "\(count) panels at \(width)×\(height)")
                    var seen = Set(layout.panels.keys.map(\.rawValue))
                    for scroll in 0..<count {
                        seen.formUnion(Layout(width: width, height: height, zoomed: nil, scroll: scroll, panelCount: count).panels.keys.map(\.rawValue))
                    }
                    #expect(seen == Set(1...count), "\(count) panels at \(width)×\(height)")
                }
            }
        }
        let nine = Layout(width: 200, height: 50, zoomed: nil, scroll: 0, panelCount: 9)
        #expect(nine.panels[PanelKind(number: 9)]!.width == 200, "the ninth alone in its row takes the width")
    }
}
