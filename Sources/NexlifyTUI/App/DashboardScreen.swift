import AlertKit
import Foundation
import MetricsKit

/// One run's eight-panel dashboard. On each refresh it reads what the run's files gained (in
/// bounded steps, so a big history never blocks keys), rebuilds the model only when data
/// arrived (the figures at once, the charts at most once a `chartInterval`), and runs the alert
/// rules once the history is read.
///
/// ```swift
/// let screen = DashboardScreen(source: try RunSource(path: "training_logs/dqn"), state: state, refresh: 2)
/// ScreenLoop(root: screen, terminal: terminal).run(signals: watcher)
/// ```
final class DashboardScreen: Screen {
    private let source: RunSource
    private let refreshInterval: TimeInterval
    private let alerts: AlertMonitor?
    /// The training script's own alerts (`alerts.log` beside the run), shown, never sent.
    private let trainerAlerts: TrainerAlertLog
    /// The trainer's latest "Training Complete" alerts (they may finish the run).
    private var completions: [TrainerAlertLog.Entry] = []
    /// The last refresh left records to read (a backlog read in slices).
    private var readingBacklog = false
    private let bell: Bool
    /// Wakes the loop when the run's files change (nil without inotify: the refresh polls).
    private let watcher: DirectoryWatcher?
    private(set) var state: AppState
    private(set) var model = DashboardModel.empty {
        didSet { modelVersion += 1 }
    }
    /// Where the run's `control.json` is (the run directory, or the one its file is in), when it was
    /// last seen, and since when requests are this dashboard's own.
    private let controlDirectory: String
    private var controlIdentity: FileIdentity?
    /// Where alerts fired (the run's `alerts.jsonl`, whoever wrote it) and the rules' thresholds.
    private let audit: AlertAuditReader
    private var annotations: PanelAnnotations
    /// Alerts fired in the run's `alerts.jsonl` so far (what the banner counts).
    private var alertsFired = 0
    /// The last look at this run, from before this start or from when the pane was hidden; the
    /// banner compares the run with it once the run is read.
    private let lookFile: LastLookFile?
    private var previousLook: LastLook?
    private var readOnce = false
    private let opened = Date()
    /// Counts rebuilt models, for `frames`.
    private var modelVersion = 0
    private var frames = DashboardFrameCache()
    /// The charts' samples from the last model: a run that grew turns only its new points.
    private let samples = SampleMemo()
    /// When the charts' pictures were last drawn, and when the figures moved past them (the
    /// charts are drawn again then).
    private var lastPictures = Date.distantPast
    private var picturesDue: Date?
    /// The least time between two drawings of a followed run's charts. Figures (cards, panel
    /// values) follow every frame, within a quarter of a second of a write; a chart's new data
    /// changes its last column and maybe its scale, so charts drawn once a second send a second's
    /// changes in one go instead of four times over (a fresh run at 50 episodes/s: about half the bytes).
    static let chartInterval: TimeInterval = 1
    /// While a backlog is read in slices, its progress is drawn at most this often (each such
    /// frame rebuilds every chart from the whole store; its last slice is drawn at once).
    static let backlogFrameInterval: TimeInterval = 0.1
    private var lastBacklogFrame = Date.distantPast
    /// Records read since the model was last rebuilt (a backlog slice not drawn yet).
    private var recordsNotShown = false
    /// The state of the connection to the run's machine, when it is on another.
    private let link: ((Date) -> String?)?

    /// With `state.backTo` set, the screen was opened from another and Esc goes back to it.
    /// `remembersLook`: keep the last look at the run (the banner at the next start); off for the demo.
    /// `link`: for a run on another machine, what its connection's state is in words (nil while up).
    init(source: RunSource, state: AppState, refresh: TimeInterval, alerts: AlertMonitor? = nil, bell: Bool = false, remembersLook: Bool = true,
         link: ((Date) -> String?)? = nil) {
        self.source = source
        self.link = link
        self.state = state
        refreshInterval = refresh
        self.alerts = alerts
        self.bell = bell
        trainerAlerts = TrainerAlertLog(path: TrainerAlertLog.path(forRun: source.path))
        watcher = Self.watcher(for: source)
        controlDirectory = AlertSetup.directory(of: source.path)
        audit = AlertAuditReader(path: AlertAuditLog.path(inDirectory: controlDirectory))
        annotations = alerts.map { PanelAnnotations(thresholds: $0.thresholds) } ?? .none
        // A remote run's copy is new with each process: its look is kept under the remote name.
        lookFile = remembersLook ? LastLookFile(runPath: source.displayName ?? source.path) : nil
        previousLook = lookFile?.load()
    }

