import Foundation
import Testing
@testable import MetricsKit

/// Our reader against Python's `json` on a corpus Python generates: every document Python reads,
/// ours reads to the same value; every one Python refuses, ours refuses. Bytes that are not
/// UTF-8 are read as Python reads them after `decode("utf-8", "replace")`.
@Suite struct JSONParityTests {
    /// Writes `corpus.txt` (one document a line, hex-encoded bytes) and `expected.txt` (Python's
    /// reading in canonical form, or `!` where `json.loads` raised).
    static let generator = #"""
    import json, math, random, struct, sys
    rng = random.Random(int(sys.argv[2]))

    def canonical(v):
        if v is None: return "n"
        if v is True: return "t"
        if v is False: return "f"
        if isinstance(v, int):
            try: v = float(v)
            except OverflowError: v = math.inf if v > 0 else -math.inf
        if isinstance(v, float):
            return "nan" if v != v else "d" + struct.pack(">d", v).hex()
        if isinstance(v, str): return cstr(v)
        if isinstance(v, list): return "[" + ",".join(canonical(x) for x in v) + "]"
        members = sorted(cstr(k) + ":" + canonical(x) for k, x in v.items())
        return "{" + ",".join(members) + "}"

    def cstr(s):
        out = '"'
        for ch in s:
            c = ord(ch)
            if 0xD800 <= c < 0xE000: c = 0xFFFD     # a lone surrogate reads as U+FFFD here
            if 0x20 <= c < 0x7F and ch not in '"\\': out += ch
            else: out += "\\%x;" % c
        return out + '"'

    def number():
        kind = rng.randrange(9)
        if kind == 0: return rng.choice(["NaN", "Infinity", "-Infinity"])
        if kind == 1: return rng.choice(["1e400", "-1e400", "1e-400", "-0", "0.0e-0", "5e-324", "1.7976931348623157e308", "2.2250738585072011e-308"])
        if kind == 2: return str(rng.randrange(-10**30, 10**30))
        if kind == 3: return "9" * rng.randrange(300, 330)
        if kind == 4: return repr(struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0]).replace("nan", "NaN").replace("inf", "Infinity")
        if kind == 5: return "%d.%de%d" % (rng.randrange(100), rng.randrange(10**6), rng.randrange(-330, 330))
        return repr(rng.uniform(-1e6, 1e6))

    def text():
        pieces = []
        for _ in range(rng.randrange(6)):
            kind = rng.randrange(8)
            if kind == 0: pieces.append("\\u%04x" % rng.choice([0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x00E9, 0x0000, 0x001B]))
            elif kind == 1: pieces.append(rng.choice(["\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r", "\\ud83d\\ude00", "\\uD834\\uDD1E"]))
            elif kind == 2: pieces.append(rng.choice(["é", "日本", "🚀", "\u2028", "ß"]))
            else: pieces.append("".join(rng.choice("abcxyz _-.,:{}[]019") for _ in range(rng.randrange(5))))
        return '"' + "".join(pieces) + '"'

    def value(depth):
        kind = rng.randrange(10 if depth < 6 else 6)
        if kind < 3: return number()
        if kind < 5: return text()
        if kind == 5: return rng.choice(["true", "false", "null"])
        ws = lambda: rng.choice(["", " ", "\n", "\t", "\r\n  "])
        if kind < 8:
            return "[" + ws() + ("," + ws()).join(value(depth + 1) for _ in range(rng.randrange(4))) + ws() + "]"
        members = [text() + ws() + ":" + ws() + value(depth + 1) for _ in range(rng.randrange(4))]
        return "{" + ws() + ("," + ws()).join(members) + ws() + "}"

    def mutate(doc):
        b = bytearray(doc.encode())
        for _ in range(rng.randrange(1, 4)):
            op = rng.randrange(3)
            if op == 0 and b: b[rng.randrange(len(b))] = rng.choice(b'{}[]",:.-+eE0123456789 NaInfityul\\\t')
            elif op == 1: b.insert(rng.randrange(len(b) + 1), rng.choice(b'{}[]",:.-+eE019 \\'))
            elif b: del b[rng.randrange(len(b))]
        return bytes(b)

    with open(sys.argv[1] + "/corpus.txt", "w") as corpus, open(sys.argv[1] + "/expected.txt", "w") as expected:
        for i in range(int(sys.argv[3])):
            doc = value(0).encode()
            if i % 3 == 2: doc = mutate(doc.decode())
            # Invalid UTF-8 is replaced, never trusted: as Python's "replace" decoding does it.
            try: reading = canonical(json.loads(doc.decode("utf-8", "replace")))
            except (ValueError, RecursionError): reading = "!"
            corpus.write(doc.hex() + "\n")
            expected.write(reading + "\n")
    """#

    private func run(seed: Int, count: Int) throws -> (documents: [[UInt8]], expected: [String]) {
        let directory = TemporaryDirectory("json-parity")
        let script = directory.file("generate.py")
        try Self.generator.write(toFile: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, directory.path, "\(seed)", "\(count)"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the corpus generator failed")
        let documents = directory.read("corpus.txt").split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            stride(from: 0, to: line.count, by: 2).map { offset -> UInt8 in
                let start = line.index(line.startIndex, offsetBy: offset)
                return UInt8(line[start..<line.index(start, offsetBy: 2)], radix: 16)!
            }
        }
        return (documents, directory.read("expected.txt").split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init))
    }

    @Test(arguments: [1, 2, 3])
    func readsEveryDocumentAsPythonDoes(seed: Int) throws {
        let (documents, expected) = try run(seed: seed, count: 4_000)
        #expect(documents.count == 4_000 && expected.count == 4_000)
        var refusedByBoth = 0
        for (document, python) in zip(documents, expected) {
            var reader = JSONReader()
            let ours = (try? reader.read(document)).map(canonicalForm) ?? "!"
            #expect(ours == python, "\(String(decoding: document, as: UTF8.self))")
            if python == "!" && ours == "!" { refusedByBoth += 1 }
        }
        // The mutated third of the corpus gives plenty of documents both must refuse.
        #expect(refusedByBoth > 400)
    }
}
