/// The set of episode numbers already stored, as a growable bitset for the usual dense,
/// non-negative numbers and a hash set for anything else (negative or very sparse numbers).
///
/// ```swift
/// var seen = EpisodeSet()
/// seen.insert(5)    // true: new
/// seen.insert(5)    // false: already seen
/// ```
public struct EpisodeSet: Sendable {
    private var words: [UInt64] = []
    private var others: Set<Int> = []
    /// Bitset growth stops here (2^27 episodes = 16 MiB of bits); larger numbers use the hash set.
    private static let bitsetLimit = 1 << 27

    public init() {}

    public private(set) var count = 0

    /// Adds `episode`; returns `true` if it was not in the set.
    @inline(__always)
    public mutating func insert(_ episode: Int) -> Bool {
        guard episode >= 0 && episode < Self.bitsetLimit else {
            let inserted = others.insert(episode).inserted
            if inserted { count += 1 }
            return inserted
        }
        let word = episode >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: Swift.max(word + 1 - words.count, words.count))) }
        let mask: UInt64 = 1 << UInt64(episode & 63)
        if words[word] & mask != 0 { return false }
        words[word] |= mask
        count += 1
        return true
    }

    public func contains(_ episode: Int) -> Bool {
        guard episode >= 0 && episode < Self.bitsetLimit else { return others.contains(episode) }
        let word = episode >> 6
        return word < words.count && words[word] & (1 << UInt64(episode & 63)) != 0
    }
}
