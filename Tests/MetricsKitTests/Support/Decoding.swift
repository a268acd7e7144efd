@testable import MetricsKit

/// Decodes lines with a decoder and returns records and outcomes, for table tests.
func decodeLines<D: RecordDecoder>(_ lines: [String], with decoder: inout D, catalog: MetricCatalog = MetricCatalog()) -> (records: [MetricRecord], outcomes: [LineOutcome]) {
    decodeLines(lines.map { Array($0.utf8) }, with: &decoder, catalog: catalog)
}

/// The same for lines given as raw bytes.
func decodeLines<D: RecordDecoder>(_ lines: [[UInt8]], with decoder: inout D, catalog: MetricCatalog = MetricCatalog()) -> (records: [MetricRecord], outcomes: [LineOutcome]) {
    var batch = RecordBatch(catalog: catalog)
    var outcomes: [LineOutcome] = []
    for (index, bytes) in lines.enumerated() {
        outcomes.append(bytes.withUnsafeBufferPointer { decoder.decode(line: $0, lineNumber: index + 1, into: &batch) })
    }
    return (batch.records, outcomes)
}

/// The record the slow path (JSONReader + flattening) makes of a line, or `nil` if it skips it.
func slowRecord(_ line: String, requiresEpisode: Bool = true) -> MetricRecord? {
    slowRecord(Array(line.utf8), requiresEpisode: requiresEpisode)
}

func slowRecord(_ bytes: [UInt8], requiresEpisode: Bool = true) -> MetricRecord? {
    var batch = RecordBatch(catalog: MetricCatalog())
    let outcome = bytes.withUnsafeBufferPointer { JSONLinesDecoder.decodeSlowly($0.trimmedLine(), requiresEpisode: requiresEpisode, into: &batch) }
    return outcome == .record ? batch.record(at: 0) : nil
}

/// The record the fast scanner makes of a line, or `nil` if it declines it.
func fastRecord(_ line: String) -> MetricRecord? {
    fastRecord(Array(line.utf8))
}

func fastRecord(_ bytes: [UInt8]) -> MetricRecord? {
    let catalog = MetricCatalog()
    var scanner = FlatLineScanner(catalog: catalog)
    var batch = RecordBatch(catalog: catalog)
    let outcome = bytes.withUnsafeBufferPointer { scanner.scan($0, into: &batch) }
    return outcome == .decoded ? batch.record(at: 0) : nil
}
