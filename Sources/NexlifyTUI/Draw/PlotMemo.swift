import Foundation

/// What drawing each chart layer left behind, so that the next frame of a growing run folds
/// only the samples that are new: a layer's samples are compared byte for byte with those drawn
/// last time, and while all but the last still match (a run that only grew), the y bounds and
/// the dot columns of that part are taken as they were and only the rest is folded in. Anything
/// else (a changed sample, another size or range) folds every sample again, so a frame drawn
/// with the memo is exactly the frame drawn without it.
///
/// A chart whose picture did not change at all (a followed run's figures moved between two
/// drawings of its charts: `DashboardModel(picturesFrom:)`) is not drawn again: its cells from
/// last time are put back and its caption drawn with the new value.
///
/// One memo per screen that redraws the same charts (the dashboard's frame cache keeps one);
/// layers are told apart by the key the caller gives each chart and their place in it.
final class PlotMemo {
    /// One layer's saved state.
    final class Layer {
        /// The samples last drawn (kept, not copied: the model holds them anyway).
        fileprivate(set) var samples: [ChartSample] = []
        /// How many of `samples` the saved bounds and columns cover.
        fileprivate(set) var prefix = 0
        /// How many of this frame's samples the saved state covers (0: fold them all).
        private(set) var reusable = 0
        /// The y and x bounds of the prefix, on a log scale or not.
        var bounds: (log: Bool, bounds: ChartBounds)?
        /// The dot columns of the prefix, for the mapping they were folded with.
        var columns: (mapping: DotMapper.Grid, pendingGap: Bool, columns: [LayerPlotter.Column])?

        /// Compares this frame's samples with the last frame's, then remembers them; the state
        /// saved from here on covers all but the last of them.
        fileprivate func begin(_ samples: [ChartSample]) {
            reusable = Self.samePrefix(samples, self.samples, count: prefix) ? prefix : 0
            if reusable == 0 {
                bounds = nil
                columns = nil
            }
            self.samples = samples
            prefix = max(0, samples.count - 1)
        }

        private static func samePrefix(_ new: [ChartSample], _ old: [ChartSample], count: Int) -> Bool {
            guard count > 0, new.count > count, old.count >= count else { return false }
            return new.withUnsafeBytes { newBytes in
                old.withUnsafeBytes { oldBytes in
                    memcmp(newBytes.baseAddress!, oldBytes.baseAddress!, count * MemoryLayout<ChartSample>.stride) == 0
                }
            }
        }
    }

    /// What a chart's drawing depends on besides its caption's value: equal looks draw equal cells.
    struct Look: Equatable {
        var model: ChartModel
        var rect: Rect
        var theme: Theme
        var glyphs: DotCanvas.Glyphs
        var highlighted: Bool

        init(_ model: ChartModel, rect: Rect, theme: Theme, glyphs: DotCanvas.Glyphs, highlighted: Bool) {
            var picture = model
            picture.valueText = ""
            picture.valueRole = .foreground
            self.model = picture
            self.rect = rect
            self.theme = theme
            self.glyphs = glyphs
            self.highlighted = highlighted
        }
    }

    /// A chart as last drawn: what it looked like and its cells.
    struct Drawn {
        let look: Look
        let cells: [Cell]
        let plot: ChartWidget.Plot?
    }

    private var layers: [String: [Layer]] = [:]
    private var drawnCharts: [String: Drawn] = [:]
    /// Charts put back as they were drawn instead of drawn again, over every frame.
    private(set) var reusedCharts = 0

    /// The chart `key` as last drawn, when it looked as `look` says (the samples are compared as
    /// arrays: the kept picture of a model whose figures alone are new is the same storage).
    func drawn(_ key: String, look: Look) -> Drawn? {
        guard let drawn = drawnCharts[key], drawn.look == look else { return nil }
        reusedCharts += 1
        return drawn
    }

    /// Remembers the chart `key` as drawn now.
    func keep(_ key: String, look: Look, cells: [Cell], plot: ChartWidget.Plot?) {
        drawnCharts[key] = Drawn(look: look, cells: cells, plot: plot)
    }
    /// Samples taken as they were instead of folded again, over every frame (what the memo saved).
    private(set) var reusedSamples = 0

    init() {}

    /// The saved state of the layers of the chart `key`, checked against `model`'s samples.
    func layers(of key: String, _ model: ChartModel) -> [Layer] {
        var saved = layers[key] ?? []
        while saved.count < model.layers.count { saved.append(Layer()) }
        if saved.count > model.layers.count { saved.removeLast(saved.count - model.layers.count) }
        for (layer, memo) in zip(model.layers, saved) {
            memo.begin(layer.samples)
            reusedSamples += memo.reusable
        }
        layers[key] = saved
        return saved
    }
}
