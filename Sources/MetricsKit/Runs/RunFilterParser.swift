/// Reads `RunFilter` text by recursive descent:
///
/// ```
/// filter := any ( "or" any )*
/// any    := one ( "and" one )*
/// one    := "not" one | "(" filter ")" | "tag:" word | "host:" word | word OP word | word
/// ```
struct RunFilterParser {
    private enum Token: Equatable {
        case word(String)
        case quoted(String)
        case comparison(RunFilter.Comparison)
        case open, close
    }

    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0
    private let text: String
    private var tokenizeError: RunFilter.ParseError?

    init(_ text: String) {
        self.text = text
        do { tokens = try Self.tokenize(text) } catch let error as RunFilter.ParseError { tokenizeError = error } catch {}
    }

    mutating func parse() throws -> RunFilter? {
        if let tokenizeError { throw tokenizeError }
        guard !tokens.isEmpty else { return nil }
        let filter = try parseOr()
        if position < tokens.count {
            let (token, column) = tokens[position]
            throw RunFilter.ParseError(column: column, message: token == .close ? "')' without a matching '('" : "expected 'and' or 'or' before \(describe(token))")
        }
        return filter
    }

    private mutating func parseOr(after keyword: String? = nil) throws -> RunFilter {
        var filter = try parseAnd(after: keyword)
        while self.keyword("or") {
            filter = .or(filter, try parseAnd(after: "or"))
        }
        return filter
    }

    private mutating func parseAnd(after keyword: String? = nil) throws -> RunFilter {
        var filter = try parseOne(after: keyword)
        while self.keyword("and") {
            filter = .and(filter, try parseOne(after: "and"))
        }
        return filter
    }

    private mutating func parseOne(after keyword: String?) throws -> RunFilter {
        guard position < tokens.count else {
            throw RunFilter.ParseError(column: text.count + 1, message: keyword.map { "'\($0)' needs a term after it" } ?? "the filter ends too early")
        }
        let (token, column) = tokens[position]
        position += 1
        switch token {
        case .word(let word) where word.lowercased() == "not":
            return .not(try parseOne(after: "not"))
        case .word(let word) where ["and", "or"].contains(word.lowercased()):
            throw RunFilter.ParseError(column: column, message: "'\(word)' needs a term before it")
        case .open:
            let inner = try parseOr(after: "(")
            guard position < tokens.count, tokens[position].token == .close else {
                throw RunFilter.ParseError(column: column, message: "'(' is never closed")
            }
            position += 1
            return inner
        case .close:
            throw RunFilter.ParseError(column: column, message: "')' without a matching '('")
        case .comparison(let comparison):
            throw RunFilter.ParseError(column: column, message: "'\(comparison.rawValue)' needs a field name before it, as in learning_rate\(comparison.rawValue)0.001")
        case .quoted(let word):
            return .text(word)
        case .word(let word):
            if position < tokens.count, case .comparison(let comparison) = tokens[position].token {
                position += 1
                guard position < tokens.count else {
                    throw RunFilter.ParseError(column: text.count + 1, message: "'\(word)\(comparison.rawValue)' needs a value after it")
                }
                switch tokens[position].token {
                case .word(let value) where !["and", "or", "not"].contains(value.lowercased()), .quoted(let value):
                    position += 1
                    return .compare(field: word, comparison, value: value)
                default:
                    throw RunFilter.ParseError(column: tokens[position].column, message: "'\(word)\(comparison.rawValue)' needs a value after it")
                }
            }
            if word.lowercased().hasPrefix("tag:") {
                let tag = String(word.dropFirst(4))
                if tag.isEmpty {
                    guard position < tokens.count, case .quoted(let quoted) = tokens[position].token else {
                        throw RunFilter.ParseError(column: column, message: "'tag:' needs a tag name, as in tag:dqn")
                    }
                    position += 1
                    return .tag(quoted)
                }
                return .tag(tag)
            }
            // host:gpu1 is host=gpu1 (the machine a run is on; "local" for this one).
            if word.lowercased().hasPrefix("host:"), word.count > 5 {
                return .compare(field: "host", .equal, value: String(word.dropFirst(5)))
            }
            return .text(word)
        }
    }

    private mutating func keyword(_ name: String) -> Bool {
        guard position < tokens.count, case .word(let word) = tokens[position].token, word.lowercased() == name else { return false }
        position += 1
        return true
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .word(let word): return "'\(word)'"
        case .quoted(let word): return "\"\(word)\""
        case .comparison(let comparison): return "'\(comparison.rawValue)'"
        case .open: return "'('"
        case .close: return "')'"
        }
    }

    private static func tokenize(_ text: String) throws -> [(token: Token, column: Int)] {
        var tokens: [(token: Token, column: Int)] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "(" || character == ")" {
                tokens.append((character == "(" ? .open : .close, column))
                index += 1
            } else if "<>=!".contains(character) {
                var symbol = String(character)
                if index + 1 < characters.count, characters[index + 1] == "=" {
                    symbol.append("=")
                    index += 1
                }
                index += 1
                if symbol == "==" { symbol = "=" }
                guard let comparison = RunFilter.Comparison(rawValue: symbol) else {
                    throw RunFilter.ParseError(column: column, message: "'\(symbol)' is not a comparison; use <, <=, >, >=, = or !=")
                }
                tokens.append((.comparison(comparison), column))
            } else if character == "\"" {
                guard let end = characters[(index + 1)...].firstIndex(of: "\"") else {
                    throw RunFilter.ParseError(column: column, message: "a quoted value is never closed")
                }
                tokens.append((.quoted(String(characters[(index + 1)..<end])), column))
                index = end + 1
            } else {
                var end = index
                while end < characters.count, !characters[end].isWhitespace, !"()<>=!\"".contains(characters[end]) { end += 1 }
                tokens.append((.word(String(characters[index..<end])), column))
                index = end
            }
        }
        return tokens
    }
}
