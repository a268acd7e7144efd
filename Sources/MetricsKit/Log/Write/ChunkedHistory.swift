/// An append-only list stored in fixed-size chunks, so that appending never moves what is
/// already stored: a plain array doubles and copies its whole contents now and then, which would
/// stall a training loop for tens of milliseconds once a run holds a million episodes.
///
/// ```swift
/// var history = ChunkedHistory<Int>()
/// for value in 0..<10_000 { history.append(value) }
/// history[9_999]             // 9999
/// history.copy(9_990..<10_000)   // the last ten, as an array
/// ```
public struct ChunkedHistory<Element>: Sendable where Element: Sendable {
    public static var chunkSize: Int { 4096 }
    private var chunks: [[Element]] = []

    public init() {}

    public private(set) var count = 0
    public var isEmpty: Bool { count == 0 }
    public var last: Element? { chunks.last?.last }

    public mutating func append(_ element: Element) {
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    public subscript(index: Int) -> Element {
        chunks[index / Self.chunkSize][index % Self.chunkSize]
    }

    /// The elements in `range`, copied into a new array.
    public func copy(_ range: Range<Int>) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let chunk = chunks[index / Self.chunkSize]
            let start = index % Self.chunkSize
            let end = Swift.min(chunk.count, start + range.upperBound - index)
            result.append(contentsOf: chunk[start..<end])
            index += end - start
        }
        return result
    }

    /// The last `count` elements (fewer if there are fewer), copied.
    public func suffix(_ count: Int) -> [Element] {
        copy(Swift.max(0, self.count - count)..<self.count)
    }

    /// Calls `body` for every element in order.
    public func forEach(_ body: (Element) throws -> Void) rethrows {
        for chunk in chunks {
            for element in chunk { try body(element) }
        }
    }
}
