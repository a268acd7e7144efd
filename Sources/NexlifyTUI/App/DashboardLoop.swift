import Foundation
import MetricsKit

/// The live dashboard: one thread, one `poll()` that waits for a key, a signal or the next
/// refresh. On each refresh it reads what the run's files gained (in bounded steps, so a big
/// history never blocks keys), rebuilds the charts only when data arrived, and sends only the
/// cells that changed. Keys and resizes are handled as soon as they arrive.
///
/// ```swift
/// let loop = DashboardLoop(source: source, terminal: terminal, state: state, refresh: 2)
/// let ending = loop.run(signals: watcher)   // .quit or .signal(SIGHUP)
/// ```
final class DashboardLoop {
    /// Why the loop ended.
    enum Ending: Equatable {
        case quit
        case signal(Int32)
    }

    private let source: RunSource
    private let terminal: Terminal
    private let refresh: TimeInterval
    private let clock: () -> Date
    private(set) var state: AppState
    private(set) var model = DashboardModel.empty
    private var shown: CellBuffer?
    private var needsDraw = true
    private var nextRead: Date
    private let alerts: AlertMonitor?
    private let bell: Bool

    init(source: RunSource, terminal: Terminal, state: AppState, refresh: TimeInterval, alerts: AlertMonitor? = nil, bell: Bool = false,
         clock: @escaping () -> Date = Date.init) {
        self.source = source
        self.alerts = alerts
        self.bell = bell
        self.terminal = terminal
        self.state = state
        self.refresh = refresh
        self.clock = clock
        nextRead = clock()
    }

    /// Runs until `q`/Esc or a watched signal.
    func run(signals: SignalWatcher?) -> Ending {
        while true {
            let wait = step()
            var descriptors = [pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0)]
            if let signals { descriptors.append(pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)) }
            _ = poll(&descriptors, nfds_t(descriptors.count), Int32(min(wait, 60) * 1000))
            if let signal = signals?.received().first { return .signal(signal) }
            if handleKeys() == .quit { return .quit }
        }
    }

    /// Reads the run if a refresh is due and draws if anything changed; returns the seconds
    /// until the next refresh.
    @discardableResult
    func step() -> TimeInterval {
        let now = clock()
        if now >= nextRead {
            var moreRemaining = false
            if !state.paused {
                let result = source.poll(maxRecords: 50_000, maxDuration: .milliseconds(25))
                moreRemaining = result.moreRemaining
                if result.newEpisodes + result.newModelRecords > 0 {
                    model = DashboardModel(store: source.store, smoothing: state.smoothing)
                    needsDraw = true
                    Self.returnFreeMemory()
                }
            }
            // Rules look at the run once its history is read, not at each slice of a big backlog.
            if !moreRemaining && !state.paused { checkAlerts(now: now) }
            let status = SourceStatusReader.status(of: source, now: now)
            if status != state.status {
                state.status = status
                needsDraw = true
            }
            nextRead = moreRemaining ? now : now.addingTimeInterval(refresh)
        }
        draw()
        return max(0, nextRead.timeIntervalSince(clock()))
    }

    /// Runs the health rules once the history is read; new alerts go to the strip (and ring the
    /// bell when asked for warnings and critical alerts).
    private func checkAlerts(now: Date) {
        guard let alerts else { return }
        let lines = alerts.check(source, now: now)
        if !lines.isEmpty {
            state.alerts.append(contentsOf: lines)
            if state.alerts.count > 200 { state.alerts.removeFirst(state.alerts.count - 200) }
            if bell && lines.contains(where: { $0.level == .warning || $0.level == .critical }) { terminal.bell() }
            needsDraw = true
        }
        let problem = alerts.latestFailure.map(TerminalText.sanitize)
        if problem != state.alertProblem {
            state.alertProblem = problem
            needsDraw = true
        }
    }

    /// Handles the keys waiting now; returns `.quit` when one of them quits.
    func handleKeys() -> AppEffect {
        for key in terminal.readKeys() {
            switch AppUpdate.handle(key, state: &state) {
            case .quit:
                return .quit
            case .rebuildModel:
                model = DashboardModel(store: source.store, smoothing: state.smoothing)
                needsDraw = true
            case .redraw:
                if key == .resize { shown = nil }
                needsDraw = true
            case .none:
                break
            }
        }
        draw()
        return .none
    }

    /// Hands memory freed by the rebuilt charts back to the system, so a dashboard left running
    /// for days keeps a small footprint instead of the allocator's high-water mark.
    private static func returnFreeMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    private func draw() {
        guard needsDraw else { return }
        needsDraw = false
        let size = terminal.size
        let frame = DashboardView.render(state: state, model: model, width: size.width, height: size.height)
        terminal.apply(frame.changes(since: shown))
        shown = frame
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in <malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
