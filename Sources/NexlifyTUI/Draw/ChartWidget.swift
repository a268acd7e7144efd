import Foundation
import MetricsKit

/// Draws a `ChartModel` into a rectangle: a rounded frame with the title and current value,
/// y labels (max at the top, min at the bottom), the episode range below, and the layers as
/// dots. A pure function of (model, rectangle, theme, glyphs); it never draws outside `rect`.
///
/// It returns where the dots went (the plot rectangle and the mapping from data to dots), so a
/// caller can mark points on top.
///
/// ```swift
/// ChartWidget.render(model, into: &buffer, rect: Rect(x: 0, y: 0, width: 40, height: 10), theme: .cyberpunk, glyphs: .braille)
/// ```
enum ChartWidget {
    /// Where a chart's dots went.
    struct Plot {
        let rect: Rect
        let mapper: DotMapper

        /// The cell holding a data point, if it can be plotted.
        func cell(x: Double, value: Double) -> (x: Int, y: Int)? {
            guard x.isFinite, let dotY = mapper.clampedY(value) else { return nil }
            let dotX = min(max(mapper.x(x), 0), mapper.dotWidth - 1)
            return (rect.x + dotX * rect.width / mapper.dotWidth, rect.y + dotY * rect.height / mapper.dotHeight)
        }
    }

    @discardableResult
    ///
    /// `memo` and `key`: where the chart's layers left their state last frame (`PlotMemo`), so a
    /// run that only grew folds only its new samples, and a chart whose picture did not change
    /// (only its value) is its last cells with the caption drawn again; the frame is the same
    /// without them.
    static func render(_ model: ChartModel, into buffer: inout CellBuffer, rect: Rect, theme: Theme, glyphs: DotCanvas.Glyphs, highlighted: Bool = false,
                       memo: PlotMemo? = nil, key: String = "") -> Plot? {
        guard !rect.isEmpty else { return nil }
        let look = PlotMemo.Look(model, rect: rect, theme: theme, glyphs: glyphs, highlighted: highlighted)
        if let drawn = memo?.drawn(key, look: look) {
            // The same picture (a frame where only figures moved): its cells, and the caption anew.
            buffer.paste(drawn.cells, in: rect)
            PanelFrame.drawTop(into: &buffer, rect: rect, style: frameStyle(theme, highlighted: highlighted), ascii: glyphs == .ascii)
            drawCaption(model, into: &buffer, rect: rect, theme: theme)
            return drawn.plot
        }
        let plot = draw(model, into: &buffer, rect: rect, theme: theme, glyphs: glyphs, highlighted: highlighted, memo: memo, key: key)
        memo?.keep(key, look: look, cells: buffer.cells(in: rect), plot: plot)
        return plot
    }

    private static func frameStyle(_ theme: Theme, highlighted: Bool) -> Style {
        Style(foreground: highlighted ? theme[.title] : theme[.border])
    }

    /// The title and the current value, in the top border.
    private static func drawCaption(_ model: ChartModel, into buffer: inout CellBuffer, rect: Rect, theme: Theme) {
        PanelFrame.caption(model.title, source: model.titleSource, value: model.valueText, into: &buffer, rect: rect,
                           titleStyle: Style(foreground: theme[.title], bold: true), valueStyle: Style(foreground: theme[model.valueRole], bold: true))
    }

