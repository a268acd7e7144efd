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

    /// Eight digits are taken at a time: groups with leading zeros, all zeros, digits split
    /// between groups and the per-digit tail, and mantissas at the 19-digit limit.
    @Test func eightDigitGroupsAgreeWithTheStandardLibrary() {
        let texts = [
            "12345678", "123456789", "1234567812345678", "12345678123456789", "1234567812345678912", "12345678123456789123",
            "0.12345678", "0.00000000123456789", "0.0000000000000001", "0.00000000", "0.000000000000000000001234",
            "12345678.12345678", "1.0000000000000002", "9007199254740993", "99999999999999999999", "0.99999999999999999999",
            "-0.00012345678901234567", "123.45678901234567e-5", "0.3000000000000000444", "4.9406564584124654e-324",
            "1.7976931348623157e308", "10000000.00000001", "0.100000001000000010", "0.000000001",
        ]
        for text in texts {
            #expect(parse(text)?.bitPattern == Double(text)!.bitPattern, "\(text)")
            if !text.hasPrefix("-") { #expect(parse("-" + text)?.bitPattern == Double("-" + text)!.bitPattern, "-\(text)") }
        }
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<100_000 {
            let digits = String((0..<Int.random(in: 1...24, using: &generator)).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let split = Int.random(in: 0...digits.count, using: &generator)
            let whole = String(digits.prefix(split)).drop { $0 == "0" }
            let text = (whole.isEmpty ? "0" : String(whole)) + (split < digits.count ? "." + digits.dropFirst(split) : "")
            #expect(parse(text)?.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }

    /// Mantissas of 1–19 digits times 10^q across the table's range and beyond it, the shortest
    /// and the 17-digit spelling of random bit patterns, and halfway points between two Doubles.
    @Test func eiselLemireConversionAgreesWithTheStandardLibrary() {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<200_000 {
            let digits = Int.random(in: 1...19, using: &generator)
            var mantissa = UInt64.random(in: 0...UInt64.max, using: &generator)
            let limit = (0..<digits).reduce(UInt64(1)) { product, _ in product.multipliedReportingOverflow(by: 10).overflow ? .max : product * 10 }
            if limit != .max { mantissa %= limit }
            let text = "\(mantissa)e\(Int.random(in: -120...120, using: &generator))"
            #expect(parse(text)?.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
        for _ in 0..<100_000 {
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            guard value.isFinite else { continue }
            for text in ["\(value)", String(format: "%.17g", value), String(format: "%.16e", value)] {
                #expect(parse(text)?.bitPattern == Double(text)!.bitPattern, "\(text)")
            }
        }
        // Halfway between two Doubles: the exact decimal of a Double plus half its last place.
        for texts in [["9007199254740993", "9007199254740995", "9007199254740997"], ["4503599627370496.5", "4503599627370497.5"],
                      ["2.0000000000000003330669073875469621270895004272460937500", "1.00000000000000011102230246251565404236316680908203125"],
                      ["7.2057594037927933e16", "72057594037927933", "144115188075855877"]] {
            for text in texts { #expect(parse(text)?.bitPattern == Double(text)!.bitPattern, "\(text)") }
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

    /// A cell read with the rest of its CSV line readable after it (eight bytes are loaded at a
    /// time across the comma) gives what the cell alone gives, bit for bit.
    @Test func aCellReadWithItsLineAfterItIsTheCellAlone() {
        var random = SeededGenerator(seed: 11)
        var cells = ["12", "-0.5", " 3.25 ", "1e-05", "98.76543210987654", "0.000123456789012345678", "12345678901234567890", "nan", "7.", "1.5e"]
        for _ in 0..<2_000 { cells.append(String(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF) * (random.next() % 2 == 0 ? 1 : -1))) }
        for _ in 0..<500 { cells.append(String(Double(random.next() % 1_000_000) / 1000)) }
        for cell in cells {
            let line = Array((cell + ",123456789012345,9").utf8)
            let count = cell.utf8.count
            let alone = Array(cell.utf8).withUnsafeBufferPointer { NumberParser.parseLenient($0) }
            let inLine = line.withUnsafeBufferPointer { NumberParser.parseLenient(UnsafeBufferPointer(rebasing: $0[0..<count]), readableAfter: line.count - count) }
            #expect(alone?.bitPattern == inLine?.bitPattern, "\(cell)")
            if let value = inLine, !value.isNaN, let reference = Double(cell.trimmingCharacters(in: .whitespaces)) { #expect(value == reference, "\(cell)") }
        }
    }
}

/// Tests draw repeatable random numbers from the library's seeded generator.
typealias SeededGenerator = SplitMix64
