import MetricsKit

/// One KPI card: a label, the value, a detail line and the colour its threshold gives it.
///
/// Thresholds (README): latest profit red below 0; best profit red at or below 0; recent average
/// red below 0 and yellow below the run's overall average (falling); Sharpe red below 0, yellow
/// below 1; current episode yellow after 60 s and red after 300 s without new data.
struct KPI: Equatable, Sendable {
    /// The card's colour.
    enum Level: Equatable, Sendable {
        case good, warning, critical, neutral

        var role: Theme.Role {
            switch self {
            case .good: return .good
            case .warning: return .warning
            case .critical: return .critical
            case .neutral: return .foreground
            }
        }
    }

    var title: String
    var value: String
    var detail: String
    var level: Level
    /// Designed shorter labels, longest first (`Ep` for `Episode`), used where the title does not fit.
    var shortTitles: [String] = []
    /// The room a compact card keeps for its value however long the value is now: a figure that
    /// swings from frame to frame (`-0.747`, `1.2`) keeps its label in one form
    /// (`swingingValueWidth`) instead of switching between `Sharpe` and `Shp` as it does.
    var steadyValueWidth = 0

    /// Enough for most figures (`-0.747`, `12.3k`; `CompactNumber` goes to seven).
    static let swingingValueWidth = 6

    /// The longest of the title and its short forms that fits `room` cells (with `ascii`, the
    /// ASCII ones only); the shortest when none does (the caller cuts it).
    func title(fitting room: Int, ascii: Bool = false) -> String {
        let forms = ([title] + shortTitles).filter { !ascii || $0.unicodeScalars.allSatisfy(\.isASCII) }
        return forms.first { $0.count <= room } ?? forms.last ?? title
    }

    static func profit(_ value: Double?) -> Level {
        guard let value else { return .neutral }
        return value < 0 ? .critical : .good
    }

    static func bestProfit(_ value: Double?) -> Level {
        guard let value else { return .neutral }
        return value <= 0 ? .critical : .good
    }

    static func recentAverage(_ value: Double?, overall: Double?) -> Level {
        guard let value else { return .neutral }
        if value < 0 { return .critical }
        if let overall, value < overall { return .warning }
        return .good
    }

    static func sharpe(_ value: Double?) -> Level {
        guard let value else { return .neutral }
        return value < 0 ? .critical : (value < 1 ? .warning : .good)
    }

    /// Red from the age at which a run is called stalled (`stallSeconds`), yellow from a minute
    /// (or half the threshold, when that is less).
    static func freshness(secondsSinceUpdate: Double?, stallSeconds: Double = StallThreshold.seconds) -> Level {
        guard let seconds = secondsSinceUpdate else { return .neutral }
        return seconds >= stallSeconds ? .critical : (seconds >= min(60, stallSeconds / 2) ? .warning : .good)
    }
}
