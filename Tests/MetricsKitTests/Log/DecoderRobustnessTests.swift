import Testing
@testable import MetricsKit

/// Mutated lines, as raw bytes (a `String` would repair invalid UTF-8): no decoder may crash, and wherever the fast scanner accepts a
/// line the general path must read it identically.
@Suite struct DecoderRobustnessTests {
    private static let seeds = JSONLinesDecoderTests.flatCorpus + JSONLinesDecoderTests.slowOnlyCorpus + [
        "episode,profit,q_values\n", #"3,1.5,"[1, 2]""#,
    ]

    private func mutate(_ line: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var bytes = line
        let alphabet = Array(#"{}[]",:.-+eE0123456789 NaInfityul\"#.utf8) + [0x00, 0xFF, 0x0D, 0x1B]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: Int.random(in: 0...bytes.count, using: &generator))
            case 2 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &generator))
            default: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            }
        }
        return bytes
    }

    @Test func mutatedLinesNeverCrashAndThePathsAgree() {
        var generator = SeededGenerator(seed: 4)
        var accepted = 0
        for round in 0..<60_000 {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let line = mutate(seed, &generator)
            var json = JSONLinesDecoder(requiresEpisode: false)
            var csv = CSVRecordDecoder()
            _ = decodeLines([line], with: &json)
            _ = decodeLines([Array("episode,profit,q_values".utf8), line], with: &csv)
            if let fast = fastRecord(line) {
                accepted += 1
                #expect(slowRecord(line, requiresEpisode: false) == fast, "\(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(accepted > 1_000)
    }
}
