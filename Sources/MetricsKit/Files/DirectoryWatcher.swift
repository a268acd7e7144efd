import Foundation

/// Tells which of many directories changed since the last look, without a system call per
/// directory: one inotify descriptor (Linux) watches a parent directory (entries created,
/// removed, renamed) and each child directory (its files written, created, removed, renamed).
/// A directory it could not watch (the per-user watch limit was reached) is reported by
/// `watch(_:)`, and the caller polls it instead; on systems without inotify there is no
/// watcher and everything is polled.
///
/// ```swift
/// let watcher = DirectoryWatcher(parent: "experiments")
/// watcher?.watch("dqn_20261201_120000")      // true: watched
/// let changes = watcher?.changes()           // (parent: false, children: ["dqn_…"], overflowed: false)
/// ```
public final class DirectoryWatcher {
    /// What changed since the last call of `changes()`.
    public struct Changes: Equatable, Sendable {
        /// The parent's entries changed (a child directory may have appeared or gone).
        public var parent = false
        /// Entries of the parent itself that were written to or appeared (files beside the run
        /// directories: the seed logger's snapshots).
        public var parentEntries: Set<String> = []
        /// Children whose files changed.
        public var children: Set<String> = []
        /// Events were lost (the kernel's queue overflowed): treat everything as changed.
        public var overflowed = false

        /// Whether nothing changed.
        public var isEmpty: Bool { !parent && parentEntries.isEmpty && children.isEmpty && !overflowed }
    }

    public let parent: String
    private let descriptor: Int32
    private let parentWatch: Int32
    private var childByWatch: [Int32: String] = [:]
    private var watchByChild: [String: Int32] = [:]
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    private static let parentStructure = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)
    private static let parentMask = parentStructure | UInt32(IN_MODIFY | IN_CLOSE_WRITE)
    private static let childMask = UInt32(IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF)

    /// Watches `parent`; nil when inotify is not available or the parent cannot be watched.
    public init?(parent: String) {
        #if os(Linux)
        let descriptor = inotify_init1(Int32(O_NONBLOCK | O_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        let watch = inotify_add_watch(descriptor, parent, Self.parentMask)
        guard watch >= 0 else {
            close(descriptor)
            return nil
        }
        self.parent = parent
        self.descriptor = descriptor
        parentWatch = watch
        #else
        return nil
        #endif
    }

    deinit { close(descriptor) }

    /// Readable while changes are queued: poll it beside other descriptors to wake when a file
    /// changes (`changes()` empties it).
    public var readinessDescriptor: Int32 { descriptor }

    /// Starts watching the child directory `name`; false when it could not be (then poll it).
    @discardableResult
    public func watch(_ name: String) -> Bool {
        if watchByChild[name] != nil { return true }
        let watch = inotify_add_watch(descriptor, (parent as NSString).appendingPathComponent(name), Self.childMask | UInt32(IN_ONLYDIR))
        guard watch >= 0 else { return false }
        childByWatch[watch] = name
        watchByChild[name] = watch
        return true
    }

    /// Stops watching the child directory `name` (it was removed from the collection).
    public func forget(_ name: String) {
        guard let watch = watchByChild.removeValue(forKey: name) else { return }
        childByWatch[watch] = nil
        inotify_rm_watch(descriptor, watch)
    }

    /// The changes queued since the last call; never blocks.
    public func changes() -> Changes {
        var changes = Changes()
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return changes }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                let header = MemoryLayout<inotify_event>.size
                while offset + header <= count {
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { changes.overflowed = true }
                    if event.wd == parentWatch {
                        if event.mask & Self.parentStructure != 0 { changes.parent = true }
                        if event.len > 0 {
                            let name = raw.baseAddress!.advanced(by: offset + header).assumingMemoryBound(to: CChar.self)
                            changes.parentEntries.insert(String(cString: name))
                        }
                    } else if let child = childByWatch[event.wd] {
                        changes.children.insert(child)
                        if event.mask & UInt32(IN_IGNORED) != 0 {
                            // The directory went: its watch is gone, and the parent will say so.
                            childByWatch[event.wd] = nil
                            watchByChild[child] = nil
                        }
                    }
                    offset += header + Int(event.len)
                }
            }
        }
    }
}
