/// The one interface the dashboard loop draws through. `CursesTerminal` is the real screen
/// (and the only file that touches curses); `TextTerminal` keeps frames in memory for tests.
protocol Terminal: AnyObject {
    /// Columns and rows of the window (which may be larger than what is drawn: `CellBuffer.maximumSize`).
    var size: (width: Int, height: Int) { get }
    /// Reads the window's size again after SIGWINCH.
    func sizeChanged()
    /// How many colours the screen shows.
    var colorDepth: ColorDepth { get }
    /// Whether braille characters can be shown (a UTF-8 locale).
    var supportsBraille: Bool { get }
    /// The descriptor to wait on for key presses.
    var inputDescriptor: Int32 { get }
    /// Sends the cells of `frame` that changed and makes them visible.
    func apply(_ changes: [(x: Int, y: Int, cell: Cell)], of frame: CellBuffer)
    /// Key presses waiting now (never blocks).
    func readKeys() -> [Key]
    /// Rings the terminal's bell.
    func bell()
    /// Gives the terminal back to the shell as it was.
    func restore()
    /// Ctrl-Z: gives the terminal back, stops the process until the shell continues it (`fg`),
    /// then takes the terminal again (the next frame is drawn whole).
    func suspend()
}

/// A terminal that keeps what was drawn in a cell buffer: for tests of the loop and rendering.
final class TextTerminal: Terminal {
    private(set) var screen: CellBuffer
    private(set) var cellsSent = 0
    var pendingKeys: [Key] = []
    let colorDepth: ColorDepth
    let supportsBraille = true
    let inputDescriptor: Int32 = -1
    private(set) var restored = false
    private(set) var bells = 0

    init(width: Int, height: Int, colorDepth: ColorDepth = .trueColor) {
        screen = CellBuffer(width: width, height: height)
        self.colorDepth = colorDepth
    }

    var size: (width: Int, height: Int) { (screen.width, screen.height) }

    func resize(width: Int, height: Int) {
        screen = CellBuffer(width: width, height: height)
        pendingKeys.append(.resize)
    }

    func sizeChanged() {}

    func apply(_ changes: [(x: Int, y: Int, cell: Cell)], of frame: CellBuffer) {
        cellsSent += changes.count
        for change in changes { screen.set(change.x, change.y, change.cell) }
    }

    func readKeys() -> [Key] {
        defer { pendingKeys.removeAll() }
        return pendingKeys
    }

    func bell() { bells += 1 }

    func restore() { restored = true }

    private(set) var suspensions = 0

    func suspend() { suspensions += 1 }
}
