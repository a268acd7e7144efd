/// Puts one chart layer's samples onto a dot canvas. Samples are bucketed by dot column: an
/// envelope keeps each column's lowest and highest dot (so spikes survive however many points
/// share a column), a line keeps the column's mean; consecutive columns are joined with straight
/// lines unless a non-finite sample (a gap) lies between them.
enum LayerPlotter {
    /// What the samples falling in one dot column came to.
    struct Column {
        var top = Int.max
        var bottom = Int.min
        var first = 0
        var last = 0
        var sum = 0.0
        var weight = 0.0
        var count = 0
        var gapBefore = false
    }

    /// `memo`: the layer's columns saved last frame (`PlotMemo`), taken when the samples they
    /// came from and the mapping are unchanged; this frame's are saved for all but the last sample.
    static func plot(_ layer: ChartLayer, on canvas: inout DotCanvas, mapper: DotMapper, style: Style, memo: PlotMemo.Layer? = nil) {
        guard canvas.dotWidth > 0, canvas.dotHeight > 0 else { return }
        let mapping = mapper.grid
        var columns: [Column]
        var pendingGap = false
        var start = 0
        if let memo, memo.reusable > 0, let saved = memo.columns, saved.mapping == mapping {
            columns = saved.columns
            pendingGap = saved.pendingGap
            start = memo.reusable
        } else {
            columns = [Column](repeating: Column(), count: canvas.dotWidth)
        }
        let lastColumn = canvas.dotWidth - 1
        layer.samples.withUnsafeBufferPointer { samples in
            for index in start..<samples.count {
                if let memo, index == memo.prefix { memo.columns = (mapping, pendingGap, columns) }
                let sample = samples[index]
                guard sample.x.isFinite else { continue }
                guard let valueY = mapper.clampedY(sample.value) else {
                    pendingGap = true
                    continue
                }
                let column = min(max(mapper.x(sample.x), 0), lastColumn)
                let lowY = sample.low == sample.value ? valueY : (mapper.clampedY(sample.low) ?? valueY)
                let highY = sample.high == sample.value ? valueY : (mapper.clampedY(sample.high) ?? valueY)
                let firstY = sample.firstValue == sample.value ? valueY : (mapper.clampedY(sample.firstValue) ?? valueY)
                let lastY = sample.lastValue == sample.value ? valueY : (mapper.clampedY(sample.lastValue) ?? valueY)
                columns.withUnsafeMutableBufferPointer { columns in
                    if columns[column].count == 0 { columns[column].first = firstY }
                    if pendingGap { columns[column].gapBefore = true }
                    columns[column].top = min(columns[column].top, highY, lowY, valueY)
                    columns[column].bottom = max(columns[column].bottom, highY, lowY, valueY)
                    columns[column].last = lastY
                    columns[column].sum += sample.value * sample.weight
                    columns[column].weight += sample.weight
                    columns[column].count += 1
                }
                pendingGap = false
            }
        }
        var previous: (x: Int, y: Int)?
        for (x, entry) in columns.enumerated() where entry.count > 0 {
            switch layer.mode {
            case .band:
                canvas.vertical(x: x, from: entry.top, to: entry.bottom, style: style)
            case .envelope:
                if let previous, !entry.gapBefore { canvas.line(from: previous, to: (x, entry.first), style: style) }
                canvas.vertical(x: x, from: entry.top, to: entry.bottom, style: style)
                previous = (x, entry.last)
            case .line:
                let mean = entry.weight > 0 ? entry.sum / entry.weight : .nan
                let y = mapper.clampedY(mean) ?? entry.last
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
