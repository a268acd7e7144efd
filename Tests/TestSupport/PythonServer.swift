import Foundation

/// A Python script run as a local test server: it prints the port it listens on as its first
/// line, and is killed when released.
final class PythonServer {
    /// Why a server did not start.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    private let process: BackgroundProcess

    /// Writes `script` to `directory` and runs it with `arguments`.
    init(script: String, in directory: String, arguments: [String]) throws {
        let path = (directory as NSString).appendingPathComponent("server.py")
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        process = try BackgroundProcess("/usr/bin/env", ["python3", path] + arguments)
        guard let port = process.nextLine().flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw Failure(description: "the test server did not start (is python3 with its modules installed?)")
        }
        self.port = port
    }
}
