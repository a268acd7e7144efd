import Foundation
import Testing
@testable import NexlifyTUI

@Suite struct ChartWidgetTests {
    private let theme = Theme.cyberpunk

    private func render(_ model: ChartModel, width: Int, height: Int, rect: Rect? = nil, glyphs: DotCanvas.Glyphs = .braille) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height, fill: Cell("·"))
        ChartWidget.render(model, into: &buffer, rect: rect ?? buffer.area, theme: theme, glyphs: glyphs)
        return buffer
    }

    private func line(_ values: [Double], from start: Int = 0) -> ChartModel {
        let samples = values.enumerated().map { ChartSample(x: Double(start + $0.offset), value: $0.element) }
        return ChartModel(title: "T", valueText: "v", layers: [ChartLayer(mode: .line, samples: samples, role: .profit)])
    }

    @Test func aSmallChartRendersExactly() {
        let lines = render(line([0, 1, 2, 3, 4, 5, 6, 7]), width: 14, height: 6).lines
        #expect(lines == [
            "╭─ T ──── v ─╮",
            "│7       ⢀⡠⠔⠁│",
            "│     ⣀⠔⠊⠁   │",
            "│0 ⡠⠒⠉       │",
            "│  ep 0     7│",
            "╰────────────╯",
        ])
    }

    @Test func aColumnIsAFixedStretchOfXThatGrowsByAThirdOrAHalf() {
        #expect(DotMapper.columnWidth(span: 99, columns: 100) == 1)
        #expect(DotMapper.columnWidth(span: 100, columns: 100) == 1.5)
        #expect(DotMapper.columnWidth(span: 399, columns: 100) == 6)
        #expect(DotMapper.columnWidth(span: 600, columns: 100) == 8)
        #expect(DotMapper.columnWidth(span: 7, columns: 20) == 0.375)
        for span in [0.0, -5, .nan, .infinity, 1.8e308] { #expect(DotMapper.columnWidth(span: span, columns: 100).isFinite) }
        // An x on a column's edge falls in that column; the last x fits in the last column.
        let scale = ChartScale(line(Array(repeating: 1, count: 601)))!
        let mapper = DotMapper(scale: scale, dotWidth: 100, dotHeight: 8)
        #expect(mapper.columnWidth == 8 && mapper.x(0) == 0 && mapper.x(7) == 0 && mapper.x(8) == 1 && mapper.x(600) == 75)
        #expect(mapper.lastColumnX == 792)
    }

    @Test func aGrowingRunsColumnsOnlyDouble() {
        #expect(DotMapper.columnWidth(span: 99, columns: 100, roomToGrow: true) == 1)
        #expect(DotMapper.columnWidth(span: 100, columns: 100, roomToGrow: true) == 2)
        #expect(DotMapper.columnWidth(span: 399, columns: 100, roomToGrow: true) == 8)
        #expect(DotMapper.columnWidth(span: 7, columns: 20, roomToGrow: true) == 0.5)
        // From 100 to 100,000 episodes: every column changes nine times, each time twice as wide.
        var widths: [Double] = []
        for span in 100...100_000 {
            let width = DotMapper.columnWidth(span: Double(span), columns: 100, roomToGrow: true)
            if widths.last != width { widths.append(width) }
        }
        #expect(widths == (1...10).map { pow(2, Double($0)) })
        // A run that is not growing fits closer: twice as many steps.
        let close = Set((100...100_000).map { DotMapper.columnWidth(span: Double($0), columns: 100) })
        #expect(close.count == 20)
    }

    @Test func theYRangeHasHeadroomToRoundNumbers() {
        #expect(ChartScale.withHeadroom(-57.3, 46.6) == (-60, 60))
        #expect(ChartScale.withHeadroom(0.05, 1) == (0, 1))
        #expect(ChartScale.withHeadroom(3, 3) == (3, 3), "a constant range is widened elsewhere")
        #expect(ChartScale.withHeadroom(-1.8e308, 1.8e308) == (-1.8e308, 1.8e308), "no grid past the largest double")
        let decades = ChartScale.withLogHeadroom(log10(1.25), log10(15.8))
        #expect(decades.0 == 0 && abs(decades.1 - log10(20)) < 1e-12)
        let small = ChartScale.withLogHeadroom(log10(3e-4), log10(0.7))
        #expect(abs(small.0 - log10(2e-4)) < 1e-12 && small.1 == 0)
    }

    @Test func nothingIsDrawnOutsideTheRectangleAtAnySize() {
        let model = line((0..<500).map { sin(Double($0) / 20) * 100 })
        for width in 0...12 {
            for height in 0...7 {
                let rect = Rect(x: 2, y: 1, width: width, height: height)
                let buffer = render(model, width: 20, height: 10, rect: rect)
                for y in 0..<10 {
                    for x in 0..<20 where !(x >= rect.x && x < rect.maxX && y >= rect.y && y < rect.maxY) {
                        #expect(buffer[x, y].character == "·", "stray write at \(x),\(y) for \(width)×\(height)")
                    }
                }
            }
        }
    }

    @Test func aMissingMetricSaysSoInsteadOfAnEmptyBox() {
        var model = ChartModel(title: "7 Drawdown")
        model.missingMessage = "no drawdown in this run"
        let lines = render(model, width: 30, height: 5).lines
        #expect(lines[2] == "│  no drawdown in this run   │")
    }

    @Test func aSpikeAmongManyPointsStaysVisible() {
        var values = [Double](repeating: 1, count: 10_000)
        values[7_777] = 1_000
        let lines = render(line(values).withMode(.envelope), width: 24, height: 8).lines
        // The top plot row holds the spike's dot, and only it.
        let topRow = lines[1].dropFirst(6).dropLast()
        #expect(topRow.contains { $0 != " " && $0 != "·" })
        #expect(lines[1].hasPrefix("│1k"))
    }

    @Test func nonFiniteValuesAreGapsAndDoNotBreakTheRange() {
        let model = line([1, 2, .nan, .infinity, 3, 4])
        let lines = render(model, width: 16, height: 6).lines
        #expect(lines[1].hasPrefix("│4"))
        #expect(lines[3].hasPrefix("│1"))
        #expect(!lines.joined().contains("NaN"))
        #expect(!lines.joined().contains("∞"))
    }

    @Test func logScaleLabelsShowValuesAndSkipNonPositive() {
        var model = line([1000, 100, 10, 1, 0, -5, 0.1])
        model.logScale = true
        let lines = render(model, width: 20, height: 7).lines
        #expect(lines[1].hasPrefix("│ 1k"))
        #expect(lines[4].hasPrefix("│0.1"))
    }

    @Test func fixedRangeAndUnitAndXRange() {
        var model = line([40, 60], from: 100)
        model.fixedRange = 0...100
        model.unit = "%"
        model.references = [50]
        let lines = render(model, width: 20, height: 7).lines
        #expect(lines[1].hasPrefix("│100%"))
        #expect(lines[4].hasPrefix("│  0%"))
        #expect(lines[5].contains("ep 100") && lines[5].hasSuffix("101│"))
    }

    @Test func asciiModeUsesOnlyASCII() {
        let lines = render(line([0, 5, 2, 8]), width: 16, height: 6, glyphs: .ascii).lines
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII || $0 == "·" })
    }
}

private extension ChartModel {
    func withMode(_ mode: ChartLayer.Mode) -> ChartModel {
        var copy = self
        copy.layers = layers.map { var layer = $0; layer.mode = mode; return layer }
        return copy
    }
}

import Foundation
