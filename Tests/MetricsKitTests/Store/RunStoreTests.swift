import Testing
@testable import MetricsKit

@Suite struct RunStoreTests {
    private func batch(_ catalog: MetricCatalog, _ records: [MetricRecord]) -> RecordBatch {
        var batch = RecordBatch(catalog: catalog)
        records.forEach { batch.append($0) }
        return batch
    }

    @Test func theFirstRecordForAnEpisodeWinsAndDuplicatesAreCounted() {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        let added = store.ingestEpisodes(batch(catalog, [
            MetricRecord(episode: 2, values: ["profit": 5]),
            MetricRecord(episode: 1, values: ["profit": 3]),
            MetricRecord(episode: 2, values: ["profit": 99]),
        ]))
        #expect(added == 2)
        #expect(store.episodeCount == 2)
        #expect(store.duplicateEpisodes == 1)
        #expect(store.latestEpisode == 2)
        let profit = store.episodeSeries(named: "pnl")!
        #expect(profit.recentX == [1, 2])
        #expect(profit.recentY == [3, 5])
        #expect(profit.statistics.best == .init(x: 2, value: 5))
    }

    @Test func theRestOfTheNewestEpisodeJoinsItAndNothingIsCountedTwice() {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        store.ingestEpisodes(batch(catalog, [MetricRecord(episode: 0, values: ["a": 1]), MetricRecord(episode: 1, values: ["a": 2])]))
        // Episode 1's other metric comes in the next read, before episode 2.
        let added = store.ingestEpisodes(batch(catalog, [MetricRecord(episode: 1, values: ["a": 99, "b": 20]), MetricRecord(episode: 2, values: ["a": 3, "b": 30])]))
        #expect(added == 1)
        #expect(store.episodeCount == 3)
        #expect(store.episodeSeries(named: "a")?.recentY == [1, 2, 3])
        #expect(store.episodeSeries(named: "b")?.recentX == [1, 2])
        #expect(store.duplicateEpisodes == 0)
        // A replay (values of metrics that already reached that episode) is a duplicate; a metric
        // the run did not have yet (a second source's) joins the episodes it has values for.
        store.ingestEpisodes(batch(catalog, [MetricRecord(episode: 1, values: ["a": 7]), MetricRecord(episode: 2, values: ["a": 3, "b": 30])]))
        #expect(store.duplicateEpisodes == 2)
        #expect(store.episodeSeries(named: "a")?.recentY == [1, 2, 3])
        store.ingestEpisodes(batch(catalog, [MetricRecord(episode: 0, values: ["c": 1, "a": 5]), MetricRecord(episode: 2, values: ["c": 3])]))
        #expect(store.episodeSeries(named: "c")?.recentX == [0, 2] && store.episodeSeries(named: "a")?.recentY == [1, 2, 3])
        #expect(store.duplicateEpisodes == 2 && store.episodeCount == 3)
    }

    /// Rows that all have the same metrics are stored a column at a time (`RecordBatch.uniformWidth`);
    /// the series are as when the same rows come in a batch that is stored row by row (one more
    /// row with another metric makes it so).
    @Test func rowsWithTheSameMetricsAreStoredAsRowByRow() {
        var random = SplitMix64(seed: 11)
        let rows = (0..<5_000).map { row in
            // Episodes in order but for every 97th pair, swapped (each episode once: every row is new).
            MetricRecord(episode: row % 97 == 1 ? row - 1 : row % 97 == 0 ? row + 1 : row,
                         values: ["profit": Double.random(in: -9...9, using: &random), "sharpe": row % 13 == 0 ? .nan : 1])
        }
        let catalog = MetricCatalog()
        let uniform = batch(catalog, rows)
        #expect(uniform.uniformWidth() == 2)
        let mixed = batch(catalog, rows + [MetricRecord(episode: 9_999, values: ["other": 1])])
        #expect(mixed.uniformWidth() == nil)
        var byColumn = RunStore(catalog: catalog, recentCapacity: 64, maxBuckets: 8)
        byColumn.ingestEpisodes(uniform)
        byColumn.ingestEpisodes(batch(catalog, [MetricRecord(episode: 9_999, values: ["other": 1])]))
        var byRow = RunStore(catalog: catalog, recentCapacity: 64, maxBuckets: 8)
        byRow.ingestEpisodes(mixed)
        for name in ["profit", "sharpe", "other"] {
            let column = byColumn.episodeSeries(named: name)!
            let row = byRow.episodeSeries(named: name)!
            #expect(column.statistics == row.statistics && column.recentX == row.recentX && column.history == row.history)
            #expect(column.recentY.elementsEqual(row.recentY) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
        #expect(byColumn.episodeCount == 5_001 && byRow.episodeCount == 5_001)
    }

    @Test func modelMetricsAreStepsAndReplaysAreDropped() {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        let first = [
            MetricRecord(episode: 0, values: ["loss": 1]), MetricRecord(episode: 0, values: ["loss": 2]),
            MetricRecord(episode: 1, values: ["loss": 3]),
        ]
        store.ingestModelMetrics(batch(catalog, first))
        #expect(store.modelRecordCount == 3)
        // The file is read again from its start and now has one more record at episode 1 and one at 2.
        store.beginModelMetricsReplay()
        let added = store.ingestModelMetrics(batch(catalog, first + [
            MetricRecord(episode: 1, values: ["loss": 4]), MetricRecord(episode: 2, values: ["loss": 5]),
        ]))
        #expect(added == 2)
        #expect(store.duplicateModelRecords == 3)
        #expect(store.modelSeries(named: "loss")!.recentY == [1, 2, 3, 4, 5])
        #expect(store.modelSeries(named: "episode")!.recentY == [0, 0, 1, 1, 2])
        #expect(store.modelMetricNames == ["episode", "loss"])
    }

    /// A record without an episode goes after the records before it: read again from the start,
    /// it is placed where it was the first time, so it is the replay it is (found by the growth fuzzer).
    @Test func aReplayedRecordWithoutAnEpisodeIsPlacedAsItWasAndDropped() {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog)
        let records = [MetricRecord(episode: nil, values: ["l": 0]), MetricRecord(episode: 1, values: ["loss": 3])]
        store.ingestModelMetrics(batch(catalog, records))
        #expect(store.modelSeries(named: "episode")!.recentY == [0, 1])
        store.beginModelMetricsReplay()
        #expect(store.ingestModelMetrics(batch(catalog, records)) == 0)
        #expect(store.modelRecordCount == 2 && store.duplicateModelRecords == 2)
    }

    @Test func aMillionEpisodesStayInBoundedMemory() {
        let catalog = MetricCatalog()
        var store = RunStore(catalog: catalog, recentCapacity: 1000, maxBuckets: 256)
        var chunk = RecordBatch(catalog: catalog)
        let profit = catalog.id(for: "profit")
        for episode in 0..<1_000_000 {
            chunk.beginRecord()
            chunk.appendField(profit, Double(episode % 100))
            chunk.commitRecord(episode: episode)
            if chunk.count == 10_000 {
                store.ingestEpisodes(chunk)
                chunk.removeAll()
            }
        }
        let series = store.episodeSeries(named: "profit")!
        #expect(store.episodeCount == 1_000_000)
        #expect(series.recentX.count < 2000)
        #expect(series.history.count <= 256)
        #expect(series.statistics.mean == 49.5)
    }
}
