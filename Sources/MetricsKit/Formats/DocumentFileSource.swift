import Foundation

/// Reads a file that is rewritten whole (a JSON snapshot): whenever `stat` says it changed, the
/// whole document is read again through `decode`. A version that does not parse (it may be half
/// written) is not read again until it changes, and the previous records keep showing; every
/// version after the first replays its model metrics (the store replaces what it had), while
/// episodes already known are not counted twice (the store keeps the first record per episode).
///
/// ```swift
/// let source = DocumentFileSource(file) { data, catalog in try JSONDocumentDecoder.decode(data, catalog: catalog) }
/// ```
public final class DocumentFileSource: RecordSource {
    /// Decodes a whole document into records.
    public typealias Decode = (Data, MetricCatalog) throws -> JSONDocumentDecoder.Document

    public let file: RunLayout.File
    private let decode: Decode
    private var readIdentity: FileIdentity?
    /// The version that last failed to parse: not read again until it changes.
    private var failedIdentity: FileIdentity?
    private var waitingReported = false
    public private(set) var state: TailEvent?
    public private(set) var problem: String?
    public var isOpen: Bool { readIdentity != nil }

    public init(_ file: RunLayout.File, decode: @escaping Decode) {
        self.file = file
        self.decode = decode
    }

    /// A document is read whole and closed at once: there is no descriptor to let go of.
    public func park() {}

    public func read(maxBytes: Int, into batch: inout SourceBatch, atEndOfInput: Bool) -> SourceRead {
        var read = SourceRead()
        guard let identity = FileIdentity.of(path: file.path) else {
            if !waitingReported {
                read.events.append(readIdentity == nil ? .waitingForFile : .removed)
                waitingReported = true
            }
            state = read.events.last ?? state
            return read
        }
        waitingReported = false
        guard identity != readIdentity, identity != failedIdentity else { return read }
        let firstRead = readIdentity == nil
        let data: Data
        do {
            data = try RegularFile.contents(of: file.path)
        } catch {
            failedIdentity = identity
            problem = "\(file.name): \(error)"
            read.events.append(.unreadable(error.description))
            state = read.events.last
            return read
        }
        do {
            let document = try decode(data, batch.episodes.catalog)
            readIdentity = identity
            failedIdentity = nil
            problem = nil
            for index in 0..<document.episodes.count { batch.episodes.append(document.episodes.record(at: index)) }
            for index in 0..<document.modelMetrics.count { batch.modelMetrics.append(document.modelMetrics.record(at: index)) }
            if firstRead {
                for skipped in document.skipped {
                    batch.skipped.record(file: file.name, line: skipped.index, reason: "\(skipped.section)[\(skipped.index)]: \(skipped.reason)")
                }
            }
            read.replaysModelMetrics = !firstRead
            read.events.append(firstRead ? .opened : .replaced(continued: false))
            read.bytesRead = data.count
            state = read.events.last
        } catch {
            // A snapshot being rewritten in place may be half written: wait for the next change.
            failedIdentity = identity
            problem = "\(file.name): \(error)"
        }
        return read
    }
}
