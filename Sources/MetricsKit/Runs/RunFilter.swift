/// A filter over runs, as typed after `/` in the runs view.
///
/// - a bare word matches runs whose name or one of whose tags contains it (case-insensitive);
/// - `tag:dqn` matches runs tagged `dqn`;
/// - `field OP value` compares a column, hyperparameter or final metric (see
///   `RunEntry.filterValue`), with `OP` one of `<`, `<=`, `>`, `>=`, `=` (or `==`), `!=`;
///   numbers compare as numbers, anything else as case-insensitive text;
/// - terms combine with `and`, `or`, `not` and parentheses (`and` binds tighter than `or`);
///   a value with spaces goes in double quotes.
///
/// ```swift
/// let filter = try RunFilter.parse("tag:dqn and (learning_rate<0.001 or profit>=100)")
/// collection.entries.filter { filter?.matches($0) ?? true }
/// ```
public indirect enum RunFilter: Equatable, Sendable {
    /// How a field is compared with a value.
    public enum Comparison: String, Equatable, Sendable, CaseIterable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=", notEqual = "!="
    }

    /// A filter that could not be read, with where and why.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// Which character (from 1) the problem was found at.
        public let column: Int
        public let message: String

        public var description: String { "\(message) (at column \(column))" }
    }

    case text(String)
    case tag(String)
    case compare(field: String, Comparison, value: String)
    case and(RunFilter, RunFilter)
    case or(RunFilter, RunFilter)
    case not(RunFilter)

    /// Reads a filter; `nil` for blank text (no filter).
    public static func parse(_ text: String) throws -> RunFilter? {
        var parser = RunFilterParser(text)
        return try parser.parse()
    }

    /// Whether a run passes the filter.
    public func matches(_ entry: RunEntry) -> Bool {
        switch self {
        case .text(let word):
            return entry.name.localizedCaseInsensitiveContains(word) || entry.tags.contains { $0.localizedCaseInsensitiveContains(word) }
        case .tag(let tag):
            return entry.tags.contains { $0.caseInsensitiveCompare(tag) == .orderedSame }
        case .compare(let field, let comparison, let value):
            guard let actual = entry.filterValue(field) else { return false }
            return Self.compare(actual, comparison, value)
        case .and(let left, let right): return left.matches(entry) && right.matches(entry)
        case .or(let left, let right): return left.matches(entry) || right.matches(entry)
        case .not(let inner): return !inner.matches(entry)
        }
    }

    /// The fields the filter compares, in order, for telling the user which ones no run has.
    public var fields: [String] {
        switch self {
        case .text, .tag: return []
        case .compare(let field, _, _): return [field]
        case .and(let left, let right), .or(let left, let right): return left.fields + right.fields
        case .not(let inner): return inner.fields
        }
    }

    private static func compare(_ actual: HyperparameterValue, _ comparison: Comparison, _ expected: String) -> Bool {
        switch actual {
        case .number(let number):
            guard let wanted = Double(expected) else { return comparison == .notEqual }
            return order(number, comparison, wanted)
        case .flag(let flag):
            guard let wanted = Bool(expected.lowercased()) else { return comparison == .notEqual }
            switch comparison {
            case .equal: return flag == wanted
            case .notEqual: return flag != wanted
            default: return false
            }
        case .text(let text):
            return order(text.lowercased(), comparison, expected.lowercased())
        case .json(let value):
            return order(value.compactText.lowercased(), comparison, expected.lowercased())
        }
    }

    private static func order<T: Comparable>(_ actual: T, _ comparison: Comparison, _ wanted: T) -> Bool {
        switch comparison {
        case .less: return actual < wanted
        case .lessOrEqual: return actual <= wanted
        case .greater: return actual > wanted
        case .greaterOrEqual: return actual >= wanted
        case .equal: return actual == wanted
        case .notEqual: return actual != wanted
        }
    }
}
