/// Reads the fields of one protocol-buffer message from raw bytes, in order, without decoding
/// into objects and without ever reading outside the buffer: a malformed message (a varint of
/// more than ten bytes, a length past the end, an unknown wire type) ends the walk and sets
/// `isMalformed`.
///
/// ```swift
/// var reader = ProtobufReader(bytes)
/// while let field = reader.next() {
///     if field.number == 2, case .varint(let step) = field.value { … }
/// }
/// reader.isMalformed   // false for a whole message
/// ```
public struct ProtobufReader {
    /// One field as it is on the wire.
    public struct Field {
        public let number: UInt64
        public let value: Value
    }

    /// A field's value by wire type; `.bytes` is a sub-buffer of the message.
    public enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(UnsafeBufferPointer<UInt8>)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Whether the walk stopped at bytes that are not a well-formed field.
    public private(set) var isMalformed = false

    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The next field, or nil at the end of the message (or at malformed bytes).
    public mutating func next() -> Field? {
        guard index < bytes.count, !isMalformed else { return nil }
        guard let key = readVarint(), key >> 3 != 0 else { return malformed() }
        let number = key >> 3
        switch key & 7 {
        case 0:
            guard let value = readVarint() else { return malformed() }
            return Field(number: number, value: .varint(value))
        case 1:
            guard let value = readFixed(8) else { return malformed() }
            return Field(number: number, value: .fixed64(value))
        case 5:
            guard let value = readFixed(4) else { return malformed() }
            return Field(number: number, value: .fixed32(UInt32(truncatingIfNeeded: value)))
        case 2:
            guard let length = readVarint(), length <= UInt64(bytes.count - index) else { return malformed() }
            let start = index
            index += Int(length)
            return Field(number: number, value: .bytes(UnsafeBufferPointer(rebasing: bytes[start..<index])))
        default:
            // Groups (3, 4) are not used by the messages read here; anything else is not protobuf.
            return malformed()
        }
    }

    private mutating func malformed() -> Field? {
        isMalformed = true
        return nil
    }

    private mutating func readVarint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count && shift < 64 {
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }

    private mutating func readFixed(_ width: Int) -> UInt64? {
        guard bytes.count - index >= width else { return nil }
        var value: UInt64 = 0
        for offset in (0..<width).reversed() { value = value << 8 | UInt64(bytes[index + offset]) }
        index += width
        return value
    }

    /// The only element of a packed repeated varint field, when it holds exactly one.
    public static func onlyVarint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var reader = ProtobufReader(bytes)
        guard let value = reader.readVarint(), reader.index == bytes.count else { return nil }
        return value
    }

    /// The little-endian fixed-width value that is all of `bytes` (4 or 8 of them).
    public static func onlyFixed(_ bytes: UnsafeBufferPointer<UInt8>, width: Int) -> UInt64? {
        guard bytes.count == width else { return nil }
        var reader = ProtobufReader(bytes)
        return reader.readFixed(width)
    }
}
