import Foundation
@testable import MetricsKit

/// Runs a Python script given as text with arguments and returns what it printed as JSON, read
/// with our reader (the script prints one JSON document).
enum PythonScript {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ script: String, _ arguments: [String]) throws -> JSONValue {
        let file = NSTemporaryDirectory() + "script-\(UUID().uuidString).py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", file] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 exited \(process.terminationStatus): \(String(decoding: complaint, as: UTF8.self))")
        }
        return try JSONValue.decode(printed)
    }
}
