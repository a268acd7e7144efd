import Foundation

/// Tells a JSON-lines file named `.json` (Stable-Baselines3's `progress.json`, many loggers'
/// `*.json`) from a JSON document by its content: its first line is a whole JSON object of its
/// own, and not a one-line snapshot (an object holding an `episodes`, `episode_metrics` or
/// `model_metrics` array).
///
/// ```swift
/// JSONLinesSniffer.holdsJSONLines("logs/progress.json")   // true
/// JSONLinesSniffer.holdsJSONLines("training_logs/dqn_20261201_062048.json")   // false (indent=2)
/// ```
public enum JSONLinesSniffer {
    /// How much of the file is looked at.
    static let prefixBytes = 64 * 1024

    public static func holdsJSONLines(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: prefixBytes) else { return false }
        return holdsJSONLines(Array(data))
    }

    /// The test on a file's first bytes.
    public static func holdsJSONLines(_ bytes: [UInt8]) -> Bool {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return false }
        return bytes[..<newline].withUnsafeBufferPointer { line in
            guard case .object(let members)? = try? JSONReader.value(of: line.trimmedLine()) else { return false }
            return !["episodes", "episode_metrics", "model_metrics"].contains { key in
                if case .array? = members[key] { return true }
                return false
            }
        }
    }
}
