/// Everything known about one run, in bounded memory: a `MetricSeries` per episode metric and
/// per model metric, both with x = episode number (several model-metric records may share an
/// episode; they keep their order), plus the counts the UI and `summary` report.
///
/// Episode records are keyed by episode number: the first record for a number is kept and a
/// later one for the same number is counted in `duplicateEpisodes` and dropped, so re-reading a
/// file (after rotation or a rewrite) never counts an episode twice. Model-metric records carry
/// the episode they were logged at; replayed records (an episode below the newest one seen, or
/// no more records at the newest episode than already stored) are dropped the same way.
/// ```swift
/// var store = RunStore(catalog: catalog)
/// store.ingestEpisodes(batch)
/// store.episodeSeries(named: "profit")?.statistics.best   // (x: 12, value: 340.5)
/// ```
public struct RunStore {
    public let catalog: MetricCatalog
    public let recentCapacity: Int
    public let maxBuckets: Int
    /// A series per metric id; a slot whose series has no points is a metric the run lacks
    /// (empty series rather than optionals: no optional to unwrap and copy on every point).
    private var episodeTable: [MetricSeries] = []
    private var modelTable: [MetricSeries] = []
    private var seenEpisodes = EpisodeSet()
    private var newestModelEpisode = Int.min
    private var modelRecordsAtNewestEpisode = 0
    private var replayedModelRecordsAtNewest = 0
    private var replaying = false
    /// The newest episode a replay has reached: a record without one is placed as it was the
    /// first time, after the records before it, not after the whole earlier history.
    private var replayedNewestEpisode = Int.min
    /// Where the first model record went: a replay's records without an episode, before any of
    /// its own, go there again (not where the store's episodes stand now).
    private var firstModelEpisode: Int?

    /// Distinct episodes stored.
    public var episodeCount: Int { seenEpisodes.count }
    /// Episode records dropped because their episode number was already stored.
    public private(set) var duplicateEpisodes = 0
    /// The highest episode number stored.
    public private(set) var latestEpisode: Int?
    /// Model-metric records stored.
    public private(set) var modelRecordCount = 0
    /// Model-metric records dropped as replays of ones already stored.
    public private(set) var duplicateModelRecords = 0

    public init(catalog: MetricCatalog, recentCapacity: Int = 4096, maxBuckets: Int = 1024) {
        self.catalog = catalog
        self.recentCapacity = recentCapacity
        self.maxBuckets = maxBuckets
    }

    /// Adds episode records; returns how many were new. A record for an episode already stored
    /// adds the values of the metrics whose series have no point at or after it yet (the rest of
    /// a step whose first values came in an earlier read; a second source of the same run that
    /// has metrics the first lacks); it is a duplicate when it adds none. A value is never
    /// counted twice: a series that already reached that x keeps what it has.
    @discardableResult
    public mutating func ingestEpisodes(_ batch: RecordBatch) -> Int {
        var rows: [Int] = []
        rows.reserveCapacity(batch.count)
        // Per row taken: whether it continues an episode already stored (no hashing per row).
        var continues: [Bool] = []
        continues.reserveCapacity(batch.count)
        var continuationCount = 0
        for row in 0..<batch.count {
            let episode = batch.episodes[row]
            guard episode != RecordBatch.noEpisode else {
                duplicateEpisodes += 1
                continue
            }
            guard seenEpisodes.insert(episode) else {
                rows.append(row)
                continues.append(true)
                continuationCount += 1
                continue
            }
            rows.append(row)
            continues.append(false)
            if latestEpisode.map({ episode > $0 }) ?? true { latestEpisode = episode }
        }
        guard !rows.isEmpty else { return 0 }
        let emptyContinuations = Self.append(batch, rows: rows, episodes: rows.map { batch.episodes[$0] },
                                             continues: continuationCount == 0 ? [] : continues,
                                             to: &episodeTable, recentCapacity: recentCapacity, maxBuckets: maxBuckets)
        duplicateEpisodes += emptyContinuations
        return rows.count - continuationCount
    }

    /// Adds model-metric records; returns how many were new.
    @discardableResult
    public mutating func ingestModelMetrics(_ batch: RecordBatch) -> Int {
        var newRows: [Int] = []
        var episodes: [Int] = []
        for row in 0..<batch.count {
            var episode = batch.episodes[row]
            let placedAfter = replaying ? replayedNewestEpisode : newestModelEpisode
            if episode == RecordBatch.noEpisode {
                if placedAfter != Int.min {
                    episode = placedAfter
                } else if replaying, let firstModelEpisode {
                    episode = firstModelEpisode
                } else {
                    episode = latestEpisode ?? 0
                }
            }
            guard isNewModelRecord(at: episode) else {
                duplicateModelRecords += 1
                continue
            }
            newRows.append(row)
            episodes.append(episode)
            if firstModelEpisode == nil { firstModelEpisode = episode }
        }
        modelRecordCount += newRows.count
        // Each model record's episode is a metric of its own (the x of the loss and Q panels).
        Self.append(batch, rows: newRows, episodes: episodes, to: &modelTable, recentCapacity: recentCapacity, maxBuckets: maxBuckets,
                    withEpisodeSeries: true)
        return newRows.count
    }

