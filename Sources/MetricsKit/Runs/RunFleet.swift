import Foundation

/// Several `RunCollection`s seen as one runs view: `--run gpu1:training_logs/ --run
/// gpu2:training_logs/ --run training_logs/dqn`. Entries keep their collection's order and carry
/// its host; a refresh reads the collections in turn, each within what is left of the budget.
///
/// ```swift
/// let fleet = RunFleet([RunCollection(path: copy1, host: "gpu1"), RunCollection(path: "training_logs")])
/// fleet.refresh()
/// fleet.entries.map(\.hostName)     // ["gpu1", "gpu1", "local"]
/// ```
public final class RunFleet {
    public let collections: [RunCollection]
    /// Every collection's runs, in order.
    public private(set) var entries: [RunEntry] = []

    public init(_ collections: [RunCollection]) {
        self.collections = collections
    }

    /// What every entry is read from, in the order of `entries`.
    public var sources: [RunSource] { collections.flatMap(\.sources) }

    /// Whether runs on more than one machine (or any on another) are shown: then the host column is.
    public var spansHosts: Bool { collections.contains { $0.host != nil } }

    /// Refreshes each collection; `moreRemaining` when any has more to read.
    @discardableResult
    public func refresh(maxRecords: Int = 200_000, maxDuration: Duration = .milliseconds(50), now: Date = Date()) -> RunCollection.RefreshResult {
        var result = RunCollection.RefreshResult()
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: maxDuration)
        for collection in collections {
            let left = max(.milliseconds(1), deadline - clock.now)
            let one = collection.refresh(maxRecords: maxRecords, maxDuration: left, now: now)
            result.changed = result.changed || one.changed
            result.moreRemaining = result.moreRemaining || one.moreRemaining
        }
        if result.changed || entries.isEmpty { entries = collections.flatMap(\.entries) }
        return result
    }
}
