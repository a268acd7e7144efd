import Foundation
@testable import MetricsKit
import TestSupport

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
        let result = try BinaryRunner.run(executable: "/usr/bin/env", ["python3", file] + arguments)
        guard result.status == 0 else { throw Failure(description: "python3 exited \(result.status): \(result.standardError)") }
        return try JSONValue.decode(Data(result.standardOutput.utf8))
    }
}
