/// The set of episode numbers already stored, as a growable bitset for the usual dense,
/// non-negative numbers; numbers beyond it (steps such as Stable-Baselines3's
/// `time/total_timesteps`, negative numbers) go to a sorted array while they come in increasing
/// order (appending, no hashing), and to a hash set otherwise.
///
/// ```swift
/// var seen = EpisodeSet()
/// seen.insert(5)    // true: new
/// seen.insert(5)    // false: already seen
/// ```
public struct EpisodeSet: Sendable {
    private var words: [UInt64] = []
    /// Numbers outside the bitset that came in increasing order.
    private var increasing: [Int] = []
    private var others: Set<Int> = []
    /// Bitset growth stops here (2^27 episodes = 16 MiB of bits); larger numbers use the hash set.
    private static let bitsetLimit = 1 << 27

    public init() {}

    public private(set) var count = 0

    /// Adds `episode`; returns `true` if it was not in the set.
    @inline(__always)
    public mutating func insert(_ episode: Int) -> Bool {
        guard episode >= 0 && episode < Self.bitsetLimit else {
            if increasing.last.map({ episode > $0 }) ?? true {
                guard others.isEmpty || !others.contains(episode) else { return false }
                increasing.append(episode)
                count += 1
                return true
            }
            guard !containsIncreasing(episode) else { return false }
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
        guard episode >= 0 && episode < Self.bitsetLimit else { return containsIncreasing(episode) || others.contains(episode) }
        let word = episode >> 6
        return word < words.count && words[word] & (1 << UInt64(episode & 63)) != 0
    }

    private func containsIncreasing(_ episode: Int) -> Bool {
        var low = 0
        var high = increasing.count
        while low < high {
            let middle = (low + high) / 2
            if increasing[middle] < episode { low = middle + 1 } else { high = middle }
        }
        return low < increasing.count && increasing[low] == episode
    }
}
