import Foundation

/// Decodes JSON Lines: the fast `FlatLineScanner` first, `JSONReader` for any line the scanner
/// declines. A line that neither reads as a JSON object is skipped with a reason.
///
/// ```swift
/// var decoder = JSONLinesDecoder(requiresEpisode: true)
/// var batch = RecordBatch(catalog: MetricCatalog())
/// let line = Array(#"{"episode": 1, "q_values": [1, 3]}"#.utf8)
/// line.withUnsafeBufferPointer { decoder.decode(line: $0, lineNumber: 1, into: &batch) }  // .record
/// ```
public struct JSONLinesDecoder: RecordDecoder {
    /// Whether a record without an episode number is skipped (episode logs) or kept (model metrics).
    public let requiresEpisode: Bool
    private var scanner: FlatLineScanner?

    public init(requiresEpisode: Bool) {
        self.requiresEpisode = requiresEpisode
    }

    public mutating func reset() {}

    /// Each line is read on its own (the scanner's key cache only saves lookups).
    public func decoderForAnotherCatalog() -> JSONLinesDecoder? { JSONLinesDecoder(requiresEpisode: requiresEpisode) }

    public mutating func decode(line rawLine: UnsafeBufferPointer<UInt8>, lineNumber: Int, into batch: inout RecordBatch) -> LineOutcome {
        let line = rawLine.trimmedLine()
        if line.isBlank { return .ignored }
        if scanner == nil { scanner = FlatLineScanner(catalog: batch.catalog) }
        switch scanner!.scan(line, into: &batch) {
        case .decoded:
            if requiresEpisode && batch.episodes[batch.count - 1] == RecordBatch.noEpisode {
                batch.removeLast()
                return .skipped("no episode number")
            }
            return .record
        case .badEpisode:
            return .skipped("episode is not a whole number")
        case .needsFallback:
            return Self.decodeSlowly(line, requiresEpisode: requiresEpisode, into: &batch)
        }
    }

    /// Decodes the object at the start of `bytes` on the fast path, leaving what follows it; returns
    /// the outcome and the index after the object, or nil when the fast path cannot tell (then
    /// find the value's end and call `decode(line:)` on it).
    public mutating func decodeObjectPrefix(_ bytes: UnsafeBufferPointer<UInt8>, into batch: inout RecordBatch) -> (outcome: LineOutcome, end: Int)? {
        if scanner == nil { scanner = FlatLineScanner(catalog: batch.catalog) }
        var end = 0
        switch scanner!.scanObject(bytes, into: &batch, objectEnd: &end) {
        case .decoded:
            if requiresEpisode && batch.episodes[batch.count - 1] == RecordBatch.noEpisode {
                batch.removeLast()
                return (.skipped("no episode number"), end)
            }
            return (.record, end)
        case .badEpisode, .needsFallback:
            return nil
        }
    }

    /// The general path: any JSON object, flattened.
    static func decodeSlowly(_ line: UnsafeBufferPointer<UInt8>, requiresEpisode: Bool, into batch: inout RecordBatch) -> LineOutcome {
        let record: MetricRecord
        do {
            record = try RecordFlattener.record(from: JSONReader.value(of: line))
        } catch let failure as RecordFlattener.Failure {
            return .skipped(failure.description)
        } catch {
            return .skipped("not valid JSON: \(error)")
        }
        if requiresEpisode && record.episode == nil { return .skipped("no episode number") }
        batch.append(record)
        return .record
    }
}
