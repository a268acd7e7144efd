/// Something that happened to a followed file, reported by `FileTailer` and shown in the UI's
/// status line.
public enum TailEvent: Equatable, Sendable, CustomStringConvertible {
    /// The file was opened for the first time.
    case opened
    /// The file does not exist (yet); the tailer keeps looking for it.
    case waitingForFile
    /// The file shrank; it is read again from its start.
    case truncated
    /// The path now names another file (rotation, delete and re-create, an atomic rewrite).
    /// `continued` tells whether the new file began with what was already read, so reading went
    /// on where it was; otherwise it is read from its start.
    case replaced(continued: Bool)
    /// The start of the file changed in place (a CSV whose header was rewritten); it is read again.
    case rewritten
    /// The file was removed; what had been written before is kept, and the tailer waits for a new one.
    case removed
    /// The path cannot be read (permission denied, a FIFO or a directory where the file was); the
    /// tailer keeps looking, and reads it once it is a readable file.
    case unreadable(String)
    /// A line has grown past the longest line read (`maxLineBytes`) with no newline yet: it is
    /// being skipped up to its newline without keeping it in memory.
    case skippingLongLine(line: Int, limit: Int)

    /// Whether records will be read again from the file's start.
    public var restartsFromBeginning: Bool {
        switch self {
        case .truncated, .rewritten, .replaced(continued: false): return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .opened: return "following"
        case .waitingForFile: return "waiting for file"
        case .truncated: return "re-read after truncation"
        case .replaced(let continued): return continued ? "re-opened after rotation" : "re-read after rotation"
        case .rewritten: return "re-read after rewrite"
        case .removed: return "file removed, waiting for it to return"
        case .unreadable(let reason): return "cannot read: \(reason)"
        case .skippingLongLine(let line, let limit):
            return "line \(line) is longer than \(limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes") with no newline: skipping to its end"
        }
    }
}