    private static func draw(_ model: ChartModel, into buffer: inout CellBuffer, rect: Rect, theme: Theme, glyphs: DotCanvas.Glyphs, highlighted: Bool,
                             memo: PlotMemo?, key: String) -> Plot? {
        buffer.clear(rect)
        PanelFrame.draw(into: &buffer, rect: rect, style: frameStyle(theme, highlighted: highlighted), ascii: glyphs == .ascii)
        drawCaption(model, into: &buffer, rect: rect, theme: theme)
        let inner = rect.inset(by: 1)
        guard inner.width >= 4, inner.height >= 2 else { return nil }
        if let message = model.missingMessage {
            let text = TerminalText.truncate(message, to: inner.width)
            buffer.write(text, x: inner.x + (inner.width - text.count) / 2, y: inner.y + (inner.height - 1) / 2, style: Style(foreground: theme[.muted]), clip: inner)
            return nil
        }
        let saved = memo?.layers(of: key, model)
        guard let scale = ChartScale(model, memo: saved) else {
            let text = TerminalText.truncate("waiting for data", to: inner.width)
            buffer.write(text, x: inner.x + (inner.width - text.count) / 2, y: inner.y + (inner.height - 1) / 2, style: Style(foreground: theme[.muted]), clip: inner)
            return nil
        }
        let labelStyle = Style(foreground: theme[.muted])
        let top = scale.label(scale.yMax) + model.unit
        let bottom = scale.label(scale.yMin) + model.unit
        let labelWidth = min(max(top.count, bottom.count), max(0, inner.width / 3))
        let (plotRows, axisRow) = inner.height >= 3 ? inner.splitBottom(1) : (inner, Rect(x: 0, y: 0, width: 0, height: 0))
        let plot = Rect(x: plotRows.x + labelWidth + 1, y: plotRows.y, width: plotRows.width - labelWidth - 1, height: plotRows.height)
        guard plot.width >= 2, plot.height >= 1 else { return nil }
        buffer.write(pad(top, labelWidth), x: plotRows.x, y: plot.y, style: labelStyle, clip: plotRows)
        if plot.height > 1 { buffer.write(pad(bottom, labelWidth), x: plotRows.x, y: plot.maxY - 1, style: labelStyle, clip: plotRows) }
        var canvas = DotCanvas(columns: plot.width, rows: plot.height)
        let mapper = DotMapper(scale: scale, dotWidth: canvas.dotWidth, dotHeight: canvas.dotHeight, roomToGrow: model.roomToGrow)
        if !axisRow.isEmpty {
            let first = xLabel(scale.xMin, model: model, prefixed: true)
            let last = xLabel(mapper.lastColumnX, model: model, prefixed: false)
            buffer.write(first, x: plot.x, y: axisRow.y, style: labelStyle, clip: axisRow)
            if plot.width > first.count + last.count + 1 {
                buffer.write(last, x: plot.maxX - last.count, y: axisRow.y, style: labelStyle, clip: axisRow)
            }
        }
        for reference in model.references {
            guard let y = mapper.y(reference) else { continue }
            for x in stride(from: 0, to: canvas.dotWidth, by: 3) { canvas.set(x, y, style: Style(foreground: theme[.reference])) }
        }
        for threshold in model.thresholds {
            guard let y = mapper.y(threshold.value) else { continue }
            for x in stride(from: 0, to: canvas.dotWidth, by: 4) {
                canvas.set(x, y, style: Style(foreground: theme[threshold.role]))
                if x + 1 < canvas.dotWidth { canvas.set(x + 1, y, style: Style(foreground: theme[threshold.role])) }
            }
        }
        for (index, layer) in model.layers.enumerated() {
            let style = Style(foreground: theme[layer.role], dim: layer.dim)
            LayerPlotter.plot(layer, on: &canvas, mapper: mapper, style: style, memo: saved?[index])
        }
        canvas.draw(into: &buffer, at: plot, glyphs: glyphs)
        if !axisRow.isEmpty { drawMarks(model.marks, axis: Rect(x: plot.x, y: axisRow.y, width: plot.width, height: 1), plot: plot, mapper: mapper, scale: scale, into: &buffer, theme: theme, ascii: glyphs == .ascii) }
        return Plot(rect: plot, mapper: mapper)
    }

    /// Alert marks on the x-axis row, under the column of their x; the most serious wins a cell.
    private static func drawMarks(_ marks: [ChartMark], axis: Rect, plot: Rect, mapper: DotMapper, scale: ChartScale, into buffer: inout CellBuffer,
                                  theme: Theme, ascii: Bool) {
        var cells: [Int: Theme.Role] = [:]
        let rank: [Theme.Role: Int] = [.critical: 3, .warning: 2]
        for mark in marks where mark.x.isFinite && mark.x >= scale.xMin && mark.x <= scale.xMax {
            let column = plot.x + min(max(mapper.x(mark.x), 0), mapper.dotWidth - 1) * plot.width / mapper.dotWidth
            if let held = cells[column], rank[held, default: 1] >= rank[mark.role, default: 1] { continue }
            cells[column] = mark.role
        }
        for (column, role) in cells {
            buffer.write(ascii ? "^" : "▲", x: column, y: axis.y, style: Style(foreground: theme[role], bold: true), clip: axis)
        }
    }

    /// An end of the x axis: a clock reading on wall time, else the count (the first one
    /// prefixed with what it counts: "ep 0").
    private static func xLabel(_ x: Double, model: ChartModel, prefixed: Bool) -> String {
        if let now = model.xClock {
            guard x.isFinite, abs(x) < 1e11 else { return "—" }
            return LocalTime.clock(Date(timeIntervalSince1970: x), now: now)
        }
        let count = CompactNumber.format(x.rounded())
        return prefixed ? model.xLabel + " " + count : count
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let cut = String(text.suffix(width))
        return String(repeating: " ", count: max(0, width - cut.count)) + cut
    }
}

/// The x and y ranges of a chart (y in log10 when the model asks for a log scale).
struct ChartScale {
    let xMin: Double
    let xMax: Double
    /// In plotted units (log10 of the value on a log scale).
    let yMin: Double
    let yMax: Double
    let logScale: Bool

