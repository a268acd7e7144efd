import Foundation

/// One log format: which files of a run it claims, what they hold, and how they are read. Each
/// format is one file of its own (`JSONLinesFormat`, `MetricsSnapshotFormat`, `CSVFormat`,
/// `ExperimentResultsFormat`), listed once in `LogFormats.all`; `RunLayout` and the runs view
/// ask the registry, and nothing else names a format's files. (The shape of W&B LEET's
/// `historysource.go`: one interface, one file per backend.)
///
/// ```swift
/// struct MyFormat: LogFormat {
///     let name = "my format"
///     let fileNames = ["my.log"]
///     func files(inDirectory directory: String) -> [RunLayout.File]? { … }
///     func file(at path: String) -> RunLayout.File? { nil }
///     func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource { LineFileSource(file, decoder: …) }
/// }
/// ```
public protocol LogFormat: Sendable {
    /// What the format is, in words (for messages).
    var name: String { get }
    /// The names of the files whose presence makes a directory a run in this format.
    var fileNames: [String] { get }
    /// Subfolders of a run directory whose files this format reads too (Keras's `train/` and
    /// `validation/`): a directory whose such subfolder holds a run file is a run, and the runs
    /// view watches them as it watches the run directory.
    var subfolders: [String] { get }
    /// Whether a file of this name, not among `fileNames`, makes a directory a run in this format
    /// (names with a pattern: TensorBoard's `events.out.tfevents.*`).
    func isRunFile(named name: String) -> Bool
    /// The files this format reads in the run directory `directory`, when it holds any of them
    /// (nil: the directory is not a run in this format).
    func files(inDirectory directory: String) -> [RunLayout.File]?
    /// The file at `path` read on its own, when this format reads such a file (by its name).
    func file(at path: String) -> RunLayout.File?
    /// The files of the run named by `path`, a path that is neither a file nor a directory (the
    /// seed's snapshot series: `training_logs/<name>`), when this format has such a run.
    func files(forRunNamed path: String) -> [RunLayout.File]?
    /// The reader of one of its files.
    func makeSource(for file: RunLayout.File, maxLineBytes: Int) -> RecordSource
    /// What x is in the records of `file`: episode numbers, or training steps.
    func xAxis(of file: RunLayout.File) -> XAxis
    /// Whether the run's files say it has finished (the writer closed it).
    func isFinished(_ layout: RunLayout) -> Bool
    /// What this format's writers call the metrics that play each role, beyond the guide's names
    /// (`MetricRoles` reads it: Stable-Baselines3's `rollout/ep_rew_mean` plays profit).
    var roleNames: [MetricRole: [String]] { get }
    /// Whether a run read in this format is looked at again for formats earlier in the registry
    /// whose files may come later (an experiment record whose results get a file of their own).
    var yieldsToEarlierFormats: Bool { get }
    /// Metrics this format's readers take x from (SB3's step, a monitor file's lengths and
    /// times): read even where a `MetricSelection` leaves other metrics out.
    var axisMetrics: Set<String> { get }
}

/// What a run's x values count.
public enum XAxis: String, Sendable {
    case episode, step

    /// The axis label's prefix ("ep 0", "step 2048").
    public var label: String { self == .episode ? "ep" : "step" }
}

extension LogFormat {
    public func isFinished(_ layout: RunLayout) -> Bool { false }

    public func xAxis(of file: RunLayout.File) -> XAxis { .episode }

    public func isRunFile(named name: String) -> Bool { false }

    public var yieldsToEarlierFormats: Bool { false }

    public var axisMetrics: Set<String> { [] }

    public var roleNames: [MetricRole: [String]] { [:] }

    public var subfolders: [String] { [] }

    public func files(forRunNamed path: String) -> [RunLayout.File]? { nil }

    /// `name` inside `directory`.
    func path(_ name: String, in directory: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    /// The one file `name` of `directory` holding `content`, when it exists (a format of one file).
    func single(_ name: String, in directory: String, content: RunLayout.File.Content) -> [RunLayout.File]? {
        exists(name, in: directory) ? [RunLayout.File(path: path(name, in: directory), format: self, content: content)] : nil
    }

    /// Whether the file `name` exists in `directory`.
    func exists(_ name: String, in directory: String) -> Bool {
        FileManager.default.fileExists(atPath: path(name, in: directory))
    }
}

/// A reader of one file of a run: appended lines (`LineFileSource`), a snapshot rewritten or
/// replaced by a longer one (`SnapshotFileSource`), or framed records. It appends what it reads to the batches and says
/// what happened; a restart or replay travels in the result, never as a side door into the store.
public protocol RecordSource: AnyObject {
    var file: RunLayout.File { get }
    /// Reads up to `maxBytes` of what is new. `atEndOfInput`: a one-shot read that ends here (a
    /// last line without its newline is read too).
    func read(maxBytes: Int, into batch: inout SourceBatch, atEndOfInput: Bool) -> SourceRead
    /// The latest thing that happened to the file, for the status line.
    var state: TailEvent? { get }
    /// Why the file's latest version could not be read, if it could not.
    var problem: String? { get }
    /// Whether the file is open (or parked: it existed at the last read).
    var isOpen: Bool { get }
    /// Lets go of the file's descriptor while it has nothing more to read.
    func park()
    /// The file read now (for a series, the newest of its files), when there is one.
    var readPath: String? { get }
    /// What the writer said of itself in the file, if it says anything (the seed logger's
    /// `statistics`: `avg_log_time_ms`, `training_time`…).
    var writerStatistics: [String: Double] { get }
}

extension RecordSource {
    public var readPath: String? { file.path }
    public var writerStatistics: [String: Double] { [:] }
}

/// Where sources put what they read: records of both kinds, and the lines they skipped.
public struct SourceBatch {
    public var episodes: RecordBatch
    public var modelMetrics: RecordBatch
    public var skipped: SkippedLines

    public init(catalog: MetricCatalog, skipped: SkippedLines = SkippedLines()) {
        episodes = RecordBatch(catalog: catalog)
        modelMetrics = RecordBatch(catalog: catalog)
        self.skipped = skipped
    }
}

/// What one read of a source did.
public struct SourceRead: Equatable {
    public var events: [TailEvent] = []
    public var bytesRead = 0
    /// Whether unread bytes remain.
    public var moreAvailable = false
    /// The model metrics in this read start the file's history again (it was rewritten or
    /// re-read from its start): the store replaces what it had rather than adding to it.
    public var replaysModelMetrics = false

    public init() {}
}
