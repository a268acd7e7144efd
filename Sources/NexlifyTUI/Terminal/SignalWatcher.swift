import Foundation

/// Turns SIGINT, SIGTERM, SIGHUP and SIGQUIT (and, for a screen, SIGWINCH and SIGTSTP) into bytes on a pipe
/// (the self-pipe pattern), so the `poll()` loop wakes up and does the work outside the signal
/// handler: leaving curses and restoring the terminal, taking the new window size, or giving
/// the terminal back before stopping on Ctrl-Z (curses' own Ctrl-Z handling would leave the
/// focus reports the dashboard asked for switched on in the shell). Watching
/// SIGWINCH ourselves (set before curses starts) keeps ncurses from resizing on its own, so the
/// size it allocates for can be capped. Only one watcher is active at a time.
///
/// ```swift
/// let signals = try SignalWatcher(resizes: true)
/// // poll() on signals.descriptor beside stdin; then:
/// signals.received()   // [SIGHUP]
/// ```
final class SignalWatcher {
    /// The signals that end the program.
    static let endings: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    private let watched: [Int32]

    /// The pipe's read end, to poll.
    let descriptor: Int32
    private let writeDescriptor: Int32

    init(resizes: Bool = false) throws {
        watched = Self.endings + (resizes ? [SIGWINCH, SIGTSTP] : [])
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw CursesTerminal.Failure(description: "could not create a pipe for signals: \(String(cString: strerror(errno)))") }
        descriptor = ends[0]
        writeDescriptor = ends[1]
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        signalPipeWriteEnd = writeDescriptor
        for signal in watched {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, nil)
        }
        // A parent may have started us with these blocked (they are inherited): unblock them, and
        // SIGWINCH, which curses needs to see resizes.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in watched + [SIGWINCH] { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    deinit {
        for signal in watched { Foundation.signal(signal, SIG_DFL) }
        signalPipeWriteEnd = -1
        close(descriptor)
        close(writeDescriptor)
    }

    /// The signals that arrived since the last call.
    func received() -> [Int32] {
        var signals: [Int32] = []
        var byte: UInt8 = 0
        while read(descriptor, &byte, 1) == 1 { signals.append(Int32(byte)) }
        return signals
    }
}

/// Where the signal handler writes; a C handler cannot capture context.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1