    /// `nil` when no layer has a finite point. `memo`: the layers' saved bounds (`PlotMemo`).
    init?(_ model: ChartModel, memo: [PlotMemo.Layer]? = nil) {
        logScale = model.logScale
        var all = ChartBounds()
        for (index, layer) in model.layers.enumerated() {
            all.include(Self.bounds(of: layer.samples, log: model.logScale, memo: memo?[index]))
        }
        var (xLow, xHigh, yLow, yHigh) = (all.xLow, all.xHigh, all.yLow, all.yHigh)
        guard xLow.isFinite else { return nil }
        if let range = model.xRange {
            xLow = range.lowerBound
            xHigh = range.upperBound
        }
        if let fixed = model.fixedRange {
            yLow = fixed.lowerBound
            yHigh = fixed.upperBound
        }
        // A constant series (or one that differs only by rounding) is drawn mid-height.
        if yHigh - yLow <= 1e-9 * max(abs(yLow), abs(yHigh)) {
            let pad = yLow == 0 ? 1 : abs(yLow) * 0.1
            yLow -= pad
            yHigh += pad
        }
        if xLow == xHigh {
            xLow -= 0.5
            xHigh += 0.5
        }
        if model.fixedRange == nil { (yLow, yHigh) = model.logScale ? Self.withLogHeadroom(yLow, yHigh) : Self.withHeadroom(yLow, yHigh) }
        (xMin, xMax, yMin, yMax) = (xLow, xHigh, yLow, yHigh)
    }

    /// The bounds of the drawable points of `samples`, starting from those `memo` saved for the
    /// part it still covers, and saving them for all but the last sample.
    private static func bounds(of samples: [ChartSample], log: Bool, memo: PlotMemo.Layer?) -> ChartBounds {
        var bounds = ChartBounds()
        var start = 0
        if let memo, memo.reusable > 0, let saved = memo.bounds, saved.log == log {
            bounds = saved.bounds
            start = memo.reusable
        }
        samples.withUnsafeBufferPointer { samples in
            for index in start..<samples.count {
                if let memo, index == memo.prefix { memo.bounds = (log, bounds) }
                let sample = samples[index]
                guard sample.x.isFinite else { continue }
                if let plotted = transform(sample.value, log: log) { bounds.include(plotted, at: sample.x) }
                if sample.low != sample.value, let plotted = transform(sample.low, log: log) { bounds.include(plotted, at: sample.x) }
                if sample.high != sample.value, let plotted = transform(sample.high, log: log) { bounds.include(plotted, at: sample.x) }
            }
        }
        return bounds
    }

    /// A log range (in decades) widened outwards to the nearest 1, 2 or 5 × 10ⁿ: round labels,
    /// and a new point between them leaves the chart as it was.
    static func withLogHeadroom(_ low: Double, _ high: Double) -> (Double, Double) {
        guard low.isFinite, high.isFinite, high > low else { return (low, high) }
        let marks = [0, log10(2.0), log10(5.0), 1]
        func snapped(_ value: Double, down: Bool) -> Double {
            let decade = value.rounded(.down)
            let fraction = value - decade
            let mark = down ? marks.last { $0 <= fraction + 1e-12 } ?? 0 : marks.first { $0 >= fraction - 1e-12 } ?? 1
            return decade + mark
        }
        return (snapped(low, down: true), snapped(high, down: false))
    }

