/// Gives the records of a log that has no episode numbers, such as Stable-Baselines3's
/// `progress.csv` and `progress.json`, x = the value of their step metric
/// (`time/total_timesteps`, what SB3 logs at every dump and what its TensorBoard steps are). A
/// record without it comes right after the one before (x + 1).
///
/// ```swift
/// var decoder = StepKeyedDecoder(CSVRecordDecoder(), step: "time/total_timesteps")
/// // "time/total_timesteps,rollout/ep_rew_mean" then "2048,-12.5" → MetricRecord(episode: 2048, …)
/// ```
public struct StepKeyedDecoder<Inner: RecordDecoder>: RecordDecoder {
    private var inner: Inner
    private let stepName: String
    private var lastStep: Int?
    /// The step metric's id in the catalog of the batches decoded into (looked up once).
    private var stepID: MetricID?

    public init(_ inner: Inner, step: String) {
        self.inner = inner
        stepName = step
    }

    public mutating func reset() {
        inner.reset()
        lastStep = nil
    }

    public func decoderForAnotherCatalog() -> StepKeyedDecoder? {
        inner.decoderForAnotherCatalog().map { StepKeyedDecoder($0, step: stepName) }
    }

    /// The rows `other` read before its first with a step were numbered from 0: they follow
    /// this decoder's last step.
    public mutating func adopt(_ other: inout StepKeyedDecoder, rows: Range<Int>, in batch: inout RecordBatch) {
        // The episodes are this decoder's, not the inner one's numbering.
        inner.adopt(&other.inner, rows: rows.lowerBound..<rows.lowerBound, in: &batch)
        let id = stepID ?? batch.catalog.id(for: stepName)
        stepID = id
        let next = lastStep.map { $0 + 1 } ?? 0
        var row = rows.lowerBound
        while row < rows.upperBound, batch.value(id, inRow: row).flatMap({ Int(exactly: $0) }) == nil {
            batch.setEpisode(next + row - rows.lowerBound, ofRow: row)
            row += 1
        }
        if row == rows.upperBound, !rows.isEmpty {
            lastStep = next + rows.count - 1
        } else if let step = other.lastStep {
            lastStep = step
        }
        other.lastStep = nil
    }

    public mutating func decode(line: UnsafeBufferPointer<UInt8>, lineNumber: Int, into batch: inout RecordBatch) -> LineOutcome {
        let outcome = inner.decode(line: line, lineNumber: lineNumber, into: &batch)
        guard outcome == .record else { return outcome }
        let row = batch.count - 1
        var step = lastStep.map { $0 + 1 } ?? 0
        let id = stepID ?? batch.catalog.id(for: stepName)
        stepID = id
        if let value = batch.value(id, inRow: row), let whole = Int(exactly: value) { step = whole }
        batch.setEpisode(step, ofRow: row)
        lastStep = step
        return .record
    }
}
