/// Interns metric names as small integer identifiers so that decoded records and stored
/// series refer to a metric without carrying a `String` per value.
///
/// A catalog belongs to one reader (one run); identifiers are only meaningful within it.
/// ```swift
/// let catalog = MetricCatalog()
/// let id = catalog.id(for: "lr")          // same id as "learning_rate"
/// catalog.name(of: id)                    // "learning_rate"
/// ```
public final class MetricCatalog {
    /// The identifier of the `episode` key, which every catalog assigns first.
    public static let episodeID: MetricID = 0

    private var idsByName: [String: MetricID] = [:]
    private var idsByRawBytes: [[UInt8]: MetricID] = [:]
    public private(set) var names: [String] = []
    /// Which of a file's metrics (its column names, canonical) the reading needs, when it does
    /// not need every one (`MetricSelection.kept(among:)`): readers may leave the others unread.
    public var namesNeeded: (([String]) -> Set<String>)?

    public init() {
        for name in MetricName.standard { _ = id(for: name) }
    }

    /// The identifier of a metric, creating it on first use. Aliases share their canonical id.
    public func id(for rawName: String) -> MetricID {
        let name = MetricName.canonical(rawName)
        if let existing = idsByName[name] { return existing }
        let new = MetricID(names.count)
        names.append(name)
        idsByName[name] = new
        return new
    }

    /// The identifier for a key given as the raw UTF-8 bytes found in a log line.
    public func id(forRawBytes bytes: UnsafeBufferPointer<UInt8>) -> MetricID {
        let key = Array(bytes)
        if let known = idsByRawBytes[key] { return known }
        let new = id(for: String(decoding: key, as: UTF8.self))
        idsByRawBytes[key] = new
        return new
    }

    /// The identifier of a metric if it has been seen, without creating it.
    public func existingID(for rawName: String) -> MetricID? {
        idsByName[MetricName.canonical(rawName)]
    }

    /// The canonical name behind an identifier.
    public func name(of id: MetricID) -> String { names[Int(id)] }

    /// How many metrics the catalog knows.
    public var count: Int { names.count }
}

/// A metric's identifier within one `MetricCatalog`.
public typealias MetricID = Int32
