import Foundation
import Synchronization

/// Hands memory freed by rebuilt charts back to the system, so a dashboard left running for
/// days keeps a small footprint instead of the allocator's high-water mark. At most once every
/// `interval`: a trim gives back every free page, and a live run rebuilds its charts four
/// times a second — trimming each time made every frame fault its memory in again (a fifth of
/// the dashboard's CPU at 50 episodes/s).
///
/// ```swift
/// model = DashboardModel(store: source.store, smoothing: 10)
/// MemoryTrim.returnFreeMemory(now: now, force: backlogRead)
/// ```
enum MemoryTrim {
    static let interval: TimeInterval = 10
    private static let lastTrim = Mutex<Date>(.distantPast)

    /// Trims if the last trim was `interval` ago or more, or when `force`d (a backlog has just
    /// been read: its buffers are free now, and a quiet run may not rebuild again); returns
    /// whether it did.
    @discardableResult
    static func returnFreeMemory(now: Date, force: Bool = false) -> Bool {
        let due = lastTrim.withLock { last in
            guard isDue(now: now, last: last, force: force) else { return false }
            last = now
            return true
        }
        #if os(Linux)
        if due { _ = glibcMallocTrim(0) }
        #endif
        return due
    }

    /// Whether a trim at `now` is due after one at `last` (a clock set back makes it due).
    static func isDue(now: Date, last: Date, force: Bool) -> Bool {
        force || now.timeIntervalSince(last) >= interval || now < last
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in <malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
