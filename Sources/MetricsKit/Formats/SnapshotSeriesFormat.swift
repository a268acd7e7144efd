import Foundation

/// The seed `MetricsLogger`'s snapshot series: no run directory, but files
/// `<output_dir>/<name>_<YYYYmmdd_HHMMSS>.json`, each a whole-history snapshot longer than the
/// one before (see `SnapshotFileSource` for how the newest is followed). The run is named by
/// `<output_dir>/<name>` — a path that does not exist itself — or by `<output_dir>/` when it
/// holds one name's snapshots. The name may contain underscores and stamps: only the last
/// `_<stamp>` is the save's (`dqn_20251114_101500_20251114_102000.json` is run
/// `dqn_20251114_101500`), and `<name>_a.json` is not `<name>`'s.
///
/// ```swift
/// let series = SnapshotSeriesFormat()
/// series.files(forRunNamed: "training_logs/dqn")?.first?.path    // "training_logs/dqn"
/// SnapshotSeriesFormat.newest(of: "dqn", in: "training_logs")    // "training_logs/dqn_20261201_062055.json"
/// ```
public struct SnapshotSeriesFormat: LogFormat {
    public let name = "MetricsLogger snapshots"
    /// Matched by pattern (`<name>_<stamp>.json`), not by name.
    public let fileNames: [String] = []

    public init() {}

    /// A directory holding one name's snapshots (and no run of another format) is that run.
    public func files(inDirectory directory: String) -> [RunLayout.File]? {
        let names = Self.runNames(in: directory)
        guard names.count == 1 else { return nil }
        return [file(named: (directory as NSString).appendingPathComponent(names[0]))]
    }

    public func files(forRunNamed path: String) -> [RunLayout.File]? {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        guard !name.isEmpty, Self.newest(of: name, in: directory.isEmpty ? "." : directory) != nil else { return nil }
        return [file(named: path)]
    }

    /// A single snapshot file is read by `MetricsSnapshotFormat`.
    public func file(at path: String) -> RunLayout.File? { nil }

    public func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource {
        let directory = (file.path as NSString).deletingLastPathComponent
        let name = (file.path as NSString).lastPathComponent
        let folder = directory.isEmpty ? "." : directory
        return SnapshotFileSource(file, locate: { Self.newest(of: name, in: folder) }, previous: { Self.version(before: $0, of: name, in: folder) })
    }

    private func file(named path: String) -> RunLayout.File {
        RunLayout.File(path: path, format: self, content: .both)
    }

    // MARK: Names

    /// The run name and stamp of a snapshot file name, if it is one (`dqn_x_20261201_062055.json`
    /// → ("dqn_x", "20261201_062055")).
    public static func split(_ fileName: String) -> (name: String, stamp: String)? {
        let bytes = Array(fileName.utf8)
        // "_" + 8 digits + "_" + 6 digits + ".json" = 21 bytes after the name.
        guard bytes.count > 21, fileName.hasSuffix(".json") else { return nil }
        let stampStart = bytes.count - 20
        let stamp = bytes[stampStart..<(bytes.count - 5)]
        guard bytes[stampStart - 1] == UInt8(ascii: "_"), stamp[stampStart + 8] == UInt8(ascii: "_"),
              stamp.enumerated().allSatisfy({ $0.offset == 8 || $0.element &- 48 < 10 }) else { return nil }
        return (String(decoding: bytes[..<(stampStart - 1)], as: UTF8.self), String(decoding: stamp, as: UTF8.self))
    }

    /// The names of the runs whose snapshots are in `directory`, sorted.
    public static func runNames(in directory: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return Array(Set(entries.compactMap { split($0)?.name })).sorted()
    }

    /// The newest snapshot of run `name` in `directory` (the latest stamp; names sort by time).
    public static func newest(of name: String, in directory: String) -> String? {
        versions(of: name, in: directory).last.map { (directory as NSString).appendingPathComponent($0.entry) }
    }

    /// The snapshot of run `name` saved just before the one at `path` (the latest earlier stamp).
    public static func version(before path: String, of name: String, in directory: String) -> String? {
        guard let stamp = split((path as NSString).lastPathComponent)?.stamp else { return nil }
        return versions(of: name, in: directory).last { $0.stamp < stamp }.map { (directory as NSString).appendingPathComponent($0.entry) }
    }

    /// Run `name`'s snapshot files in `directory`, oldest first.
    private static func versions(of name: String, in directory: String) -> [(stamp: String, entry: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.compactMap { entry -> (stamp: String, entry: String)? in
            guard let parts = split(entry), parts.name == name else { return nil }
            return (parts.stamp, entry)
        }.sorted { $0.stamp < $1.stamp }
    }
}
