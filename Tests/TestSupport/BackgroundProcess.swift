import Foundation

/// A program a test starts and leaves running (a server, `nexlify-tui export`): its output
/// lines can be waited for, and it is killed when released.
public final class BackgroundProcess {
    /// Why a program did not start or say what was waited for.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    private let process = Process()
    private let output = Pipe()
    private var buffered = Data()

    /// Starts `executable` with `arguments`; its standard error goes to `errorLog` (or nowhere).
    public init(_ executable: String, _ arguments: [String], errorLog: String? = nil, environment: [String: String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output
        if let errorLog {
            FileManager.default.createFile(atPath: errorLog, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: errorLog)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The next line of its standard output, waiting at most `timeout` seconds (nil when it ended
    /// or said nothing in time).
    public func nextLine(timeout: TimeInterval = 30) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        let descriptor = output.fileHandleForReading.fileDescriptor
        while true {
            if let newline = buffered.firstIndex(of: 0x0A) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, Int32(left * 1000)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { return nil }
            buffered.append(contentsOf: chunk[..<count])
        }
    }

    public var isRunning: Bool { process.isRunning }

    /// Its process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits (at most 60 s) until `url` answers 200, as a server says it is ready; fails naming
    /// `what` and its log if it ends or takes longer.
    public func waitUntilReady(_ url: String, what: String, log: String) throws {
        let deadline = Date().addingTimeInterval(60)
        while HTTPFetch.get(url, timeout: 2)?.status != 200 {
            guard Date() < deadline, isRunning else { throw Failure(description: "\(what) did not start; see \(log)") }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    deinit {
        // SIGKILL: the program inherits the test thread's blocked signals, so SIGTERM would wait.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
