import Foundation

/// Runs the built `nexlify-tui` binary, as a user would, and captures what it prints.
public struct BinaryRunner {
    public struct Output {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
    }

    /// The binary beside the test bundle in the build folder.
    public static let binary: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("nexlify-tui").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/nexlify-tui").path
    }()

    /// Runs the binary with `arguments`; `unprivileged` runs it as user `nobody` when the tests
    /// run as root (who may read any file), so that permissions apply.
    public static func run(_ arguments: [String], environment: [String: String]? = nil, unprivileged: Bool = false) throws -> Output {
        if unprivileged && getuid() == 0 {
            return try run(executable: "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments, environment: environment)
        }
        return try run(executable: binary, arguments, environment: environment)
    }

    /// Runs any program with `arguments` (and `environment` over this process's) and captures
    /// what it prints.
    public static func run(executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self), standardError: String(decoding: errData, as: UTF8.self))
    }
}

/// A fresh directory under the system's temporary directory, removed when released.
public final class ScratchDirectory {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "nexlify-cli-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let target = (path as NSString).appendingPathComponent(name)
        try! FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: target))
        return target
    }
}
