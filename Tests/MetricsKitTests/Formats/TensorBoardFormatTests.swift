import Foundation
import Testing
import TestSupport
@testable import MetricsKit

/// TensorBoard event files written by TensorBoard's own writer (the one torch's SummaryWriter
/// uses): `Tests/Fixtures/producers/make-tensorboard-events.py` made the committed fixtures.
@Suite struct TensorBoardFormatTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/tensorboard").path

    private func fixture(_ name: String) -> String { (Self.fixtures as NSString).appendingPathComponent(name) }

    private func eventFile(in directory: String) throws -> String {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).filter(TensorBoardFormat.isEventFile).sorted().first)
        return (directory as NSString).appendingPathComponent(name)
    }

    /// Reads `path` to its end with a source of its own (for the counts of what was skipped).
    private func readWhole(_ path: String) -> (store: RunStore, source: TFRecordFileSource, skipped: SkippedLines) {
        let catalog = MetricCatalog()
        let source = TFRecordFileSource(RunLayout.File(path: path, format: TensorBoardFormat(), content: .episodes))
        var store = RunStore(catalog: catalog)
        var batch = SourceBatch(catalog: catalog)
        while source.read(maxBytes: 4096, into: &batch, atEndOfInput: true).moreAvailable {}
        store.ingestEpisodes(batch.episodes)
        return (store, source, batch.skipped)
    }

    /// The scalars fixture's first half in a file of its own, followed by a source into a store;
    /// `appendRest()` writes the second half, as a writer's next flush would.
    private final class HalfWrittenRun {
        let original: Data
        let directory = TemporaryDirectory("tensorboard-half")
        let path: String
        let catalog = MetricCatalog()
        let source: TFRecordFileSource
        var store: RunStore
        var batch: SourceBatch

        init(_ fixture: String) throws {
            original = try Data(contentsOf: URL(fileURLWithPath: fixture))
            path = directory.file("events.out.tfevents.1.host.1.0")
            FileManager.default.createFile(atPath: path, contents: original.prefix(original.count / 2))
            source = TFRecordFileSource(RunLayout.File(path: path, format: TensorBoardFormat(), content: .episodes))
            store = RunStore(catalog: catalog)
            batch = SourceBatch(catalog: catalog)
        }

        /// Reads what is new into the store; returns the last read.
        @discardableResult
        func poll() -> SourceRead {
            var read = SourceRead()
            repeat {
                read = source.read(maxBytes: 1 << 20, into: &batch, atEndOfInput: false)
            } while read.moreAvailable
            store.ingestEpisodes(batch.episodes)
            batch.episodes = RecordBatch(catalog: catalog)
            return read
        }

        func appendRest() throws {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: original.suffix(from: original.count / 2))
            try handle.close()
        }
    }

    @Test func crc32cMatchesTheKnownCheckValue() {
        #expect(Array("123456789".utf8).withUnsafeBufferPointer { CRC32C.checksum($0) } == 0xE306_9283)
        #expect(Array(repeating: UInt8(0), count: 32).withUnsafeBufferPointer { CRC32C.checksum($0) } == 0x8A91_36AA)
    }

    @Test func scalarsOfEveryStepAreReadAndHistogramsAndTextAreSkippedAndCounted() throws {
        let (store, source, skipped) = readWhole(try eventFile(in: fixture("scalars")))
        #expect(store.episodeCount == 50)
        #expect(skipped.count == 0)
        let reward = try #require(store.episodeSeries(named: "rollout/ep_rew_mean"))
        #expect(reward.count == 50)
        #expect(reward.statistics.latest == RunningStatistics.Point(x: 49, value: 96))
        #expect(store.episodeSeries(named: "train/loss")?.statistics.latest?.value == Double(Float(1.0 / 50)))
        // "weights" is a histogram; "weights/norm", which it prefixes, a scalar.
        #expect(store.episodeSeries(named: "weights/norm")?.count == 50)
        #expect(store.episodeSeries(named: "weights") == nil && store.episodeSeries(named: "notes") == nil)
        #expect(store.episodeSeries(named: "timestamp")?.statistics.latest == RunningStatistics.Point(x: 49, value: 1_764_000_049))
        #expect(source.counts.scalars == 250 && source.counts.histograms == 5 && source.counts.texts == 5 && source.counts.fileVersions == 1)
    }

    @Test func tensorScalarsOfEveryEncodingAreReadAndLongerTensorsAreNot() throws {
        let (store, source, _) = readWhole(try eventFile(in: fixture("tensors")))
        #expect(store.episodeCount == 20)
        #expect(store.episodeSeries(named: "float_val")?.statistics.latest?.value == 9.5)
        #expect(store.episodeSeries(named: "double_val")?.statistics.latest?.value == 1e-3 * 19)
        #expect(store.episodeSeries(named: "int64_val")?.statistics.latest?.value == 19_000)
        #expect(store.episodeSeries(named: "tensor_content")?.statistics.latest?.value == 38)
        #expect(store.episodeSeries(named: "vector") == nil)
        #expect(source.counts.scalars == 80 && source.counts.otherValues == 20)
    }

    @Test func badChecksumsAreSkippedAndCountedAndAHalfRecordAtTheEndIsReported() throws {
        let (store, _, skipped) = readWhole(try eventFile(in: fixture("corrupt")))
        #expect(skipped.count == 3)
        #expect(skipped.examples.map(\.reason) == ["bad record data checksum", "bad record length checksum; 62 bytes skipped",
                                                   "incomplete last record (still being written?)"])
        // Records 10 and 20 (62 bytes) were exploration rates of steps 1 and 3; everything else is there.
        #expect(store.episodeCount == 50)
        #expect(store.episodeSeries(named: "rollout/ep_rew_mean")?.count == 50)
        #expect(store.episodeSeries(named: "rollout/exploration_rate")?.count == 48)
    }

    @Test func aGrowingFileIsFollowedAndAHalfWrittenRecordWaitsAndTheRestOfAStepJoinsIt() throws {
        let run = try HalfWrittenRun(try eventFile(in: fixture("scalars")))
        run.poll()
        let firstHalf = run.store.episodeCount
        #expect(firstHalf > 10 && firstHalf < 40)
        #expect(run.batch.skipped.count == 0)
        // The file ends inside a step, and inside a record: the step shows what it has so far.
        let partialStep = firstHalf - 1
        #expect(try #require(run.store.episodeSeries(named: "rollout/ep_rew_mean")).statistics.latest?.x == partialStep)
        #expect(run.store.episodeSeries(named: "weights/norm")?.statistics.latest?.x == partialStep - 1)
        try run.appendRest()
        run.poll()
        #expect(run.store.episodeCount == 50)
        #expect(run.store.episodeSeries(named: "rollout/ep_rew_mean")?.count == 50)
        #expect(run.batch.skipped.count == 0)
        #expect(run.store.duplicateEpisodes == 0)
    }

    @Test func aDirectoryOfEventFilesIsOneRunReadInNameOrder() throws {
        let layout = try RunLayout.resolve(fixture("two-files"))
        #expect(layout.files.map(\.name) == ["events.out.tfevents.1764000000.fixture.3.0", "events.out.tfevents.1764000100.fixture.3.0"])
        #expect(layout.format.name == TensorBoardFormat().name)
        let source = try RunSource(path: fixture("two-files"), mustExist: true)
        source.readToEnd()
        #expect(source.store.episodeCount == 20)
        #expect(source.store.episodeSeries(named: "train/loss")?.count == 20)
        #expect(source.skipped.count == 0)
        #expect(try RunLayout.resolve(try eventFile(in: fixture("scalars"))).format.name == TensorBoardFormat().name)
    }

    @Test func aDirectoryOfTensorBoardRunsIsARunsView() throws {
        let directory = TemporaryDirectory("tensorboard-runs")
        for run in ["PPO_1", "PPO_2"] {
            try FileManager.default.createDirectory(atPath: directory.file(run), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: try eventFile(in: fixture("scalars")), toPath: directory.file("\(run)/events.out.tfevents.1.host.1.0"))
        }
        #expect(RunCollection.isCollection(directory.path))
        let collection = RunCollection(path: directory.path)
        while collection.refresh().moreRemaining {}
        #expect(collection.entries.map(\.name) == ["PPO_1", "PPO_2"])
        #expect(collection.entries.map(\.episodes) == [50, 50])
    }

    /// Keras's `TensorBoard` callback: a run directory holding `train/` and `validation/`, each
    /// with its event files and the same tags (`epoch_loss`).
    private func kerasRun(_ directory: TemporaryDirectory, _ name: String, steps: Int) throws {
        for folder in ["train", "validation"] {
            try FileManager.default.createDirectory(atPath: directory.file("\(name)/\(folder)"), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: directory.file("\(name)/\(folder)/events.out.tfevents.1.host.1.v2"),
                                           contents: Data(TensorBoardEventFile.bytes(steps: steps, tags: ["epoch_loss", "epoch_learning_rate"])))
        }
    }

    @Test func aKerasRunsTrainAndValidationSubfoldersAreOneRunTheirTagsApart() throws {
        let directory = TemporaryDirectory("keras")
        try kerasRun(directory, "fit", steps: 30)
        #expect(LogFormats.holdsRunFile(directory.file("fit")))
        let layout = try RunLayout.resolve(directory.file("fit"))
        #expect(layout.files.map(\.metricPrefix) == ["train/", "validation/"])
        let source = try RunSource(path: directory.file("fit"), mustExist: true)
        source.readToEnd()
        #expect(source.store.episodeSeries(named: "train/epoch_loss")?.count == 30)
        #expect(source.store.episodeSeries(named: "validation/epoch_loss")?.count == 30)
        #expect(source.store.episodeSeries(named: "epoch_loss") == nil)
        #expect(MetricRoles.standard.name(for: .loss, in: source.store) == "train/epoch_loss")
        #expect(MetricRoles.standard.name(for: .learningRate, in: source.store) == "train/epoch_learning_rate")
        // A directory of SB3 runs (PPO_1/, PPO_2/: not subfolders a format reads) stays a directory of runs.
        #expect(!LogFormats.holdsRunFile(directory.path))
    }

    @Test func theRunsViewWatchesTheSubfoldersAFormatReads() throws {
        let directory = TemporaryDirectory("keras-runs")
        try kerasRun(directory, "run_a", steps: 10)
        try kerasRun(directory, "run_b", steps: 10)
        #expect(RunCollection.isCollection(directory.path))
        let collection = RunCollection(path: directory.path)
        while collection.refresh().moreRemaining {}
        #expect(collection.entries.map(\.name) == ["run_a", "run_b"] && collection.unwatchedRuns == 0)
        #expect(collection.entries.map(\.latestEpisode) == [9, 9])
        // Keras appends to the validation file only: the run directory itself sees no write.
        let file = FileHandle(forWritingAtPath: directory.file("run_b/validation/events.out.tfevents.1.host.1.v2"))!
        file.seekToEndOfFile()
        file.write(Data(TensorBoardEventFile.bytes(steps: 5, tags: ["epoch_loss"], firstStep: 10).dropFirst(TensorBoardEventFile.bytes(steps: 0, tags: []).count)))
        try file.close()
        var refreshes = 0
        while collection.entries.last?.latestEpisode != 14 && refreshes < 50 {
            collection.refresh()
            refreshes += 1
        }
        #expect(collection.entries.map(\.latestEpisode) == [9, 14])
    }

    @Test func anIdleFileIsParkedWithoutADescriptorAndReopenedWhenItGrowsOrIsReplaced() throws {
        let run = try HalfWrittenRun(try eventFile(in: fixture("scalars")))
        run.poll()
        let half = run.store.episodeCount
        run.source.park()
        #expect(run.source.isOpen)
        #expect(run.poll().bytesRead == 0)
        try run.appendRest()
        run.poll()
        #expect(run.store.episodeCount == 50 && half < 50)
        run.source.park()
        // Replaced by a shorter file (a new run in the same place): read from its start.
        FileManager.default.createFile(atPath: run.path + ".new", contents: run.original.prefix(200))
        _ = rename(run.path + ".new", run.path)
        let replaced = run.poll()
        #expect(replaced.events.contains(.replaced(continued: false)) && replaced.bytesRead > 0)
        run.poll()
        // Its steps go back below the newest: nothing is counted twice (a partial step that goes
        // back waits to be handed out whole).
        #expect(run.store.episodeCount == 50)
    }
}
