/// Lines that were not records: how many, and where the first few were, for the status line
/// and `summary`.
///
/// ```swift
/// var skipped = SkippedLines()
/// skipped.record(file: "episodes.jsonl", line: 7, reason: "not valid JSON")
/// skipped.description   // "1 malformed line skipped (episodes.jsonl:7 not valid JSON)"
/// ```
public struct SkippedLines: Equatable, Sendable, CustomStringConvertible {
    /// Where one skipped line was and why it was skipped.
    public struct Example: Equatable, Sendable {
        public let file: String
        public let line: Int
        public let reason: String
    }

    public static let examplesKept = 5
    public private(set) var count = 0
    public private(set) var examples: [Example] = []

    public init() {}

    public mutating func record(file: String, line: Int, reason: String) {
        count += 1
        if examples.count < Self.examplesKept { examples.append(Example(file: file, line: line, reason: reason)) }
    }

    /// Takes back `count` skipped lines recorded earlier (a file read again from its start counts
    /// them again) and the examples `recordedAgain` picks.
    mutating func withdraw(_ count: Int, examples recordedAgain: (Example) -> Bool) {
        self.count = max(0, self.count - count)
        examples.removeAll(where: recordedAgain)
    }

    /// Replaces the reason of the most recent skipped line, if it is among the examples kept
    /// (and, when `file` and `line` are given, is that line).
    mutating func amendLast(reason: String, file: String? = nil, line: Int? = nil) {
        guard count <= examples.count, let last = examples.last else { return }
        guard file.map({ $0 == last.file }) ?? true, line.map({ $0 == last.line }) ?? true else { return }
        examples[examples.count - 1] = Example(file: last.file, line: last.line, reason: reason)
    }

    public var description: String {
        guard count > 0 else { return "no malformed lines" }
        let places = examples.map { "\($0.file):\($0.line) \($0.reason)" }.joined(separator: "; ")
        return "\(count) malformed line\(count == 1 ? "" : "s") skipped (\(places)\(count > examples.count ? "; …" : ""))"
    }
}
