import Foundation
import Testing
@testable import MetricsKit

@Suite struct JSONReaderTests {
    private func read(_ text: String) throws -> JSONValue {
        var reader = JSONReader()
        return try reader.read(Array(text.utf8))
    }

    private func failure(_ bytes: [UInt8]) -> JSONReader.Failure? {
        var reader = JSONReader()
        do {
            _ = try reader.read(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsWhatPythonWrites() throws {
        let value = try read(#"{"profit": NaN, "loss": Infinity, "low": -Infinity, "n": null, "ok": true, "q": [1, -2.5e-3, 0]}"#)
        #expect(value == .object([
            "profit": .number(.nan), "loss": .number(.infinity), "low": .number(-.infinity), "n": .null, "ok": .bool(true),
            "q": .array([.number(1), .number(-0.0025), .number(0)]),
        ]))
    }

    @Test func numbersOutOfRangeReadAsPythonReadsThem() throws {
        #expect(try read("1e400") == .number(.infinity))
        #expect(try read("-1e400") == .number(-.infinity))
        #expect(try read("1e-400") == .number(0))
        #expect(try read(String(repeating: "9", count: 400)) == .number(.infinity))
        #expect(try read("123456789012345678901234567890") == .number(1.2345678901234568e29))
    }

    @Test func loneSurrogatesAndInvalidUTF8BecomeReplacementCharacters() throws {
        #expect(try read(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try read(#""a\udc00b\ud83d\ude00""#) == .string("a\u{FFFD}b😀"))
        var reader = JSONReader()
        #expect(try reader.read([0x22, 0x61, 0xFF, 0xC3, 0x22]) == .string("a\u{FFFD}\u{FFFD}"))
        #expect(try reader.read(Array(#"{"k\#u{00}"#.utf8).dropLast() + [0x80, 0x22, 0x3A, 0x31, 0x7D]) == .object(["k\u{FFFD}": .number(1)]))
    }

    /// Every input that crashed Foundation's JSON5 decoder is refused with a reason instead.
    @Test(arguments: ["/*\"*/2E+", "1e-", #"{"a": 1E+}"#, "[.5e]", #"{"s": "\"", "n": 3e-}"#, "-", "01", "1.", ".5", "NaN1", "-NaN", "tru"])
    func refusesWhatIsNotJSON(text: String) {
        #expect(failure(Array(text.utf8)) != nil, "\(text)")
    }

    @Test func errorsSayWhatAndWhere() {
        #expect(failure(Array(#"{"a": 1 "b": 2}"#.utf8)) == JSONReader.Failure(message: "expected ',' or '}' after a member", offset: 8))
        #expect(failure(Array(#"{"a": 1,}"#.utf8))?.message == "expected a quoted member name")
        #expect(failure(Array("[1, 2".utf8))?.message == "the input ends inside an array")
        #expect(failure(Array("\"abc".utf8)) == JSONReader.Failure(message: "the input ends inside a string", offset: 0))
        #expect(failure(Array("\"a\u{1B}b\"".utf8)) == JSONReader.Failure(message: "a control character (0x1B) inside a string; it must be escaped", offset: 2))
        #expect(failure(Array("{} x".utf8))?.message == "unexpected text after the JSON value")
        #expect(failure([])?.message == "no JSON value (empty input)")
        #expect(failure(Array(#""\x""#.utf8))?.message == "an unknown escape '\\x' in a string")
        #expect("\(failure(Array("[1 2]".utf8))!)" == "expected ',' or ']' after an array item at byte 3")
    }

    @Test func aTooDeepValueIsDroppedAndTheRestKept() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        var reader = JSONReader(maxDepth: 8)
        let value = try reader.read(Array(#"{"episode": 3, "deep": \#(deep), "profit": 2}"#.utf8))
        #expect(value["episode"] == .number(3) && value["profit"] == .number(2))
        // Seven levels of the array are kept (the object is the eighth); what is deeper is dropped.
        var level = value["deep"]
        for _ in 0..<7 {
            guard case .array(let items)? = level, items.count == 1 else { Issue.record("expected a one-item array"); return }
            level = items[0]
        }
        #expect(level == .null)
        #expect(reader.tooDeepValues == 1)
        // Within the limit, nothing is dropped; a malformed too-deep value is still an error.
        var shallow = JSONReader(maxDepth: 8)
        #expect(try shallow.read(Array("[[[[1]]]]".utf8)) == .array([.array([.array([.array([.number(1)])])])]))
        #expect(shallow.tooDeepValues == 0)
        #expect(throws: JSONReader.Failure.self) { try reader.read(Array(("{\"a\": " + String(repeating: "[", count: 20) + "1}").utf8)) }
        // The default limit: 512 levels read, one more dropped.
        var standard = JSONReader()
        _ = try standard.read(Array((String(repeating: "[", count: 512) + String(repeating: "]", count: 512)).utf8))
        #expect(standard.tooDeepValues == 0)
        _ = try standard.read(Array((String(repeating: "[", count: 513) + String(repeating: "]", count: 513)).utf8))
        #expect(standard.tooDeepValues == 1)
    }

    @Test func theLastOfARepeatedKeyWinsAsInPython() throws {
        #expect(try read(#"{"a": 1, "a": 2}"#) == .object(["a": .number(2)]))
    }

    @Test func pythonReprSpellingsOnlyWhenAskedFor() throws {
        var python = JSONReader(pythonLiterals: true)
        #expect(try python.read(Array("{'mean': nan, 'ok': True, 'n': None, 'v': [inf, -inf, 1]}".utf8)) == .object([
            "mean": .number(.nan), "ok": .bool(true), "n": .null, "v": .array([.number(.infinity), .number(-.infinity), .number(1)]),
        ]))
        #expect(throws: JSONReader.Failure.self) { try read("{'mean': 1}") }
        #expect(throws: JSONReader.Failure.self) { try read("[nan]") }
    }

    /// Random bytes (not `String`s, which would repair invalid UTF-8) never trap the reader.
    @Test func randomBytesNeverTrapIt() {
        var generator = SeededGenerator(seed: 9)
        let alphabet = Array(#"{}[]",:.-+eE0123456789 NaInfityulTFo'\/"#.utf8) + [0x00, 0x80, 0xBF, 0xC3, 0xED, 0xF4, 0xFF, 0x0A]
        var parsed = 0
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            var reader = JSONReader(maxDepth: 4, pythonLiterals: Bool.random(using: &generator))
            if (try? reader.read(bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 100)
    }
}
