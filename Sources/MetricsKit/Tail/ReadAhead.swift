import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The next piece of a file, read on another thread while the caller decodes and stores the
/// piece before it (`FileTailer` reading a backlog in full pieces): the kernel's copy of those
/// bytes is then off the reading thread. `take()` waits for it; the descriptor must stay open
/// until then.
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
    private let done = DispatchGroup()

    init(descriptor: Int32, offset: Int, count: Int) {
        self.descriptor = descriptor
        self.offset = offset
        DispatchQueue.global(qos: .userInitiated).async(group: done) { [self] in
            var read = 0
            // Not zero-filled first: pread writes what the piece holds.
            bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                read = pread(descriptor, buffer.baseAddress, count, off_t(offset))
                initialized = Swift.max(read, 0)
            }
        }
    }

    /// The bytes read, once read: fewer than asked at the end of the file, none after an error.
    func take() -> [UInt8] {
        done.wait()
        return bytes
    }
}
