import Foundation

/// One point of a chart layer: a single value, or a downsampled stretch with its mean (`value`),
/// range (`low`...`high`), the number of points it stands for (`weight`, what its mean counts
/// for in a line's column) and the values it starts and ends on (where an envelope's joining
/// line meets it). A non-finite value marks a gap.
struct ChartSample: Equatable, Sendable {
    var x: Double
    var value: Double
    var low: Double
    var high: Double
    var weight: Double
    var firstValue: Double
    var lastValue: Double

    init(x: Double, value: Double, weight: Double = 1) {
        self.init(x: x, value: value, low: value, high: value, weight: weight)
    }

    init(x: Double, value: Double, low: Double, high: Double, weight: Double = 1) {
        self.init(x: x, value: value, low: low, high: high, weight: weight, firstValue: value, lastValue: value)
    }

    init(x: Double, value: Double, low: Double, high: Double, weight: Double, firstValue: Double, lastValue: Double) {
        self.x = x
        self.value = value
        self.low = low
        self.high = high
        self.weight = weight
        self.firstValue = firstValue
        self.lastValue = lastValue
    }
}

/// A series drawn on a chart.
struct ChartLayer: Equatable, Sendable {
    /// How the samples are drawn.
    enum Mode: Equatable, Sendable {
        /// Each dot column spans the lowest to highest value that falls in it (raw data: spikes
        /// stay visible), and consecutive columns are joined.
        case envelope
        /// One value per dot column (the mean of what falls in it), joined into a line.
        case line
        /// Each dot column filled from `low` to `high` (a ±std band).
        case band
    }

    var mode: Mode
    var samples: [ChartSample]
    var role: Theme.Role
    var dim = false
}

/// Where an alert fired, drawn on the chart's x axis in its level's colour.
struct ChartMark: Equatable, Sendable {
    var x: Double
    var role: Theme.Role
}

/// A value a health rule compares the chart's metric with (critical loss, minimum profit), drawn
/// as a dashed line in its level's colour when it is inside the y range (it never widens it).
struct ChartThreshold: Equatable, Sendable {
    var value: Double
    var role: Theme.Role
}

/// Everything one chart panel shows: title, current value, layers, reference lines and scale.
/// The view draws it with `ChartWidget`; building it from a run is `PanelBuilder`'s job.
struct ChartModel: Equatable, Sendable {
    var title: String
    /// The metric shown, when the title names it (a panel showing another metric than the guide's).
    var titleSource: String?
    var valueText = ""
    var valueRole: Theme.Role = .foreground
    var layers: [ChartLayer] = []
    /// Horizontal reference lines (drawn when inside the y range).
    var references: [Double] = []
    /// The rules' thresholds for this metric.
    var thresholds: [ChartThreshold] = []
    /// Where alerts about this metric fired.
    var marks: [ChartMark] = []
    var logScale = false
    /// A fixed y range (win rate: 0–100); otherwise the data's range.
    var fixedRange: ClosedRange<Double>?
    /// The episodes the chart spans (from the data when not given).
    var xRange: ClosedRange<Double>?
    /// The run is growing (seen growing while followed): its dot columns are 2ⁿ x wide, so new
    /// points change only the last column until the run doubles, and then every column once;
    /// otherwise 1.5 × 2ⁿ widths fit a finished run's span closer (`DotMapper.columnWidth`).
    var roomToGrow = false
    /// The x axis label's prefix: "ep" (episodes) or "step".
    var xLabel = "ep"
    /// Set when x is wall time (Unix seconds): the axis ends are labelled with clock readings,
    /// with the date where it is not this moment's day.
    var xClock: Date?
    /// Appended to y labels (`%`).
    var unit = ""
    /// Shown instead of a chart when the run lacks the metric.
    var missingMessage: String?
}

extension ChartModel {
    /// Whether `other` is this panel showing the same metric the same way (its picture can
    /// stand for this one's until the next is drawn).
    func showsSameMetric(as other: ChartModel) -> Bool {
        title == other.title && titleSource == other.titleSource && missingMessage == other.missingMessage && logScale == other.logScale
            && fixedRange == other.fixedRange && unit == other.unit && xLabel == other.xLabel
    }

    /// Takes `other`'s picture: its layers and the x range they span (the figures stay this one's).
    mutating func keepPicture(of other: ChartModel) {
        layers = other.layers
        xRange = other.xRange
    }
}
