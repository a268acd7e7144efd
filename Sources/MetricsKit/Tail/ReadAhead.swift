import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The next piece of a file, read on another thread while the caller decodes and stores the
/// piece before it (`FileTailer` reading a backlog in full pieces): the kernel's copy of those
/// bytes is then off the reading thread, and so is any `ReadAheadWork` given (a decoder starting
/// on the piece's second half). `take()` waits for the bytes; the descriptor must stay open until
/// then.
///
/// ```swift
/// let ahead = ReadAhead(descriptor: descriptor, offset: 1 << 20, count: 1 << 20)
/// // … decode the first megabyte …
/// let next = ahead.take()   // the second megabyte (fewer bytes at the end of the file)
/// ```
final class ReadAhead: @unchecked Sendable {
    let descriptor: Int32
    let offset: Int
    private var bytes: [UInt8] = []
    private let read = DispatchGroup()

    init(descriptor: Int32, offset: Int, count: Int, work: ReadAheadWork? = nil) {
        self.descriptor = descriptor
        self.offset = offset
        read.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let piece = Self.piece(descriptor: descriptor, offset: offset, count: count)
            bytes = piece
            work?.prepare(piece)
            read.leave()
            work?.run()
        }
    }

    /// The `count` bytes at `offset` (fewer at the end of the file, none after an error), read
    /// into a buffer that is not zero-filled first: pread writes what it holds.
    static func piece(descriptor: Int32, offset: Int, count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = Swift.max(pread(descriptor, buffer.baseAddress, count, off_t(offset)), 0)
        }
    }

    /// The bytes read, once read: fewer than asked at the end of the file, none after an error.
    func take() -> [UInt8] {
        read.wait()
        return bytes
    }
}

/// What is done with a piece read ahead, on the thread that read it.
public protocol ReadAheadWork: AnyObject, Sendable {
    /// Called once the piece is read, before the reader can take it: decides what to do.
    func prepare(_ piece: [UInt8])
    /// Called after: does it, while the reader goes on.
    func run()
}
