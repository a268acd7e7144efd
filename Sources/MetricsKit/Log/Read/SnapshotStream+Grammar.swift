import Foundation

/// The document's grammar, one step at a time: the top-level object's keys, the record arrays
/// (`episodes`, `model_metrics`…) and the scalars beside them.
extension SnapshotStream {
    enum Step { case progressed, opened(Section), needBytes, done, failed(String) }

    mutating func step(episodes: inout RecordBatch, models: inout RecordBatch) -> Step {
        if state == .done { return .done }
        if case .start = state, windowOffset + position == 0, windowEnd >= 3, window[0] == 0xEF, window[1] == 0xBB, window[2] == 0xBF { position = 3 }
        guard skipSpace() else { return .needBytes }
        let byte = window[position]
        switch state {
        case .start:
            if byte == UInt8(ascii: "[") {
                openArray(.episodes)
                return .opened(.episodes)
            }
            guard byte == UInt8(ascii: "{") else { return .failed("neither a JSON object nor an array of records") }
            position += 1
            state = .key
            return .progressed
        case .key:
            if byte == UInt8(ascii: "}") {
                position += 1
                state = .done
                return .done
            }
            guard byte == UInt8(ascii: "\"") else { return .failed("expected a quoted key at byte \(consumedOffset)") }
            guard let end = completeValue() else { return .needBytes }
            let key = (try? JSONReader.value(of: slice(position, end))).flatMap { value -> String? in
                if case .string(let text) = value { return text }
                return nil
            }
            guard let key else { return .failed("a malformed key at byte \(consumedOffset)") }
            position = end
            state = .colon(key)
            return .progressed
        case .colon(let key):
            guard byte == UInt8(ascii: ":") else { return .failed("expected ':' after \"\(key)\" at byte \(consumedOffset)") }
            position += 1
            state = .value(key)
            return .progressed
        case .value(let key):
            // A closing bracket where a value should be: malformed wherever the file is cut (the
            // scanner would wait for a value that never starts, and a later read skip past it).
            guard byte != UInt8(ascii: "}"), byte != UInt8(ascii: "]") else { return .failed("expected a value for \"\(key)\" at byte \(consumedOffset)") }
            if byte == UInt8(ascii: "["), let section = Self.section(for: key) {
                sectionKeys[section] = key
                openArray(section)
                return .opened(section)
            }
            guard let end = completeValue() else { return windowEnd - position > Self.maxValueBytes ? .failed("\"\(key)\" is too large") : .needBytes }
            if key == "experiment_name" || key == "statistics" { takeScalar(key, slice(position, end)) }
            position = end
            state = .afterValue
            return .progressed
        case .afterValue:
            position += 1
            if byte == UInt8(ascii: ",") {
                state = .key
                return .progressed
            }
            guard byte == UInt8(ascii: "}") else { return .failed("expected ',' or '}' at byte \(consumedOffset - 1)") }
            state = .done
            return .done
        case .elementOrClose(let section):
            if byte == UInt8(ascii: "]") {
                position += 1
                return closeArray()
            }
            guard byte != UInt8(ascii: "}") else { return .failed("expected a record or ']' in \"\(section.rawValue)\" at byte \(consumedOffset)") }
            let end: Int
            if scannedTo == nil, let fast = decodeFast(section: section, episodes: &episodes, models: &models) {
                end = fast
            } else {
                guard let complete = completeValue() else { return windowEnd - position > Self.maxValueBytes ? .failed("a record over 64 MiB") : .needBytes }
                decode(slice(position, complete), section: section, episodes: &episodes, models: &models)
                end = complete
            }
            position = end
            let offset = consumedOffset
            if section == .episodes {
                episodeMark?.readEnd = offset
                episodeMark?.elements += 1
            } else {
                modelMark?.readEnd = offset
                modelMark?.elements += 1
            }
            state = .afterElement(section)
            return .progressed
        case .afterElement(let section):
            position += 1
            if byte == UInt8(ascii: ",") {
                state = .elementOrClose(section)
                return .progressed
            }
            guard byte == UInt8(ascii: "]") else { return .failed("expected ',' or ']' in \"\(section.rawValue)\" at byte \(consumedOffset - 1)") }
            return closeArray()
        case .done:
            return .done
        }
    }

    func mark(_ section: Section) -> Checkpoint? {
        section == .episodes ? episodeMark : modelMark
    }

    mutating func setMark(_ section: Section, _ checkpoint: Checkpoint) {
        if section == .episodes { episodeMark = checkpoint } else { modelMark = checkpoint }
    }

    /// A record array closed: the document ends with it if it was a bare array.
    mutating func closeArray() -> Step {
        state = bareArray ? .done : .afterValue
        return bareArray ? .done : .progressed
    }

    mutating func openArray(_ section: Section) {
        if state == .start { bareArray = true }
        position += 1
        let offset = consumedOffset
        if mark(section) != nil { repeatedSections.insert(section) }
        setMark(section, Checkpoint(arrayStart: offset - 1, readEnd: offset, elements: 0))
        state = .elementOrClose(section)
    }

    static func section(for key: String) -> Section? {
        switch key {
        // `results`: an experiment record's embedded results (the seed's ExperimentTracker).
        case "episode_metrics", "episodes", "results": return .episodes
        case "model_metrics": return .modelMetrics
        default: return nil
        }
    }

    mutating func takeScalar(_ key: String, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let value = try? JSONReader.value(of: bytes) else { return }
        switch (key, value) {
        case ("experiment_name", .string(let name)):
            experimentName = name
        case ("statistics", .object(let fields)):
            for (name, field) in fields {
                if case .number(let number) = field { statistics[name] = number }
            }
        default:
            break
        }
    }
}
