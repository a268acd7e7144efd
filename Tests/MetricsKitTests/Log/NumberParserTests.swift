import Foundation
import Testing
@testable import MetricsKit

@Suite struct NumberParserTests {
    private func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> Double? in
            guard let (value, end) = NumberParser.parse(buffer.baseAddress!, 0, buffer.count), end == buffer.count else { return nil }
            return value
        }
    }

    @Test func readsPythonSpellingsOfNonFiniteValues() {
        #expect(parse("NaN")!.isNaN)
        #expect(parse("Infinity") == .infinity)
        #expect(parse("-Infinity") == -.infinity)
        #expect(parse("-NaN") == nil)
        #expect(parse("nan") == nil)
    }

    @Test func rejectsWhatJSONDoesNotAllow() {
        for text in ["", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x10", "1.5.2", "abc"] {
            #expect(parse(text) == nil, "\(text)")
        }
    }

    @Test func readsExactValues() {
        #expect(parse("0") == 0)
        #expect(parse("12") == 12)
        #expect(parse("-12.5e1") == -125)
        #expect(parse("1E-5") == 1e-5)
        #expect(parse("0.4207792841102267") == 0.4207792841102267)
        #expect(parse("1.7956066085440943e+09") == 1.7956066085440943e+09)
        #expect(parse("123456789012345678901234567890") == 123456789012345678901234567890.0)
        #expect(parse("1e400") == .infinity)
        #expect(parse("1e-400") == 0)
        #expect(parse("-0")?.sign == .plus && parse("-0.0")?.sign == .minus)
        #expect(parse("0e-999") == 0)
        #expect(parse("2.2250738585072014e-308") == 2.2250738585072014e-308)
        #expect(parse("4.9e-324") == 4.9e-324)
    }

    @Test func agreesWithTheStandardLibraryOnRandomNumbers() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200_000 {
            let magnitude = Double.random(in: -30...30, using: &generator)
            let value = Double.random(in: -1...1, using: &generator) * pow(10, magnitude)
            for text in ["\(value)", String(format: "%.17g", value), String(format: "%.6f", value), String(format: "%.3e", value)] {
                #expect(parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
            }
        }
    }

    @Test func lenientParsingAcceptsCSVSpellings() {
        func lenient(_ text: String) -> Double? {
            var copy = text
            return copy.withUTF8 { NumberParser.parseLenient($0) }
        }
        #expect(lenient("nan")!.isNaN)
        #expect(lenient(" -inf ") == -.infinity)
        #expect(lenient("Infinity") == .infinity)
        #expect(lenient("+1.5") == 1.5)
        #expect(lenient("") == nil)
        #expect(lenient("abc") == nil)
    }
}

/// Tests draw repeatable random numbers from the library's seeded generator.
typealias SeededGenerator = SplitMix64
