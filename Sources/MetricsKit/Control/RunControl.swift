#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `control.json` in a run directory: where the dashboard's `S` (stop) and `C` (checkpoint)
/// leave their request and where the trainer acknowledges it. Written whole through a
/// temporary file and a rename, so a reader never sees half of it; read through
/// `RegularFile` (a FIFO or a device in its place is refused, never blocks) with a small size
/// cap. Only an existing directory is written into: nothing is created elsewhere.
///
/// ```swift
/// try RunControl.write(ControlRequest(kind: .stop, at: Date()), inDirectory: "training_logs/dqn")
/// RunControl.read(inDirectory: "training_logs/dqn")?.kind        // .stop
/// ```
public enum RunControl {
    public static let fileName = "control.json"

    /// Why a request could not be written.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public static func path(inDirectory directory: String) -> String {
        (directory as NSString).appendingPathComponent(fileName)
    }

    /// Replaces the directory's `control.json` with `request`, atomically.
    public static func write(_ request: ControlRequest, inDirectory directory: String) throws(Failure) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "\(directory) is not a directory: there is no run directory to leave a request in")
        }
        let target = path(inDirectory: directory)
        if let kind = RegularFile.kindOfPath(target), kind != "a regular file" {
            throw Failure(description: "\(target) \(RegularFile.Problem.notRegular(kind: kind)); remove it to send requests")
        }
        let temporary = target + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw Failure(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(request.json.utf8)
        let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write \(target): \(reason)")
        }
    }

    /// The request in the directory's `control.json`; nil when there is none or it cannot be read.
    public static func read(inDirectory directory: String) -> ControlRequest? {
        guard let data = try? RegularFile.contents(of: path(inDirectory: directory), limit: 64 << 10) else { return nil }
        return ControlRequest.parse(data)
    }
}

/// `write(2)`, which `RunControl.write(_:inDirectory:)` hides inside that type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
