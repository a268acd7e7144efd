import MetricsKit

/// Everything the runs view depends on besides the runs themselves: appearance, sort order,
/// the selected and marked runs (by path, so they survive re-sorting and new runs), the filter
/// and the filter being typed.
struct RunsState: Equatable {
    /// The columns the table can be sorted by, in the order `s` cycles through them.
    typealias SortColumn = RunsTable.SortColumn

    /// The most runs one compare view overlays.
    static let maxMarked = 8

    var themes: [Theme]
    var themeIndex = 0
    var glyphs: DotCanvas.Glyphs = .braille
    var monochrome = false
    /// The directory of runs, as given.
    var path: String
    var sort: SortColumn = .name
    var descending = false
    /// The selected run's path.
    var selected: String?
    /// Marked runs' paths, in the order they were marked (their compare colours and glyphs).
    var marked: [String] = []
    /// The filter in force, as typed.
    var filterText = ""
    var filter: RunFilter?
    /// The filter being typed after `/` (nil when not typing).
    var editing: String?
    /// Why the text being typed is not a filter.
    var filterError: String?
    /// Fields the filter compares that no run has (most likely a typo).
    var unknownFields: [String] = []
    /// A one-off message for the bottom line ("mark runs with Space first").
    var message: String?
    /// The connection to the runs' machine when it is not up ("gpu1: link down since 14:02, retrying in 8 s").
    var linkStatus: String?
    var showHelp = false
    /// Which metric plays each role (the config's `panels`), for the dashboards and compare views opened from here.
    var roles = MetricRoles.standard
    /// When a run is called stalled (the config's `stall_seconds`), likewise.
    var stallSeconds = StallThreshold.seconds

    init(theme: Theme, path: String) {
        themes = [theme] + BuiltInThemes.names.filter { $0 != theme.name }.compactMap(Theme.builtIn)
        self.path = path
    }

    var theme: Theme { themes[themeIndex] }

    /// How the table shows `rows`.
    func tableView(of rows: [RunEntry]) -> RunsTable.View {
        RunsTable.View(theme: theme, monochrome: monochrome, ascii: glyphs == .ascii, sort: sort, descending: descending, selected: selected,
                       marked: marked, hyperparameterKeys: RunsOrder.distinguishingKeys(rows))
    }

    /// The dashboard state for a screen opened from the runs view: same theme and glyphs, Esc
    /// comes back here.
    func openedState() -> AppState {
        var state = AppState(theme: theme)
        state.glyphs = glyphs
        state.monochrome = monochrome
        state.backTo = "runs"
        state.roles = roles
        state.stallSeconds = stallSeconds
        return state
    }
}

/// The runs the table shows: the collection's entries that pass the filter, in the chosen order.
/// Runs without the sorted value (or with NaN) come last in either direction; ties keep name order.
/// Sorting by hyperparameters orders by each distinguishing hyperparameter in turn (numbers as
/// numbers).
enum RunsOrder {
    static func visible(_ entries: [RunEntry], state: RunsState) -> [RunEntry] {
        let passing = state.filter.map { filter in entries.filter(filter.matches) } ?? entries
        let hyperparameterKeys = state.sort == .hyperparameters ? distinguishingKeys(passing) : []
        var keyed: [(key: Key, entry: RunEntry)] = []
        var missing: [RunEntry] = []
        for entry in passing {
            let key = key(entry, state.sort, hyperparameterKeys: hyperparameterKeys)
            if key == .missing { missing.append(entry) } else { keyed.append((key, entry)) }
        }
        keyed.sort { first, second in
            if first.key == second.key { return first.entry.name < second.entry.name }
            return state.descending ? second.key < first.key : first.key < second.key
        }
        return keyed.map(\.entry) + missing.sorted { $0.name < $1.name }
    }

    /// The hyperparameters whose values differ between the runs shown (all of them when none do).
    static func distinguishingKeys(_ rows: [RunEntry]) -> [String] {
        let recorded = rows.filter { $0.experiment != nil }
        var values: [String: Set<String>] = [:]
        for entry in recorded {
            for (key, value) in entry.hyperparameters { values[key, default: []].insert(value.description) }
        }
        // A key some runs lack tells them apart too.
        let differing = values.filter { key, set in set.count > 1 || recorded.contains { $0.hyperparameters[key] == nil } }.keys
        return (differing.isEmpty ? Array(values.keys) : Array(differing)).sorted()
    }

    /// A sortable value: a finite number, text, nothing, or a list of them compared in turn.
    /// Numbers come before text and both before a missing value, in either direction.
    indirect enum Key: Equatable {
        case number(Double)
        case text(String)
        case missing
        case list([Key])

        private var rank: Int {
            switch self {
            case .number: return 0
            case .text: return 1
            case .list: return 2
            case .missing: return 3
            }
        }

        static func < (lhs: Key, rhs: Key) -> Bool {
            switch (lhs, rhs) {
            case (.number(let left), .number(let right)): return left < right
            case (.text(let left), .text(let right)): return left < right
            case (.list(let left), .list(let right)):
                for (first, second) in zip(left, right) where first != second { return first < second }
                return left.count < right.count
            default: return lhs.rank < rhs.rank
            }
        }
    }

    private static func key(_ entry: RunEntry, _ column: RunsState.SortColumn, hyperparameterKeys: [String]) -> Key {
        func number(_ value: Double?) -> Key { value.map { $0.isFinite ? .number($0) : .missing } ?? .missing }
        switch column {
        case .name: return .text(entry.name)
        case .host: return .text(entry.hostName)
        case .status: return .text(entry.status.rawValue)
        case .episodes: return .number(Double(entry.episodes))
        case .profit: return number(entry.latestProfit)
        case .bestProfit: return number(entry.bestProfit)
        case .sharpe: return number(entry.sharpe)
        case .winRate: return number(entry.winRate)
        case .updated: return number(entry.lastUpdate?.timeIntervalSince1970)
        case .hyperparameters:
            guard entry.experiment != nil, !hyperparameterKeys.isEmpty else { return .missing }
            return .list(hyperparameterKeys.map { name in
                switch entry.hyperparameters[name] {
                case .number(let value)?: return value.isFinite ? .number(value) : .missing
                case .text(let value)?: return .text(value)
                case .flag(let value)?: return .text(value ? "true" : "false")
                case .json(let value)?: return .text(value.compactText)
                case nil: return .missing
                }
            })
        }
    }
}
