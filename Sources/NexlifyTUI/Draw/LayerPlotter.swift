/// Puts one chart layer's samples onto a dot canvas. Samples are bucketed by dot column: an
/// envelope keeps each column's lowest and highest dot (so spikes survive however many points
/// share a column), a line keeps the column's mean; consecutive columns are joined with straight
/// lines unless a non-finite sample (a gap) lies between them.
enum LayerPlotter {
    private struct Column {
        var top = Int.max
        var bottom = Int.min
        var first = 0
        var last = 0
        var sum = 0.0
        var count = 0
        var gapBefore = false
    }

    static func plot(_ layer: ChartLayer, on canvas: inout DotCanvas, mapper: DotMapper, style: Style) {
        guard canvas.dotWidth > 0, canvas.dotHeight > 0 else { return }
        var columns = [Column?](repeating: nil, count: canvas.dotWidth)
        var pendingGap = false
        for sample in layer.samples where sample.x.isFinite {
            guard let valueY = mapper.clampedY(sample.value) else {
                pendingGap = true
                continue
            }
            let column = min(max(mapper.x(sample.x), 0), canvas.dotWidth - 1)
            let lowY = sample.low == sample.value ? valueY : (mapper.clampedY(sample.low) ?? valueY)
            let highY = sample.high == sample.value ? valueY : (mapper.clampedY(sample.high) ?? valueY)
            var entry = columns[column] ?? Column(first: valueY, gapBefore: pendingGap)
            if pendingGap { entry.gapBefore = true }
            entry.top = min(entry.top, highY, lowY, valueY)
            entry.bottom = max(entry.bottom, highY, lowY, valueY)
            entry.last = valueY
            entry.sum += sample.value
            entry.count += 1
            columns[column] = entry
            pendingGap = false
        }
        var previous: (x: Int, y: Int)?
        for (x, entry) in columns.enumerated() {
            guard let entry else { continue }
            switch layer.mode {
            case .band:
                canvas.vertical(x: x, from: entry.top, to: entry.bottom, style: style)
            case .envelope:
                if let previous, !entry.gapBefore { canvas.line(from: previous, to: (x, entry.first), style: style) }
                canvas.vertical(x: x, from: entry.top, to: entry.bottom, style: style)
                previous = (x, entry.last)
            case .line:
                let y = mapper.clampedY(entry.sum / Double(entry.count)) ?? entry.last
                if let previous, !entry.gapBefore {
                    canvas.line(from: previous, to: (x, y), style: style)
                } else {
                    canvas.set(x, y, style: style)
                }
                previous = (x, y)
            }
        }
    }
}
