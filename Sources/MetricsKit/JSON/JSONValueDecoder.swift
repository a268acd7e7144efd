import Foundation

/// Decodes `Decodable` types from bytes through `JSONReader`, never through Foundation's
/// decoders (which trap on some untrusted bytes). Dates are ISO 8601 strings (with or without
/// fractional seconds or a zone; no zone is UTC) or seconds since 1970. Errors name the key and
/// what was expected: `"created_at": expected an ISO 8601 date such as 2026-11-25T12:00:00Z, found "yesterday"`.
///
/// ```swift
/// let state = try JSONValueDecoder.decode(AlertState.self, from: data)
/// ```
public enum JSONValueDecoder {
    /// Why a document does not hold the type: not JSON, or a field of the wrong kind.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let value: JSONValue
        do {
            value = try JSONReader.value(of: data)
        } catch {
            throw Failure(description: data.isEmpty ? "the file is empty" : "not valid JSON: \(error)")
        }
        return try decode(type, from: value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try T(from: ValueDecoder(value: value, codingPath: []))
        } catch let failure as Failure {
            throw failure
        } catch let error as DecodingError {
            throw Failure(description: describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the document" : "\"" + names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + "\""
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : " in \(path(context))"
            return "missing \"\(key.stringValue)\"\(parent)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A `Decoder` over one `JSONValue`.
private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let fields) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedContainer<Key>(fields: fields, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch("an array") }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { SingleContainer(value: value, codingPath: codingPath) }

    func mismatch(_ expected: String) -> DecodingError {
        DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(found(value))"))
    }
}

/// How a value reads in an error message: its kind, and short text for scalars.
private func found(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): return "\"" + String(text.prefix(40)) + (text.count > 40 ? "…\"" : "\"")
    case .number(let number): return "\(number)"
    case .bool(let flag): return "\(flag)"
    default: return value.kind
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [String: JSONValue]
    let codingPath: [CodingKey]
    var allKeys: [Key] { fields.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { fields[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { fields[key.stringValue] == nil || fields[key.stringValue] == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = fields[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        try ValueDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { ValueDecoder(value: .object(fields), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> Decoder { ValueDecoder(value: fields[key.stringValue] ?? .null, codingPath: codingPath + [key]) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue], codingPath: [CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has too few items"))
        }
        defer { currentIndex += 1 }
        return ValueDecoder(value: items[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> Decoder { try next() }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try ValueDecoder(value: value, codingPath: codingPath).decodeValue(type) }
}

extension ValueDecoder {
    /// Decodes scalars and dates here; anything else through its own `init(from:)`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self {
            guard case .string(let text) = value else { throw mismatch("a string") }
            return text as! T
        }
        if type == Bool.self {
            guard case .bool(let flag) = value else { throw mismatch("true or false") }
            return flag as! T
        }
        if type == Double.self { return try number() as! T }
        if type == Float.self { return Float(try number()) as! T }
        if type == Int.self { return try whole() as! T }
        if type == Int64.self { return Int64(try whole()) as! T }
        if type == Date.self { return try date() as! T }
        return try T(from: self)
    }

    private func number() throws -> Double {
        guard case .number(let number) = value else { throw mismatch("a number") }
        return number
    }

    private func whole() throws -> Int {
        guard case .number(let number) = value, let whole = Int(exactly: number) else { throw mismatch("a whole number") }
        return whole
    }

    private func date() throws -> Date {
        switch value {
        case .number(let seconds) where seconds.isFinite:
            return Date(timeIntervalSince1970: seconds)
        case .string(let text):
            if let date = ISODate.parse(text) { return date }
        default:
            break
        }
        throw mismatch("an ISO 8601 date such as 2026-11-25T12:00:00Z")
    }
}
