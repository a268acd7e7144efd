import Foundation

/// The training loop's side of `control.json`: `shouldStop()` and `checkpointRequested()` are
/// cheap enough to call every step — they look at the file at most once a second (a `stat`),
/// read it only when it changed, and acknowledge a request (`acknowledged_at`) when they hand
/// it over, so the dashboard can show that the trainer saw it. A stop, once seen, stays seen; a
/// checkpoint request is handed over once. Requests made before the listener started (left by
/// an earlier run of the script) and requests already acknowledged are ignored.
///
/// ```swift
/// let control = ControlListener(directory: "training_logs/dqn")
/// for episode in 0..<1000 {
///     if control.shouldStop() { break }
///     if control.checkpointRequested() { saveCheckpoint() }
/// }
/// ```
public final class ControlListener: @unchecked Sendable {
    public let directory: String
    /// The shortest time between two looks at the file.
    public let interval: TimeInterval
    private let startedAt: Date
    private let lock = NSLock()
    private var lastLook: Date?
    private var lastIdentity: FileIdentity?
    private var stopSeen = false
    private var pendingCheckpoint: ControlRequest?
    /// Requests handed over or ignored, by id.
    private var settled: Set<String> = []

    public init(directory: String, interval: TimeInterval = 1, now: Date = Date()) {
        self.directory = directory
        self.interval = interval
        // The dashboard's clock and ours may differ by a little: a request up to 2 s older than
        // this start is still taken.
        startedAt = now.addingTimeInterval(-2)
    }

    /// Whether the dashboard asked the run to stop.
    public func shouldStop(now: Date = Date()) -> Bool {
        lock.withLock {
            look(now: now)
            return stopSeen
        }
    }

    /// Whether the dashboard asked for a checkpoint since the last time this said true.
    public func checkpointRequested(now: Date = Date()) -> Bool {
        lock.withLock {
            look(now: now)
            guard let request = pendingCheckpoint else { return false }
            pendingCheckpoint = nil
            acknowledge(request, now: now)
            return true
        }
    }

    private func look(now: Date) {
        if let lastLook, now.timeIntervalSince(lastLook) < interval, now >= lastLook { return }
        lastLook = now
        let identity = FileIdentity.of(path: RunControl.path(inDirectory: directory))
        guard let identity, identity != lastIdentity else { return }
        lastIdentity = identity
        guard let request = RunControl.read(inDirectory: directory), !settled.contains(request.id) else { return }
        settled.insert(request.id)
        guard request.acknowledgedAt == nil, request.at >= startedAt else { return }
        switch request.kind {
        case .stop:
            stopSeen = true
            acknowledge(request, now: now)
        case .checkpoint:
            pendingCheckpoint = request
        }
    }

    /// Writes the request back with the time it was handed over, unless a newer one replaced it.
    private func acknowledge(_ request: ControlRequest, now: Date) {
        guard RunControl.read(inDirectory: directory)?.id == request.id else { return }
        var acknowledged = request
        acknowledged.acknowledgedAt = now
        try? RunControl.write(acknowledged, inDirectory: directory)
        lastIdentity = FileIdentity.of(path: RunControl.path(inDirectory: directory))
    }
}
