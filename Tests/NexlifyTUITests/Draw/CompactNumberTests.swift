import Foundation
import Testing
@testable import NexlifyTUI

@Suite struct CompactNumberTests {
    @Test(arguments: [
        (0.0, "0"), (1.0, "1"), (12.0, "12"), (12.34, "12.3"), (999.4, "999"), (999.7, "1k"), (12_345.0, "12.3k"),
        (-4_560_000.0, "-4.56M"), (2.5e9, "2.5G"), (0.5, "0.5"), (0.0421, "0.0421"), (0.00078, "7.8e-4"), (1e-5, "1e-5"),
        (5e-324, "4.9e-324"), (-5e-324, "-4.9e-324"), (2.2250738585072014e-308, "2.2e-308"), (9.96e-5, "1e-4"),
        (1.7e308, "1.7e308"), (-Double.greatestFiniteMagnitude, "-1.8e308"), (999.4e12, "999T"), (1e15, "1e15"), (-0.0, "0"),
        (Double.nan, "NaN"), (Double.infinity, "∞"), (-Double.infinity, "-∞"),
    ])
    func formats(value: Double, expected: String) {
        #expect(CompactNumber.format(value) == expected)
    }

    /// Across every magnitude a double has, a label is short and reads back near its value
    /// (3 significant digits, 2 in scientific notation; `-4.9e-324` is the longest).
    @Test func everyLabelIsShortAndReadsBackNearItsValue() {
        var random = SystemRandomNumberGenerator()
        for exponent in -323...307 {
            for _ in 0..<8 {
                let value = Double.random(in: 1..<10, using: &random) * pow(10, Double(exponent)) * (Bool.random(using: &random) ? 1 : -1)
                guard value.isFinite, value != 0 else { continue }
                let label = CompactNumber.format(value)
                #expect(label.count <= 9, "\(value): \(label)")
                let scales: [Character: Double] = ["k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12]
                var text = label
                var scale = 1.0
                if let last = text.last, let factor = scales[last] { scale = factor; text.removeLast() }
                guard let read = Double(text).map({ $0 * scale }) else { Issue.record("\(value): \(label) does not read back"); continue }
                #expect(abs(read - value) <= abs(value) * 0.06, "\(value): \(label)")
            }
        }
    }
}