    /// Call before a model-metrics file is read again from its start, so its records are
    /// recognised as replays.
    public mutating func beginModelMetricsReplay() {
        replayedModelRecordsAtNewest = 0
        replayedNewestEpisode = Int.min
        replaying = true
    }

    private mutating func isNewModelRecord(at episode: Int) -> Bool {
        if replaying {
            replayedNewestEpisode = max(replayedNewestEpisode, episode)
            if episode < newestModelEpisode { return false }
            if episode == newestModelEpisode {
                replayedModelRecordsAtNewest += 1
                if replayedModelRecordsAtNewest <= modelRecordsAtNewestEpisode { return false }
                modelRecordsAtNewestEpisode += 1
                return true
            }
            replaying = false
        }
        if episode == newestModelEpisode {
            modelRecordsAtNewestEpisode += 1
        } else if episode > newestModelEpisode {
            newestModelEpisode = episode
            modelRecordsAtNewestEpisode = 1
        }
        return true
    }

    /// Appends the fields of `rows` of the batch, at x = `episodes[i]` for `rows[i]`; of a row
    /// whose `continues[i]` is true (empty: none), only the fields whose series has no point at or after that x (so it
    /// cannot have one there). Returns how many continuations added nothing. A static function, so that mutating
    /// one table never makes the compiler copy the whole store to keep `self` readable. Every
    /// slot is made first, then the points go through one buffer: no uniqueness check of the
    /// table per point. A batch whose rows are all taken and all have the same fields (the usual
    /// one) is stored a column at a time.
    @discardableResult
    private static func append(
        _ batch: RecordBatch, rows: [Int], episodes: [Int], continues: [Bool] = [], to table: inout [MetricSeries], recentCapacity: Int,
        maxBuckets: Int, withEpisodeSeries: Bool = false
    ) -> Int {
        guard !rows.isEmpty else { return 0 }
        // Every id in a batch was given out by its catalog.
        let slots = batch.catalog.names.count
        if slots > table.count {
            table.append(contentsOf: repeatElement(MetricSeries(recentCapacity: recentCapacity, maxBuckets: maxBuckets), count: slots - table.count))
        }
        let ids = batch.fieldIDs
        let values = batch.fieldValues
        if continues.isEmpty && !withEpisodeSeries && rows.count == batch.count, let width = batch.uniformWidth() {
            // Every row, each with the same fields: each series takes its column in one call.
            table.withUnsafeMutableBufferPointer { table in
                episodes.withUnsafeBufferPointer { xs in
                    values.withUnsafeBufferPointer { values in
                        for field in 0..<width { table[Int(ids[field])].append(xs: xs, values: values.baseAddress! + field, stride: width) }
                    }
                }
            }
            return 0
        }
        var emptyContinuations = 0
        table.withUnsafeMutableBufferPointer { table in
            for (place, (row, episode)) in zip(rows, episodes).enumerated() {
                if withEpisodeSeries { table[Int(MetricCatalog.episodeID)].append(x: episode, Double(episode)) }
                if continues.isEmpty || !continues[place] {
                    for index in batch.fieldRange(of: row) { table[Int(ids[index])].append(x: episode, values[index]) }
                    continue
                }
                var added = false
                for index in batch.fieldRange(of: row) where (table[Int(ids[index])].statistics.latest?.x ?? Int.min) < episode {
                    table[Int(ids[index])].append(x: episode, values[index])
                    added = true
                }
                if !added { emptyContinuations += 1 }
            }
        }
        return emptyContinuations
    }

    /// The series of an episode metric (x = episode), if the run has it.
    public func episodeSeries(named name: String) -> MetricSeries? {
        guard let id = catalog.existingID(for: name), Int(id) < episodeTable.count, episodeTable[Int(id)].count > 0 else { return nil }
        return episodeTable[Int(id)]
    }

    /// The series of a model metric (x = episode), if the run has it.
    public func modelSeries(named name: String) -> MetricSeries? {
        guard let id = catalog.existingID(for: name), Int(id) < modelTable.count, modelTable[Int(id)].count > 0 else { return nil }
        return modelTable[Int(id)]
    }

    /// Names of the episode metrics present, in catalog order.
    public var episodeMetricNames: [String] { names(in: episodeTable) }
    /// Names of the model metrics present (including `episode`), in catalog order.
    public var modelMetricNames: [String] { names(in: modelTable) }

    private func names(in table: [MetricSeries]) -> [String] {
        table.indices.compactMap { table[$0].count == 0 ? nil : catalog.name(of: MetricID($0)) }
    }
}
