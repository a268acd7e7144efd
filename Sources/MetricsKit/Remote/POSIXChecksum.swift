/// The checksum POSIX's `cksum` prints (CRC-32, polynomial 0x04C11DB7, the length appended):
/// the remote reader compares a file's start with what the local copy holds by it.
///
/// ```swift
/// POSIXChecksum.of(Array("hello\n".utf8))   // 3015617425, as `printf 'hello\n' | cksum` prints
/// ```
public enum POSIXChecksum {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index) << 24
        for _ in 0..<8 { value = value & 0x8000_0000 != 0 ? (value << 1) ^ 0x04C1_1DB7 : value << 1 }
        return value
    }

    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var crc: UInt32 = 0
        for byte in bytes { crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(byte))] }
        var length = bytes.count
        while length > 0 {
            crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(length & 0xFF))]
            length >>= 8
        }
        return ~crc
    }

    public static func of(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { of($0) }
    }
}
