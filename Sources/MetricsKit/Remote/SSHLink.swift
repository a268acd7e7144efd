import Foundation

/// One running `ssh` with the remote reader at its other end: requests go to its standard
/// input, replies come from its standard output, and what ssh says on its standard error is kept
/// to explain a failure. Every wait has a deadline; `close()` ends the process at once.
///
/// ```swift
/// let link = try SSHLink(arguments: ssh.arguments(for: location.link, remoteCommand: RemoteAgent.remoteCommand))
/// try link.send("R 0 training_logs\nZ 1\n")
/// var parser = RemoteReplyParser()
/// let record = try link.nextRecord(&parser, deadline: .now + .seconds(20))
/// link.close()
/// ```
public final class SSHLink {
    /// Why the link stopped working.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        /// Trying again will not help until the user does something (a host key, a login).
        public let permanent: Bool
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var errorText: [UInt8] = []
    private let host: String
    /// Bytes received from the remote side in all.
    public private(set) var bytesReceived = 0
    /// Bytes sent to it in all.
    public private(set) var bytesSent = 0

    public init(arguments: [String], host: String) throws(Failure) {
        self.host = host
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "could not start ssh: \(error.localizedDescription)", permanent: true)
        }
        for descriptor in [output.fileHandleForReading.fileDescriptor, errors.fileHandleForReading.fileDescriptor] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        // A remote side that went away must not kill us with SIGPIPE when we write.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { close() }

    /// Sends request lines.
    public func send(_ text: String) throws(Failure) {
        let bytes = Array(text.utf8)
        let descriptor = input.fileHandleForWriting.fileDescriptor
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure() }
            written += count
        }
        bytesSent += bytes.count
    }

    /// The next record of the reply, reading from ssh as needed until `deadline`; `stop` is
    /// asked between waits of at most 200 ms so a quit is never held up.
    public func nextRecord(_ parser: inout RemoteReplyParser, deadline: ContinuousClock.Instant, stop: () -> Bool = { false }) throws(Failure) -> RemoteRecord {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            do {
                if let record = try parser.next() { return record }
            } catch {
                throw Failure(description: "\(host): \(error.description)", permanent: false)
            }
            let now = ContinuousClock.now
            guard now < deadline else { throw Failure(description: "\(host): no answer for \(Self.seconds(deadline - now))", permanent: false) }
            guard !stop() else { throw Failure(description: "stopped", permanent: false) }
            var descriptors = [
                pollfd(fd: output.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errors.fileHandleForReading.fileDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let wait = min(200, max(1, Int32((deadline - now).components.seconds * 1000 + (deadline - now).components.attoseconds / 1_000_000_000_000_000)))
            _ = poll(&descriptors, 2, wait)
            drainErrors()
            guard descriptors[0].revents != 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { read(output.fileHandleForReading.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytesReceived += count
                chunk.withUnsafeBufferPointer { parser.append(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                throw failure()
            }
        }
    }

    private static func seconds(_ late: Duration) -> String { "\(max(0, -late.components.seconds)) s" }

    /// Ends ssh (and so the remote reader).
    public func close() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.terminate()
    }

    /// What ssh said on its standard error, explained, once it has ended (or after a moment).
    private func failure() -> Failure {
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning && ContinuousClock.now < deadline {
            drainErrors()
            usleep(20_000)
        }
        drainErrors()
        let status = process.isRunning ? nil : process.terminationStatus
        let explained = SSHCommand.explain(String(decoding: errorText, as: UTF8.self), host: host, exitStatus: status)
        return Failure(description: explained.message, permanent: explained.permanent)
    }

    private func drainErrors() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(errors.fileHandleForReading.fileDescriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            errorText.append(contentsOf: chunk[0..<count])
            if errorText.count > 16384 { errorText.removeFirst(errorText.count - 16384) }
        }
    }
}
