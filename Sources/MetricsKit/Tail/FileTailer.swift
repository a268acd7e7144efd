#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows one file as it grows and hands out complete lines with their line numbers.
///
/// Each `read` checks the path with one `stat`: a partial last line waits for its newline; a
/// file that shrank is read again from its start; when the path names another file (rotation,
/// delete and re-create, an atomic rename) the rest of the old file is read first, then the new
/// one is compared with what was read (its first bytes and the line boundary) and reading goes
/// on where it was or starts over; a start rewritten in place is detected the same way. A line
/// longer than `maxLineBytes` is dropped without holding it in memory and reported (as soon as
/// it passes the limit, and again when its newline comes). A path that is not a readable regular
/// file (permission denied, a FIFO, a directory) is never opened for reading or blocked on; it
/// is reported once and looked at again at each read. A backlog read in full pieces has its next
/// piece read on another thread while the caller decodes this one (`ReadAhead`); it is used only
/// if reading goes on from where it was read, in the same open file.
///
/// `park()` closes the descriptor of a file read to its end (a quiet run in a view of thousands
/// holds none); the next read opens it again only when `stat` says it changed, and goes on where
/// it was (or starts over, or follows a rotation) as if it had stayed open.
///
/// ```swift
/// let tailer = FileTailer(path: "run/episodes.jsonl")
/// let result = tailer.read(maxBytes: 1 << 20) { line, number in /* decode */ }
/// result.events        // [.opened]
/// result.moreAvailable // true while the file holds unread bytes
/// ```
public final class FileTailer {
    /// What one `read` did.
    public struct ReadResult: Equatable {
        public var events: [TailEvent] = []
        public var bytesRead = 0
        /// Whether unread bytes remain after this read.
        public var moreAvailable = false
        /// Line numbers of lines dropped for exceeding `maxLineBytes`.
        public var oversizedLines: [Int] = []
    }

    public let path: String
    public let maxLineBytes: Int
    /// Lines handed out or dropped so far in the current reading of the file.
    public private(set) var lineNumber = 0

    private var descriptor: Int32 = -1
    private var identity: FileIdentity?
    private var readOffset = 0
    private var lineStartOffset = 0
    private var partial: [UInt8] = []
    private var discardingLongLine = false
    private var head: [UInt8] = []
    private var everOpened = false
    private var reportedWaiting = false
    private var reportedProblem: RegularFile.Problem?
    /// Closed while idle; `identity` is the file as it was when parked.
    private var parked = false
    /// The open file is no longer at the path: its rest is being read before the path is opened.
    private var finishingMovedFile = false
    /// The next piece of a backlog, being read while the caller decodes this one.
    private var readAhead: ReadAhead?
    private static let headLength = 4096

    public init(path: String, maxLineBytes: Int = 1 << 20) {
        self.path = path
        self.maxLineBytes = maxLineBytes
    }

