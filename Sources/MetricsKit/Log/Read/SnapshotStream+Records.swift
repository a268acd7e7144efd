import Foundation

/// The elements of the record arrays: decoded (in place where the fast path can), skipped
/// with a reason, and model records placed on an episode.
extension SnapshotStream {
    /// The element at `position` on the fast path, in place (no separate scan for its end);
    /// returns its end, or nil when the general way must read it.
    mutating func decodeFast(section: Section, episodes: inout RecordBatch, models: inout RecordBatch) -> Int? {
        let start = position
        let filled = windowEnd
        let result: (outcome: LineOutcome, end: Int)? = window.withUnsafeBufferPointer { buffer in
            let rest = UnsafeBufferPointer(rebasing: buffer[start..<filled])
            return section == .episodes ? episodeDecoder.decodeObjectPrefix(rest, into: &episodes) : modelDecoder.decodeObjectPrefix(rest, into: &models)
        }
        guard let result else { return nil }
        placeDecoded(result.outcome, section: section, episodes: &episodes, models: &models)
        return start + result.end
    }

    mutating func decode(_ element: UnsafeBufferPointer<UInt8>, section: Section, episodes: inout RecordBatch, models: inout RecordBatch) {
        let index = mark(section)?.elements ?? 0
        let outcome = section == .episodes
            ? episodeDecoder.decode(line: element, lineNumber: index + 1, into: &episodes)
            : modelDecoder.decode(line: element, lineNumber: index + 1, into: &models)
        placeDecoded(outcome, section: section, episodes: &episodes, models: &models)
    }

    /// Notes a decoded element: a skipped one with its reason, an episode's time, a model
    /// record's episode.
    mutating func placeDecoded(_ outcome: LineOutcome, section: Section, episodes: inout RecordBatch, models: inout RecordBatch) {
        let index = mark(section)?.elements ?? 0
        // An element that holds nothing (a lone byte-order mark) is no record.
        guard outcome != .ignored else {
            skipped.append((section, index, "not a JSON object"))
            return
        }
        switch section {
        case .episodes:
            if case .skipped(let reason) = outcome {
                skipped.append((section, index, reason))
                return
            }
            let row = episodes.count - 1
            if let time = episodes.value(timestampID, inRow: row), time.isFinite {
                episodeTimes.append((time, episodes.episodes[row]))
            }
            lastEpisodeRead = episodes.episodes[row]
        case .modelMetrics:
            if case .skipped(let reason) = outcome {
                skipped.append((section, index, reason))
                return
            }
            let row = models.count - 1
            guard models.episodes[row] == RecordBatch.noEpisode else { return }
            if let time = models.value(timestampID, inRow: row), time.isFinite {
                while placement < episodeTimes.count, episodeTimes[placement].time <= time {
                    lastPlacedEpisode = episodeTimes[placement].episode
                    placement += 1
                }
            }
            if let episode = lastPlacedEpisode ?? episodeTimes.first?.episode ?? lastEpisodeRead {
                models.setEpisode(episode, ofRow: row)
                lastPlacedEpisode = episode
            }
        }
    }
}
