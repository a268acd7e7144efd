import Foundation

/// The program's one loop: one `poll()` that waits for a key, a signal, a change of the top
/// screen's files (`Screen.changeDescriptor`: then it refreshes at once if the last refresh that
/// read new records was `minimumChangeInterval` ago or more, else when it is; while a refresh is
/// that close, changes are not listened to, so continuous writes wake it once a frame, not once
/// a write) or the next refresh of the screen on top (the
/// tick, and the fallback where no change is notified: network file systems). Screens are stacked (the runs table, then a run's dashboard or the compare
/// view over it); only the top one is refreshed and drawn, and only the cells that changed are
/// sent to the terminal.
///
/// ```swift
/// let loop = ScreenLoop(root: screen, terminal: terminal)
/// let ending = loop.run(signals: watcher)   // .quit or .signal(SIGHUP)
/// ```
final class ScreenLoop {
    /// Why the loop ended.
    enum Ending: Equatable {
        case quit
        case signal(Int32)
    }

    private let terminal: Terminal
    private let clock: () -> Date
    private var stack: [Screen]
    private var shown: CellBuffer?
    private var needsDraw = true
    private var nextRefresh: Date
    /// When a refresh last read new records (a woken refresh that read none, after a file's
    /// trailing close, does not hold the next one back).
    private var lastDataRefresh = Date.distantPast
    /// The least time between a refresh and one woken by a file change. A write after a quiet
    /// spell shows at once; a run written continuously is drawn at most four times a second, not
    /// at every write. A frame costs the cells its new data changed (each chart's last column and
    /// the figures that moved: `DotMapper`, `ChartScale.withHeadroom`), so four a second at 50
    /// episodes/s stay within a couple of kilobytes a second.
    static let minimumChangeInterval: TimeInterval = 0.25

    init(root: Screen, terminal: Terminal, clock: @escaping () -> Date = Date.init) {
        stack = [root]
        self.terminal = terminal
        self.clock = clock
        nextRefresh = clock()
    }

    /// The screen shown now.
    var top: Screen { stack[stack.count - 1] }

    /// Runs until a screen quits or a watched signal arrives; then every screen still open finishes.
    func run(signals: SignalWatcher?) -> Ending {
        let ending = loop(signals: signals)
        for screen in stack.reversed() { screen.finish() }
        return ending
    }

    private func loop(signals: SignalWatcher?) -> Ending {
        while true {
            let wait = step()
            var descriptors = [pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0)]
            if let signals { descriptors.append(pollfd(fd: signals.descriptor, events: Int16(POLLIN), revents: 0)) }
            // A refresh due within the coalescing interval reads whatever changes meanwhile:
            // a run written continuously does not wake the loop at every write.
            let changes = wait <= Self.minimumChangeInterval ? nil : top.changeDescriptor
            if let changes { descriptors.append(pollfd(fd: changes, events: Int16(POLLIN), revents: 0)) }
            _ = poll(&descriptors, nfds_t(descriptors.count), Int32(min(wait, 60) * 1000))
            if changes != nil, descriptors[descriptors.count - 1].revents & Int16(POLLIN) != 0 { filesChanged() }
            var resized = false
            for signal in signals?.received() ?? [] {
                if signal == SIGTSTP {
                    // Back from `fg`: the screen is drawn whole, at whatever size it has now.
                    terminal.suspend()
                    resized = true
                    continue
                }
                guard signal == SIGWINCH else { return .signal(signal) }
                resized = true
            }
            if resized { terminal.sizeChanged() }
            if handleKeys(resized ? [.resize] : []) == .quit { return .quit }
        }
    }

    /// Refreshes the top screen if it is due and draws if anything changed; returns the seconds
    /// until the next refresh.
    @discardableResult
    func step() -> TimeInterval {
        let now = clock()
        if now >= nextRefresh {
            let refresh = top.refresh(now: now)
            if refresh.changed { needsDraw = true }
            if refresh.newData { lastDataRefresh = now }
            if refresh.bell { terminal.bell() }
            nextRefresh = refresh.next
        }
        draw()
        return max(0, nextRefresh.timeIntervalSince(clock()))
    }

    /// The top screen's files changed: refresh as soon as `minimumChangeInterval` allows.
    func filesChanged() {
        guard top.takeChanges() else { return }
        nextRefresh = min(nextRefresh, max(clock(), lastDataRefresh.addingTimeInterval(Self.minimumChangeInterval)))
    }

    /// Handles `extra` keys (a resize) and the keys waiting now; returns `.quit` when one of them
    /// ends the program, else nil.
    func handleKeys(_ extra: [Key] = []) -> Ending? {
        for key in extra + terminal.readKeys() {
            if key == .resize {
                shown = nil
                needsDraw = true
            }
            switch top.handle(key) {
            case .quit:
                return .quit
            case .close:
                guard stack.count > 1 else { return .quit }
                stack.removeLast()
                screenChanged()
            case .open(let screen):
                stack.append(screen)
                screenChanged()
            case .redraw:
                needsDraw = true
            case .none:
                break
            }
        }
        draw()
        return nil
    }

    /// Another screen is on top: refresh it at once and draw it whole.
    private func screenChanged() {
        needsDraw = true
        nextRefresh = clock()
        step()
    }

    /// The message for a window larger than `CellBuffer.maximumSize`, drawn within the capped area.
    static func oversize(_ size: (width: Int, height: Int)) -> CellBuffer {
        var buffer = CellBuffer(width: min(size.width, CellBuffer.maximumSize.width), height: min(size.height, CellBuffer.maximumSize.height))
        let lines = ["The window is \(size.width)×\(size.height) cells: nexlify-tui draws up to \(CellBuffer.maximumSize.width)×\(CellBuffer.maximumSize.height).",
                     "Make the window smaller (or the font larger); q quits."]
        for (index, line) in lines.enumerated() { buffer.write(TerminalText.truncate(line, to: buffer.width), x: 0, y: index, style: Style()) }
        return buffer
    }

    private func draw() {
        guard needsDraw else { return }
        needsDraw = false
        let size = terminal.size
        let frame = size.width > CellBuffer.maximumSize.width || size.height > CellBuffer.maximumSize.height
            ? Self.oversize(size) : top.render(width: size.width, height: size.height)
        terminal.apply(frame.changes(since: shown), of: frame)
        shown = frame
    }
}