    deinit {
        _ = readAhead?.take()
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether the file is open, or parked (it existed at the last read).
    public var isOpen: Bool { descriptor >= 0 || parked }
    /// Why the file could not be opened at the last try, while it cannot.
    public var problem: RegularFile.Problem? { reportedProblem }

    /// Closes the descriptor when everything the file holds has been read; the next `read`
    /// opens it again if it changed. Returns whether it was closed.
    @discardableResult
    public func park() -> Bool {
        guard descriptor >= 0, let current = FileIdentity.of(descriptor: descriptor), readOffset >= current.size else { return false }
        _ = readAhead?.take()
        readAhead = nil
        close(descriptor)
        descriptor = -1
        identity = current
        parked = true
        return true
    }
    /// Bytes held for a last line that has no newline yet.
    public var pendingBytes: Int { partial.count }

    /// Reads up to `maxBytes` new bytes and calls `onLine` for every complete line. With
    /// `onLines`, the complete lines that lie whole in what was read are handed over together
    /// instead (each with its newline; the number of the first is given, the count of lines is
    /// returned), so a caller can decode them on several cores; a line completing one held from
    /// the last read still goes to `onLine`. When the next piece of a backlog is read ahead,
    /// `aheadWork` may give what to do with it on that thread (`ReadAheadWork`).
    public func read(maxBytes: Int, onLine: (UnsafeBufferPointer<UInt8>, Int) -> Void,
                     onLines: ((UnsafeBufferPointer<UInt8>, Int) -> Int)? = nil, aheadWork: (() -> ReadAheadWork?)? = nil) -> ReadResult {
        var result = ReadResult()
        // What was read ahead is waited for before the descriptor may be closed below; it is
        // used if reading goes on from where it was read, from the same descriptor.
        let ahead = readAhead
        readAhead = nil
        let readAheadBytes = ahead?.take()
        if parked {
            guard unpark(&result) else { return result }
        }
        if descriptor >= 0 {
            checkPath(&result)
        }
        if descriptor < 0 {
            openPath(&result)
            guard descriptor >= 0 else { return result }
        }
        // Read only what the file holds beyond what was read; an idle file costs no buffer.
        let available = (FileIdentity.of(descriptor: descriptor)?.size ?? readOffset) - readOffset
        guard available > 0 else { return result }
        let wanted = min(maxBytes, available)
        let chunk: [UInt8]
        if let ahead, let readAheadBytes, ahead.descriptor == descriptor, ahead.offset == readOffset, !readAheadBytes.isEmpty {
            chunk = readAheadBytes
        } else {
            chunk = ReadAhead.piece(descriptor: descriptor, offset: readOffset, count: wanted)
        }
        let count = min(chunk.count, wanted)
        guard count > 0 else { return result }
        chunk.withUnsafeBufferPointer { buffer in
            consume(UnsafeBufferPointer(rebasing: buffer[0..<count]), &result, onLine, onLines)
        }
        readOffset += count
        result.bytesRead = count
        // The rest of a file renamed away is read: the path's new file (or its absence) is next.
        result.moreAvailable = count < available || finishingMovedFile
        // A backlog read in full pieces: the next piece is read while this one is decoded.
        if count == maxBytes && count < available {
            readAhead = ReadAhead(descriptor: descriptor, offset: readOffset, count: min(maxBytes, available - count), work: aheadWork?())
        }
        return result
    }

    /// Hands out a last line that has no newline (for one-shot reads that end at end of file).
    public func flushPartialLine(onLine: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard !partial.isEmpty else { return }
        lineNumber += 1
        partial.withUnsafeBufferPointer { onLine($0, lineNumber) }
        partial.removeAll()
    }

    private func consume(_ bytes: UnsafeBufferPointer<UInt8>, _ result: inout ReadResult, _ onLine: (UnsafeBufferPointer<UInt8>, Int) -> Void,
                         _ onLines: ((UnsafeBufferPointer<UInt8>, Int) -> Int)? = nil) {
        if head.count < Self.headLength && readOffset == head.count {
            head.append(contentsOf: bytes.prefix(Self.headLength - head.count))
        }
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            if let onLines, partial.isEmpty, !discardingLongLine, let last = Self.lastNewline(base, from: start, to: bytes.count) {
                // Every line from here to the last newline lies whole in this read.
                let end = last + 1
                lineNumber += onLines(UnsafeBufferPointer(start: base + start, count: end - start), lineNumber + 1)
                start = end
                lineStartOffset = readOffset + start
                continue
            }
            guard let found = memchr(base + start, 0x0A, bytes.count - start) else { break }
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            lineNumber += 1
            if discardingLongLine {
                discardingLongLine = false
                result.oversizedLines.append(lineNumber)
            } else if partial.isEmpty {
                onLine(UnsafeBufferPointer(start: base + start, count: newline - start), lineNumber)
            } else if partial.count + newline - start > maxLineBytes {
                partial.removeAll()
                result.oversizedLines.append(lineNumber)
            } else {
                partial.append(contentsOf: UnsafeBufferPointer(start: base + start, count: newline - start))
                partial.withUnsafeBufferPointer { onLine($0, lineNumber) }
                partial.removeAll(keepingCapacity: partial.count <= 1 << 16)
            }
            start = newline + 1
            lineStartOffset = readOffset + start
        }
        guard start < bytes.count, !discardingLongLine else { return }
        if partial.count + bytes.count - start > maxLineBytes {
            partial.removeAll()
            discardingLongLine = true
            result.events.append(.skippingLongLine(line: lineNumber + 1, limit: maxLineBytes))
        } else {
            partial.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    /// The index of the last newline in `from..<to` (searched from the end: a read ends in at
    /// most one partial line).
    static func lastNewline(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var index = end - 1
        while index >= from {
            if base[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }

    /// A parked file: unchanged, it stays closed (false); the same file changed, it is opened again
    /// and checked as usual. Gone from the path or replaced (rotation), the old file is looked for
    /// beside it under its new name: lines it gained before it was renamed are read first, as
    /// when it was open; then the path is opened as after a rotation.
    private func unpark(_ result: inout ReadResult) -> Bool {
        guard let known = identity else {
            parked = false
            return true
        }
        let current = FileIdentity.of(path: path)
        if current == known { return false }
        parked = false
        if let current, current.isSameFile(as: known), case .success(let reopened) = RegularFile.open(path) {
            descriptor = reopened
            return true
        }
        if let moved = RegularFile.open(known, besidePath: path) {
            if let now = FileIdentity.of(descriptor: moved), now.size > readOffset {
                descriptor = moved
                return true
            }
            close(moved)
        }
        identity = nil
        guard current != nil else {
            result.events.append(.removed)
            reportedWaiting = true
            return false
        }
        return true
    }

    /// Looks at the path again: removed, replaced, truncated or rewritten since the last read?
    private func checkPath(_ result: inout ReadResult) {
        finishingMovedFile = false
        guard let known = identity else { return }
        guard let current = FileIdentity.of(path: path), current.isSameFile(as: known) else {
            // Finish the old file first: a writer may have added lines just before rotating it.
            if let old = FileIdentity.of(descriptor: descriptor), readOffset < old.size {
                finishingMovedFile = true
                return
            }
            close(descriptor)
            descriptor = -1
            identity = nil
            if FileIdentity.of(path: path) == nil {
                result.events.append(.removed)
                reportedWaiting = true
            }
            return
        }
        if current.size < readOffset {
            restart()
            result.events.append(.truncated)
        } else if current != known && !startMatches(descriptor) {
            restart()
            result.events.append(.rewritten)
        }
        identity = current
    }

    private func openPath(_ result: inout ReadResult) {
        let opened: Int32
        switch RegularFile.open(path) {
        case .success(let descriptor):
            opened = descriptor
        case .failure(.missing):
            if !reportedWaiting {
                result.events.append(.waitingForFile)
                reportedWaiting = true
            }
            return
        case .failure(let problem):
            if reportedProblem != problem {
                result.events.append(.unreadable(problem.description))
                reportedProblem = problem
            }
            return
        }
        guard let current = FileIdentity.of(descriptor: opened) else {
            close(opened)
            return
        }
        descriptor = opened
        identity = current
        reportedWaiting = false
        reportedProblem = nil
        if !everOpened {
            everOpened = true
            result.events.append(.opened)
            return
        }
        let continued = lineStartOffset > 0 && current.size >= lineStartOffset && startMatches(opened)
        if continued {
            readOffset = lineStartOffset
            partial.removeAll()
            discardingLongLine = false
        } else {
            restart()
        }
        result.events.append(.replaced(continued: continued))
    }

    /// Whether the open file still begins with the bytes read before and has a line break where
    /// the last complete line ended.
    private func startMatches(_ file: Int32) -> Bool {
        if !head.isEmpty {
            var current = [UInt8](repeating: 0, count: head.count)
            let count = current.withUnsafeMutableBytes { pread(file, $0.baseAddress, head.count, 0) }
            guard count == head.count, current == head else { return false }
        }
        guard lineStartOffset > 0 else { return true }
        var byte: UInt8 = 0
        return pread(file, &byte, 1, off_t(lineStartOffset - 1)) == 1 && byte == 0x0A
    }

    private func restart() {
        readOffset = 0
        lineStartOffset = 0
        lineNumber = 0
        partial.removeAll()
        discardingLongLine = false
        head.removeAll()
    }
}
