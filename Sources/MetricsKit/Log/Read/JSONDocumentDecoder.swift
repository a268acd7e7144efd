import Foundation

/// Decodes a whole-run JSON snapshot: the `metrics.json` that `saveMetrics(format: .json)` writes
/// (`{"experiment_name", "episodes": [...], "model_metrics": [...], "statistics": {...}}`), or a
/// bare array of episode objects. Elements that are not usable records are skipped and counted.
///
/// ```swift
/// let run = try JSONDocumentDecoder.decode(data, catalog: MetricCatalog())
/// run.episodes.count; run.modelMetrics.count; run.skipped
/// ```
public enum JSONDocumentDecoder {
    /// The records of one snapshot.
    public struct Document {
        public var episodes: RecordBatch
        public var modelMetrics: RecordBatch
        /// Elements skipped, with the reason for each (index in its array, reason).
        public var skipped: [(section: String, index: Int, reason: String)]
        public var experimentName: String?
    }

    /// Why a snapshot could not be read at all.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func decode(_ data: Data, catalog: MetricCatalog) throws -> Document {
        let root: JSONValue
        do {
            root = try JSONValue.decode(data)
        } catch {
            throw Failure(description: data.isEmpty ? "an empty file" : "not valid JSON: \(error)")
        }
        var document = Document(episodes: RecordBatch(catalog: catalog), modelMetrics: RecordBatch(catalog: catalog), skipped: [])
        switch root {
        case .array(let items):
            read(items, section: "episodes", requiresEpisode: true, into: &document.episodes, skipped: &document.skipped)
        case .object(let fields):
            if case .string(let name)? = fields["experiment_name"] { document.experimentName = name }
            guard fields["episodes"] != nil || fields["model_metrics"] != nil else {
                throw Failure(description: "a JSON object without \"episodes\" or \"model_metrics\" arrays")
            }
            if case .array(let items)? = fields["episodes"] {
                read(items, section: "episodes", requiresEpisode: true, into: &document.episodes, skipped: &document.skipped)
            }
            if case .array(let items)? = fields["model_metrics"] {
                read(items, section: "model_metrics", requiresEpisode: false, into: &document.modelMetrics, skipped: &document.skipped)
            }
        default:
            throw Failure(description: "neither a JSON object nor an array of records")
        }
        return document
    }

    private static func read(
        _ items: [JSONValue], section: String, requiresEpisode: Bool,
        into batch: inout RecordBatch, skipped: inout [(section: String, index: Int, reason: String)]
    ) {
        for (index, item) in items.enumerated() {
            do {
                let record = try RecordFlattener.record(from: item)
                if requiresEpisode && record.episode == nil {
                    skipped.append((section, index, "no episode number"))
                    continue
                }
                batch.append(record)
            } catch {
                skipped.append((section, index, "\(error)"))
            }
        }
    }
}