    /// A watch on the directory the run's files are in (the run directory, or the one beside a
    /// log file or a snapshot series), and on the subfolders its format reads.
    private static func watcher(for source: RunSource) -> DirectoryWatcher? {
        var isDirectory: ObjCBool = false
        let isRunDirectory = FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) && isDirectory.boolValue
        let parent = (source.path as NSString).deletingLastPathComponent
        let watcher = DirectoryWatcher(parent: isRunDirectory ? source.path : (parent.isEmpty ? "." : parent))
        if isRunDirectory { for folder in source.layout.format.subfolders { _ = watcher?.watch(folder) } }
        return watcher
    }

    var changeDescriptor: Int32? { watcher?.readinessDescriptor }

    func takeChanges() -> Bool {
        guard let changes = watcher?.changes() else { return false }
        return !changes.isEmpty
    }

    func refresh(now: Date) -> ScreenRefresh {
        var result = ScreenRefresh(changed: false, next: now.addingTimeInterval(refreshInterval))
        var moreRemaining = false
        if !state.paused {
            let poll = source.poll(maxRecords: 50_000, maxDuration: .milliseconds(25))
            moreRemaining = poll.moreRemaining
            if poll.newEpisodes + poll.newModelRecords > 0 {
                result.newData = true
                recordsNotShown = true
            }
            // The last slice is drawn even when it read nothing new (a backlog ending in lines that
            // are not records): the slices before it may not have been.
            let backlogFrameDue = !moreRemaining || now >= lastBacklogFrame.addingTimeInterval(Self.backlogFrameInterval) || now < lastBacklogFrame
            if recordsNotShown && backlogFrameDue {
                // A backlog's slices show its progress (ten times a second); a followed run's charts
                // move at most once a chart interval (its figures at every frame).
                rebuildModel(now: now, keepingPictures: !readingBacklog && !moreRemaining && readOnce)
                recordsNotShown = false
                result.changed = true
                if moreRemaining { lastBacklogFrame = now }
                // A backlog read in slices is trimmed after its last slice.
                MemoryTrim.returnFreeMemory(now: now, force: readingBacklog && !moreRemaining)
            }
        }
        // Rules look at the run once its history is read, not at each slice of a big backlog.
        if !moreRemaining && !state.paused { checkAlerts(now: now, result: &result) }
        let trainerEntries = trainerAlerts.read()
        let fired = audit.read()
        alertsFired += fired.count
        let markedSent = annotations.add(fired)
        let markedTrainer = annotations.add(trainerEntries)
        if (markedSent || markedTrainer) && !moreRemaining {
            rebuildModel()
            result.changed = true
        }
        completions = TrainingCompletion.completions(in: completions + trainerEntries)
        let fromTrainer = TrainerAlerts.lines(trainerEntries)
        if !fromTrainer.isEmpty {
            state.alerts.append(contentsOf: fromTrainer)
            if state.alerts.count > 200 { state.alerts.removeFirst(state.alerts.count - 200) }
            result.changed = true
        }
        readControl(now: now, result: &result)
        var status = SourceStatusReader.status(of: source, now: now, loading: moreRemaining, stallSeconds: state.stallSeconds,
                                               trainerAlerts: completions)
        if let words = link?(now) { status.problem = TerminalText.sanitize(words) }
        if status != state.status {
            state.status = status
            result.changed = true
        }
        if !moreRemaining && !readOnce {
            readOnce = true
            showBanner(now: now, result: &result)
        }
        if let due = picturesDue {
            if now >= due {
                rebuildModel(now: now)
                result.changed = true
            } else {
                result.next = min(result.next, due)
            }
        }
        if moreRemaining { result.next = now }
        readingBacklog = moreRemaining
        return result
    }

    /// The run as it looks now, for the banner and the look file.
    private func look(now: Date) -> LastLook {
        LastLook(at: now, episodes: source.store.episodeCount, bestProfit: model.bestProfit, alerts: alertsFired)
    }

    /// "since 14:02: …" against the previous look, once the run is read; that look is used up.
    private func showBanner(now: Date, result: inout ScreenRefresh) {
        guard let previous = previousLook else { return }
        previousLook = nil
        state.banner = TerminalText.sanitize(previous.banner(now: look(now: now)))
        result.changed = true
    }

    /// The dashboard quits: this look is the one the next start compares with (when the run
    /// was read whole; quitting during the first read keeps the look there was).
    func finish() {
        guard readOnce else { return }
        lookFile?.save(look(now: Date()))
    }

    /// The charts and figures from the store, with the alert marks and threshold lines. With
    /// `keepingPictures`, the charts drawn less than `chartInterval` ago keep their picture and
    /// only the figures are new; the charts are drawn when the interval has passed.
    private func rebuildModel(now: Date = Date(), keepingPictures: Bool = false) {
        let keep = keepingPictures && now < lastPictures.addingTimeInterval(Self.chartInterval)
        model = DashboardModel(store: source.store, smoothing: state.smoothing, roles: state.roles, xAxis: source.layout.xAxis,
                               axis: state.axis, annotations: annotations, memo: samples, picturesFrom: keep ? model : nil,
                               growing: source.seenGrowing)
        state.axisChoices = model.axisChoices
        if keep {
            picturesDue = picturesDue ?? lastPictures.addingTimeInterval(Self.chartInterval)
        } else {
            lastPictures = now
            picturesDue = nil
        }
    }

    /// Looks at the run's `control.json` (a `stat`; read when it changed): the trainer's
    /// acknowledgement shows on the status line.
    private func readControl(now: Date, result: inout ScreenRefresh) {
        let identity = FileIdentity.of(path: RunControl.path(inDirectory: controlDirectory))
        guard identity != controlIdentity else { return }
        controlIdentity = identity
        let note = ControlNotes.note(for: RunControl.read(inDirectory: controlDirectory), since: opened, now: now)
        if note != state.controlNote {
            state.controlNote = note
            result.changed = true
        }
    }

    /// Leaves the confirmed request in `control.json` and records it in `alerts.jsonl`.
    private func sendControl(_ kind: ControlRequest.Kind, now: Date) {
        guard link == nil else {
            state.controlNote = ControlNotes.failed("the run is on another machine: S and C reach a trainer through its run directory, so run nexlify-tui there")
            return
        }
        let request = ControlRequest(kind: kind, at: now)
        do {
            try RunControl.write(request, inDirectory: controlDirectory)
            AlertAuditLog(path: AlertAuditLog.path(inDirectory: controlDirectory)).recordControl(request)
            controlIdentity = FileIdentity.of(path: RunControl.path(inDirectory: controlDirectory))
            state.controlNote = ControlNotes.note(for: request, since: opened, now: now)
        } catch {
            state.controlNote = ControlNotes.failed(error.description)
        }
    }

    /// Runs the health rules; new alerts go to the strip (and ring the bell when asked for
    /// warnings and critical alerts).
    private func checkAlerts(now: Date, result: inout ScreenRefresh) {
        guard let alerts else { return }
        let lines = alerts.check(source, now: now)
        if !lines.isEmpty {
            state.alerts.append(contentsOf: lines)
            if state.alerts.count > 200 { state.alerts.removeFirst(state.alerts.count - 200) }
            result.bell = bell && lines.contains { $0.level == .warning || $0.level == .critical }
            result.changed = true
        }
        let problem = alerts.latestFailure.map(TerminalText.sanitize)
        if problem != state.alertProblem {
            state.alertProblem = problem
            result.changed = true
        }
    }

    func handle(_ key: Key) -> ScreenAction {
        switch key {
        case .focusOut:
            // The pane is hidden: what is on screen now is what was last seen (once the run is
            // read whole: a half-read run is not what anyone saw).
            guard readOnce else { break }
            let seen = look(now: Date())
            previousLook = seen
            lookFile?.save(seen)
        case .focusIn:
            // Before the run is first read whole, the banner waits for that read (a focus report
            // comes as soon as the dashboard starts in a focused pane).
            guard readOnce else { return .none }
            var result = ScreenRefresh(changed: false, next: Date())
            showBanner(now: Date(), result: &result)
            return result.changed ? .redraw : .none
        default:
            break
        }
        switch AppUpdate.handle(key, state: &state) {
        case .quit:
            guard key == .escape && state.backTo != nil else { return .quit }
            finish()
            return .close
        case .rebuildModel:
            rebuildModel()
            return .redraw
        case .redraw:
            return .redraw
        case .control(let kind):
            sendControl(kind, now: Date())
            return .redraw
        case .none:
            return .none
        }
    }

    func render(width: Int, height: Int) -> CellBuffer {
        if state.metricsView.isOpen {
            // The page keys stop at the last page of what this frame shows.
            let count = model.metrics.indices(matching: state.metricsView.filter).count
            state.metricsView.pageCount = MetricsGridLayout(rect: DashboardView.metricsArea(state: state, width: width, height: height), count: count).pages
        }
        return frames.frame(state: state, model: model, modelVersion: modelVersion, width: width, height: height)
    }
}