    /// The range widened outwards to the nearest lines of a grid of 1, 2 or 5 × 10ⁿ that
    /// divides it into 4 to 10 steps: a new point inside the grid lines leaves the range (and the
    /// whole chart) as it was, and the labels read as round numbers. Kept as it was where the
    /// grid would not be finite.
    static func withHeadroom(_ low: Double, _ high: Double) -> (Double, Double) {
        let span = high - low
        guard span.isFinite, span > 0 else { return (low, high) }
        let magnitude = pow(10, (log10(span / 4)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { span / $0 <= 10 } ?? 10 * magnitude
        let snappedLow = (low / step).rounded(.down) * step
        let snappedHigh = (high / step).rounded(.up) * step
        guard snappedLow.isFinite, snappedHigh.isFinite, snappedLow <= low, snappedHigh >= high else { return (low, high) }
        return (snappedLow, snappedHigh)
    }

    /// The plotted value: itself, or log10 on a log scale (nil for non-finite or non-positive).
    static func transform(_ value: Double, log: Bool) -> Double? {
        guard value.isFinite else { return nil }
        if log { return value > 0 ? log10(value) : nil }
        return value
    }

    /// A label for a plotted y value.
    func label(_ plotted: Double) -> String {
        CompactNumber.format(logScale ? pow(10, plotted) : plotted)
    }
}

/// The lowest and highest plotted y and x of a set of points (infinite while there are none).
struct ChartBounds {
    var xLow = Double.infinity
    var xHigh = -Double.infinity
    var yLow = Double.infinity
    var yHigh = -Double.infinity

    @inline(__always)
    mutating func include(_ plotted: Double, at x: Double) {
        yLow = min(yLow, plotted)
        yHigh = max(yHigh, plotted)
        xLow = min(xLow, x)
        xHigh = max(xHigh, x)
    }

    mutating func include(_ other: ChartBounds) {
        xLow = min(xLow, other.xLow)
        xHigh = max(xHigh, other.xHigh)
        yLow = min(yLow, other.yLow)
        yHigh = max(yHigh, other.yHigh)
    }
}

/// Maps data coordinates to dot coordinates. A dot column is a fixed stretch of x
/// (`columnWidth`: 2ⁿ or 1.5 × 2ⁿ, the narrowest that holds the range; 2ⁿ only for a growing
/// run), counted from the chart's first x: a new point at the end changes only the last column,
/// and every column moves only when the range outgrows the width (then the stretch doubles, or
/// grows by a third or a half).
struct DotMapper {
    let scale: ChartScale
    let dotWidth: Int
    let dotHeight: Int
    /// The x a dot column spans.
    let columnWidth: Double

    init(scale: ChartScale, dotWidth: Int, dotHeight: Int, roomToGrow: Bool = false) {
        self.scale = scale
        self.dotWidth = dotWidth
        self.dotHeight = dotHeight
        columnWidth = Self.columnWidth(span: scale.xMax - scale.xMin, columns: dotWidth, roomToGrow: roomToGrow)
    }

    /// The narrowest 2ⁿ or 1.5 × 2ⁿ that puts `span` within `columns` columns (the last x in
    /// the last one at most). `roomToGrow` (a growing run): 2ⁿ only, so the columns all change
    /// once each time the run doubles (a live run's frames cost its last column in between) and
    /// its charts are at least half full.
    static func columnWidth(span: Double, columns: Int, roomToGrow: Bool = false) -> Double {
        guard span.isFinite, span > 0, columns > 1 else { return span.isFinite && span > 0 ? span : 1 }
        let least = span / Double(columns - 1)
        let power = pow(2, log2(least).rounded(.down))
        guard power.isFinite, power > 0 else { return least.isFinite && least > 0 ? least : 1 }
        return (roomToGrow ? [power, power * 2] : [power, power * 1.5, power * 2]).first { $0 >= least } ?? power * 2
    }

    /// What decides the dot a value lands on (the range's far x end does not: columns are
    /// counted from the first x): equal grids put every point on the same dot.
    struct Grid: Equatable {
        let xMin, columnWidth, yMin, yMax: Double
        let logScale: Bool
        let dotWidth, dotHeight: Int
    }

    var grid: Grid {
        Grid(xMin: scale.xMin, columnWidth: columnWidth, yMin: scale.yMin, yMax: scale.yMax, logScale: scale.logScale,
             dotWidth: dotWidth, dotHeight: dotHeight)
    }

    /// The first x of the last column (the label at the right end of the axis).
    var lastColumnX: Double { scale.xMin + columnWidth * Double(dotWidth - 1) }

    @inline(__always)
    func x(_ value: Double) -> Int {
        // A hair over the exact quotient, so an x on a column's edge falls in that column.
        let column = (value - scale.xMin) / columnWidth
        guard column.isFinite, abs(column) < 1e9 else { return column > 0 ? Int(1e9) : -Int(1e9) }
        return Int((column + 1e-9).rounded(.down))
    }

    /// Nearest whole number for the small values a plot has (cheaper than `rounded()`).
    @inline(__always)
    private static func round(_ value: Double) -> Int {
        guard value.isFinite, abs(value) < 1e9 else { return value > 0 ? Int(1e9) : -Int(1e9) }
        return value >= 0 ? Int(value + 0.5) : -Int(-value + 0.5)
    }

    /// The dot row for a data value, or nil when it cannot be plotted (or lies outside the range).
    @inline(__always)
    func y(_ value: Double) -> Int? {
        guard let plotted = ChartScale.transform(value, log: scale.logScale) else { return nil }
        let fraction = (scale.yMax - plotted) / (scale.yMax - scale.yMin)
        guard fraction >= -1e-9, fraction <= 1 + 1e-9 else { return nil }
        return Self.round(fraction * Double(dotHeight - 1))
    }

    /// Like `y` but clamped into the plot (for data beyond a fixed range).
    @inline(__always)
    func clampedY(_ value: Double) -> Int? {
        guard let plotted = ChartScale.transform(value, log: scale.logScale) else { return nil }
        let fraction = min(1, max(0, (scale.yMax - plotted) / (scale.yMax - scale.yMin)))
        return Self.round(fraction * Double(dotHeight - 1))
    }
}
