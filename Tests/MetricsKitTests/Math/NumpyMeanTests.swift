import Foundation
import Testing
@testable import MetricsKit

/// `NumpyMean` gives what numpy gives, to the last digit (numpy itself, when the machine has it,
/// computes the expected values).
@Suite struct NumpyMeanTests {
    @Test func meansAndDeviationsAreNumpysBitForBit() throws {
        var generator = SplitMix64(seed: 9)
        var arrays: [[Double]] = []
        for count in Array(1...140) + [255, 256, 257, 1000, 4099] {
            arrays.append((0..<count).map { _ in Double.random(in: -1e3...1e3, using: &generator) * [1e-3, 1, 1e6][Int.random(in: 0...2, using: &generator)] })
        }
        let script = """
            import json, sys
            try:
                import numpy
            except ImportError:
                print("null"); sys.exit(0)
            arrays = json.load(open(sys.argv[1]))
            print(json.dumps([[float(numpy.mean(a)).hex(), float(numpy.std(a)).hex()] for a in arrays]))
            """
        let input = NSTemporaryDirectory() + "arrays-\(UUID().uuidString).json"
        try Data(("[" + arrays.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]").utf8)
            .write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        guard case .array(let expected) = try PythonScript.run(script, [input]) else { return }   // no numpy here
        for (values, pair) in zip(arrays, expected) {
            guard case .array(let hex) = pair, case .string(let mean) = hex[0], case .string(let std) = hex[1] else { Issue.record("bad output"); return }
            // Python's float.hex() form (0x1.8p+1) keeps every bit; Double parses it.
            #expect(NumpyMean.mean(values) == Double(mean), "mean of \(values.count)")
            #expect(NumpyMean.std(values) == Double(std), "std of \(values.count)")
        }
        #expect(NumpyMean.mean([]).isNaN)
    }
}
