import Foundation
import MetricsKit

/// Fuzz targets for files that grow: the same bytes written at once and written in
/// random-sized appends (read after each) must leave the same store, and every read must make
/// progress or wait — a run of reads with nothing new is bounded per byte, so a reader that spins
/// fails the target instead of hanging it. One row per kind of file: JSON lines, CSV, TensorBoard
/// event files (TFRecord) and whole-run snapshots.
///
/// ```swift
/// let target = GrowthTargets.all[0]                 // "growth-json-lines"
/// [UInt8]("\u{7}{\"episode\": 1}\n".utf8).withUnsafeBytes(target.run)   // first byte: the split seed
/// ```
public enum GrowthTargets {
    public static let all: [FuzzTargets.Target] = [
        ("growth-json-lines", "episodes.jsonl"),
        ("growth-csv", "metrics.csv"),
        ("growth-tfrecord", "events.out.tfevents.1.host.1.0"),
        ("growth-snapshot", "metrics.json"),
    ].map { name, file in
        FuzzTargets.Target(name: name) { bytes in check(Array(bytes), fileName: file) }
    }

    /// What a run's store holds, as far as a reader can see it, and how many malformed records
    /// were counted.
    struct Fingerprint: Equatable {
        var episodes = 0
        var modelRecords = 0
        var latestEpisode: Int?
        var series: [String: [UInt64]] = [:]
        var skippedRecords = 0

        init(_ source: RunSource) {
            let store = source.store
            skippedRecords = source.skipped.count
            episodes = store.episodeCount
            modelRecords = store.modelRecordCount
            latestEpisode = store.latestEpisode
            for name in store.episodeMetricNames { series["e:" + name] = store.episodeSeries(named: name).map(Self.summary) }
            for name in store.modelMetricNames { series["m:" + name] = store.modelSeries(named: name).map(Self.summary) }
        }

        /// Count, latest point and finite sum (bit patterns, so NaN equals NaN).
        private static func summary(_ series: MetricSeries) -> [UInt64] {
            let statistics = series.statistics
            return [UInt64(series.count), UInt64(bitPattern: Int64(statistics.latest?.x ?? -1)), (statistics.latest?.value ?? 0).bitPattern,
                    UInt64(statistics.finiteCount), (statistics.mean ?? 0).bitPattern]
        }
    }

    /// Where the files are written: memory-backed when the machine has it (thousands of runs a second).
    private static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        let path = base + "nexlify-growth-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static func check(_ input: [UInt8], fileName: String) {
        guard let seed = input.first else { return }
        let content = Array(input.dropFirst())
        // A directory of this call's own (the unit tests run targets in parallel); plain system
        // calls, as Foundation's atomic writes and recursive removal cost more than the reads.
        let directory = scratch + "/" + UUID().uuidString
        let path = directory + "/" + fileName
        guard mkdir(directory, 0o700) == 0 else { return }
        defer {
            unlink(path)
            rmdir(directory)
        }
        guard let file = ScratchFile(path: path) else { return }
        file.append(content[...])
        // The run directory, not the file: formats claim files in a directory by name, so both
        // readers read the same format whatever the bytes say.
        guard let whole = try? RunSource(path: directory, mustExist: true, maxLineBytes: 512, chunkBytes: 64) else { return }
        whole.readToEnd()
        let expected = Fingerprint(whole)

        file.truncate()
        guard let growing = try? RunSource(path: directory, mustExist: true, maxLineBytes: 512, chunkBytes: 64) else { return }
        var random = SplitMix64(seed: UInt64(seed))
        var offset = 0
        while offset < content.count {
            let size = min(content.count - offset, Int.random(in: 1...max(1, content.count / 3 + 1), using: &random))
            file.append(content[offset..<offset + size])
            offset += size
            // Each read of a 64-byte chunk takes at least one byte, so a new piece needs at most
            // this many polls, and a few kilobytes far less than two seconds: a reader that
            // takes more is spinning.
            var polls = 0
            let started = ContinuousClock.now
            while growing.poll(maxRecords: 64, maxDuration: .milliseconds(20)).moreRemaining {
                polls += 1
                if polls > content.count + 16 || ContinuousClock.now - started > .seconds(2) {
                    fatalError("growth: no progress after \(polls) polls at byte \(offset) of \(content.count)")
                }
            }
        }
        growing.readToEnd()
        let grown = Fingerprint(growing)
        if grown != expected { fatalError("growth: appended in pieces gave \(grown), read at once \(expected)") }
    }
}

/// The file a growth target writes: appended to and emptied through one descriptor, as a
/// writer does (and without Foundation's temporary-file dance per write).
private final class ScratchFile {
    private let descriptor: Int32

    init?(path: String) {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        guard descriptor >= 0 else { return nil }
    }

    deinit { close(descriptor) }

    func append(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                guard count > 0 else { return }
                written += count
            }
        }
    }

    func truncate() { ftruncate(descriptor, 0) }
}
