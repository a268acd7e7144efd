import Foundation
import MetricsKit

/// The file of one run's `LastLook`: `<state directory>/looks/<hash of the run's absolute path>.json`
/// (`StateDirectory`), written whole through a temporary file and a rename; a file that cannot
/// be read or is not a look reads as no look.
///
/// ```swift
/// let file = LastLookFile(runPath: "training_logs/dqn")
/// let earlier = file.load()
/// file.save(LastLook(at: Date(), episodes: 5_000, bestProfit: 1_200, alerts: 2))
/// ```
struct LastLookFile {
    let path: String

    init(runPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let absolute = URL(fileURLWithPath: runPath).standardizedFileURL.path
        path = StateDirectory.path(environment: environment) + "/looks/" + Self.hash(absolute) + ".json"
    }

    func load() -> LastLook? {
        (try? RegularFile.contents(of: path, limit: 64 << 10)).flatMap(LastLook.parse)
    }

    /// Saves `look`; a state directory that cannot be written leaves the banner out next time, nothing else.
    func save(_ look: LastLook) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(look.json.utf8)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// FNV-1a (64 bits) of the path, in hex: a file name for any path.
    private static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        return String(value, radix: 16)
    }
}
