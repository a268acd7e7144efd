import MetricsKit

/// What turning each chart's series into samples left behind, so that a model rebuilt for a
/// run that only grew turns only the new recent points into samples: while the series has the
/// `revision` it had (it only grew: no point changed, none was folded into history), holds at
/// least the points turned, and the last of them is still where it was, the samples, the open bin
/// and the rolling mean are taken as they were. Anything else (points folded into history, a
/// point arriving out of order, other settings) turns the whole series again, so the samples are
/// exactly those made without the memo. Nothing of the store is kept (its arrays are never
/// shared, so never copied on its next append).
///
/// One memo per screen that rebuilds the same charts (the dashboard keeps one); a series is told
/// apart by the key its caller gives it.
final class SampleMemo {
    /// The state of one series' samples after the recent points turned so far: the samples
    /// and open bin, and for a smoothed line the rolling mean's window.
    struct Progress {
        var binner: SampleBinner
        var rolling: RollingMean?

        init(binner: SampleBinner, rolling: RollingMean? = nil) {
            self.binner = binner
            self.rolling = rolling
        }
    }

    private final class Entry {
        var settings: [Double] = []
        var revision: UInt64 = 0
        /// Recent points turned, and the last of them (x, y's bits).
        var turned = 0
        var last: (x: Int, y: UInt64)?
        var progress: Progress?
    }

    private var entries: [String: Entry] = [:]
    /// Recent points taken as they were instead of turned again, over every rebuild.
    private(set) var reusedPoints = 0

    init() {}

    /// The samples of `series` for `key`: `start` makes the state for its history, `add` turns one
    /// recent point; both are the caller's, the memo only decides where to start.
    func samples(_ key: String, series: MetricSeries, settings: [Double], start: () -> Progress,
                 add: (inout Progress, Int, Double) -> Void) -> [ChartSample] {
        let entry = entries[key] ?? Entry()
        entries[key] = entry
        var progress: Progress
        var from = 0
        if let saved = entry.progress, entry.settings == settings, Self.matches(entry, series) {
            progress = saved
            entry.progress = nil  // so the samples grow in place
            from = entry.turned
            reusedPoints += from
        } else {
            progress = start()
            entry.settings = settings
            entry.revision = series.revision
        }
        let count = min(series.recentX.count, series.recentY.count)
        series.recentX.withUnsafeBufferPointer { xs in
            series.recentY.withUnsafeBufferPointer { ys in
                for index in from..<count { add(&progress, xs[index], ys[index]) }
            }
        }
        entry.turned = count
        entry.last = count > 0 ? (series.recentX[count - 1], series.recentY[count - 1].bitPattern) : nil
        entry.progress = progress
        var finished = progress.binner
        return finished.finish()
    }

    private static func matches(_ entry: Entry, _ series: MetricSeries) -> Bool {
        guard series.revision == entry.revision, series.recentX.count >= entry.turned, series.recentY.count >= entry.turned else { return false }
        guard let last = entry.last else { return entry.turned == 0 }
        return series.recentX[entry.turned - 1] == last.x && series.recentY[entry.turned - 1].bitPattern == last.y
    }
}
