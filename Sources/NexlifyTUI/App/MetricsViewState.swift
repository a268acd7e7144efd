/// The every-metric view's state (key `m`): the filter applied and the one being typed after
/// `/`, the page, and the chart zoomed (by its place on the page, as the digit keys number them).
struct MetricsViewState: Equatable, Sendable {
    var isOpen = false
    /// A regular expression (or, when it is not one, text) the metric names must match.
    var filter = ""
    /// The filter being typed, while `/` is open.
    var draft: String?
    var page = 0
    /// How many pages the last frame had (set by the screen when it draws).
    var pageCount = 1
    /// The zoomed chart's place on the page, from 1.
    var zoomed: Int?

    /// Longest filter accepted (a line of the header).
    static let maximumFilterLength = 200
}
