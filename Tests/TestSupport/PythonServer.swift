import Foundation

/// A Python script run as a local test server: it prints the port it listens on as its first
/// line, and is killed when released.
final class PythonServer {
    /// Why a server did not start.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    private let process = Process()

    /// Writes `script` to `directory` and runs it with `arguments`.
    init(script: String, in directory: String, arguments: [String]) throws {
        let path = (directory as NSString).appendingPathComponent("server.py")
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "the test server did not start (is python3 with its modules installed?)")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the server inherits the test thread's blocked signals, so SIGTERM would wait.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
