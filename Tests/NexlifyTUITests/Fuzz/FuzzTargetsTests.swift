import Foundation
import FuzzTargets
import Testing

/// Every fuzz target over its committed seeds and thousands of byte-level mutations of them
/// (raw bytes: a `String` would repair invalid UTF-8). libFuzzer runs the same targets for
/// millions of executions in `scripts/fuzz`; this keeps each one exercised in every test run.
@Suite struct FuzzTargetsTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus").path

    private func seeds(_ name: String) -> [[UInt8]] {
        let directory = Self.corpus + "/" + name
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.sorted().compactMap { FileManager.default.contents(atPath: directory + "/" + $0).map(Array.init) }
    }

    @Test func everyTargetHasSeedsAndEveryCorpusATarget() throws {
        let directories = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).sorted()
        #expect(directories == FuzzTargets.all.map(\.name).sorted())
        for target in FuzzTargets.all { #expect(!seeds(target.name).isEmpty, "\(target.name) has no seed") }
    }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func mutatedSeedsNeverTrap(name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(name.utf8.count)
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(1, bound)))
        }
        let interesting: [UInt8] = Array(#"{}[]",:.-+eE0123456789 NaInfityulTF'\/#="#.utf8) + [0x00, 0x0A, 0x0D, 0x1B, 0x80, 0xBF, 0xC3, 0xED, 0xF4, 0xFF]
        for seed in seeds(name) {
            seed.withUnsafeBytes(target.run)
            for _ in 0..<1_500 {
                var bytes = seed
                for _ in 0...next(4) {
                    switch next(5) {
                    case 0 where !bytes.isEmpty: bytes[next(bytes.count)] = interesting[next(interesting.count)]
                    case 1: bytes.insert(interesting[next(interesting.count)], at: next(bytes.count + 1))
                    case 2 where !bytes.isEmpty: bytes.remove(at: next(bytes.count))
                    case 3 where !bytes.isEmpty: bytes[next(bytes.count)] ^= UInt8(1 << next(8))
                    default: bytes = Array(bytes.prefix(next(bytes.count + 1)))
                    }
                }
                bytes.withUnsafeBytes(target.run)
            }
        }
    }
}
