@preconcurrency import CNcursesw
import Foundation

/// The real screen, through ncursesw: the only file that imports curses. It sets up a UTF-8
/// locale (falling back to ASCII charts without one), picks the colour depth from the terminal
/// and the environment, reads keys without blocking, and restores the terminal exactly once.
/// Changed cells are drawn by `FrameEncoder`, one write a frame with only the style codes that
/// change (curses sends foreground and background at every colour change, and a write per
/// line). Curses is never given a screen larger
/// than `CellBuffer.maximumSize` (it allocates for every cell): a bigger window is started with
/// capped `LINES`/`COLUMNS`, and resizes are applied with `resizeterm` to the capped size.
final class CursesTerminal: Terminal {
    let colorDepth: ColorDepth
    let supportsBraille: Bool
    let inputDescriptor: Int32 = STDIN_FILENO
    private var active = true
    private var encoder: FrameEncoder
    private(set) var size: (width: Int, height: Int)

    /// Starts curses on the controlling terminal; throws when there is none.
    init(environment: [String: String]) throws {
        supportsBraille = Self.setUpUTF8Locale()
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw Failure(description: "the dashboard needs a terminal (stdin and stdout must be a TTY); use `nexlify-tui snapshot` or `summary` in scripts")
        }
        size = Self.windowSize() ?? (80, 24)
        let capped = Self.capped(size)
        let oversize = capped != size
        if oversize {
            setenv("LINES", "\(capped.height)", 1)
            setenv("COLUMNS", "\(capped.width)", 1)
        }
        defer {
            if oversize {
                unsetenv("LINES")
                unsetenv("COLUMNS")
            }
        }
        guard initscr() != nil else {
            throw Failure(description: "could not start the terminal (TERM=\(environment["TERM"] ?? "unset")); try TERM=xterm-256color")
        }
        cbreak()
        noecho()
        nonl()
        keypad(nx_stdscr(), true)
        nodelay(nx_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        var depth = ColorDepth.monochrome
        if has_colors() {
            start_color()
            depth = ColorDepth.detect(environment: environment, terminalColors: Int(nx_colors()))
        } else {
            depth = .monochrome
        }
        // Without a direct-colour terminfo entry the terminal may not take 24-bit colours: use the palette.
        if depth == .trueColor && nx_colors() < 0x1000000 { depth = nx_colors() >= 256 ? .palette256 : .palette8 }
        colorDepth = depth
        encoder = FrameEncoder(depth: depth, writesLastCell: tigetflag("xenl") > 0, erasesInBackground: tigetflag("bce") > 0)
        // Focus reporting: the terminal (tmux with `focus-events on`) says when the pane is shown
        // again or hidden, as ESC [ I and ESC [ O, which curses hands over as these key codes.
        define_key("\u{1B}[I", Self.focusInCode)
        define_key("\u{1B}[O", Self.focusOutCode)
        Self.writeAll(Array("\u{1B}[?1004h".utf8))
        // Curses clears the screen at its first refresh: now, not over the first frame.
        refresh()
    }

    /// Key codes curses returns for the focus reports (past every code of its own).
    private static let focusInCode = KEY_MAX + 1
    private static let focusOutCode = KEY_MAX + 2

    /// Why the terminal could not be used.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func sizeChanged() {
        guard active, let window = Self.windowSize() else { return }
        size = window
        let capped = Self.capped(window)
        resizeterm(Int32(capped.height), Int32(capped.width))
        // Curses repaints its (blank) screen after a resize: now, before the frame drawn whole.
        refresh()
        encoder.reset()
    }

    /// The window's size from the terminal driver.
    private static func windowSize() -> (width: Int, height: Int)? {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else { return nil }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    private static func capped(_ size: (width: Int, height: Int)) -> (width: Int, height: Int) {
        (min(size.width, CellBuffer.maximumSize.width), min(size.height, CellBuffer.maximumSize.height))
    }

    func apply(_ changes: [(x: Int, y: Int, cell: Cell)], of frame: CellBuffer) {
        guard active, !changes.isEmpty else { return }
        Self.writeAll(encoder.encode(changes, of: frame))
    }

    /// Writes to the terminal, whatever partial writes and interruptions come; a terminal that
    /// cannot take more now (a non-blocking descriptor) is waited for, not spun on.
    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if count > 0 {
                    offset += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else if count < 0 && errno == EAGAIN {
                    var ready = pollfd(fd: STDOUT_FILENO, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, 100)
                } else {
                    return
                }
            }
        }
    }

    func readKeys() -> [Key] {
        var keys: [Key] = []
        var input: wint_t = 0
        while true {
            let result = wget_wch(nx_stdscr(), &input)
            if result == ERR { break }
            if result == KEY_CODE_YES {
                keys.append(Self.key(forCode: Int32(input)))
            } else if input == 27 {
                keys.append(.escape)
            } else if input == 10 || input == 13 {
                keys.append(.enter)
            } else if input == 127 || input == 8 {
                keys.append(.backspace)
            } else if let scalar = Unicode.Scalar(UInt32(input)) {
                keys.append(.character(Character(scalar)))
            }
        }
        return keys
    }

    func bell() {
        if active { beep() }
    }

    func restore() {
        guard active else { return }
        active = false
        Self.writeAll(Array("\u{1B}[?1004l\u{1B}[0m".utf8))
        curs_set(1)
        endwin()
    }

    func suspend() {
        guard active else { return }
        // What the shell gets back: no focus reports, plain attributes, the tty modes and the
        // main screen (endwin); stopped as Ctrl-Z would stop us, until `fg` continues us.
        Self.writeAll(Array("\u{1B}[?1004l\u{1B}[0m".utf8))
        endwin()
        CrashGuard.terminalReleased()
        kill(getpid(), SIGSTOP)
        CrashGuard.terminalTaken()
        refresh()
        Self.writeAll(Array("\u{1B}[?1004h".utf8))
        encoder.reset()
    }

    private static func key(forCode code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_RESIZE: return .resize
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case focusInCode: return .focusIn
        case focusOutCode: return .focusOut
        default: return .other
        }
    }

    /// `setlocale` from the environment; if that is not UTF-8 (e.g. `LANG=C`), try C.UTF-8.
    /// Returns whether a UTF-8 locale is in effect (curses drops braille otherwise).
    private static func setUpUTF8Locale() -> Bool {
        setlocale(LC_ALL, "")
        if isUTF8() { return true }
        if setlocale(LC_CTYPE, "C.UTF-8") != nil, isUTF8() { return true }
        return setlocale(LC_CTYPE, "en_US.UTF-8") != nil && isUTF8()
    }

    private static func isUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
