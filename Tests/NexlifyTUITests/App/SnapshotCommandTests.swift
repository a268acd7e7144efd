import Foundation
import Testing
import TestSupport

@Suite struct SnapshotCommandTests {
    private func run() -> (ScratchDirectory, String) {
        let scratch = ScratchDirectory()
        let lines = (0..<300).map { #"{"episode": \#($0), "profit": \#(Double($0 % 37) - 12), "sharpe": \#(Double($0) / 300), "epsilon": \#(1.0 / Double($0 + 1))}"# }
        scratch.write("run/episodes.jsonl", lines.joined(separator: "\n") + "\n")
        scratch.write("run/model_metrics.jsonl", (0..<300).map { #"{"episode": \#($0), "loss": \#(1.0 / Double($0 + 1)), "q_values": [1, 2, 3]}"# }.joined(separator: "\n") + "\n")
        return (scratch, scratch.path + "/run")
    }

    @Test func printsOneFrameOfTheRequestedSize() throws {
        let (scratch, path) = run()
        _ = scratch
        let output = try BinaryRunner.run(["snapshot", "--run", path, "--width", "100", "--height", "30"])
        #expect(output.status == 0, "\(output.standardError)")
        let lines = output.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 30)
        #expect(lines.allSatisfy { $0.count == 100 })
        let text = output.standardOutput
        #expect(text.contains("1 Profit/Loss") && text.contains("8 Q-values") && text.contains("299"))
        #expect(text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(!text.contains("\u{1B}"))
    }

    @Test func colourAsciiAndThemes() throws {
        let (scratch, path) = run()
        _ = scratch
        let colored = try BinaryRunner.run(["snapshot", "--run", path, "--color", "--theme", "light"])
        #expect(colored.status == 0)
        #expect(colored.standardOutput.contains("\u{1B}[0;"))
        let ascii = try BinaryRunner.run(["snapshot", "--run", path, "--ascii", "--width", "80", "--height", "24"])
        #expect(!ascii.standardOutput.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) })
        let unknown = try BinaryRunner.run(["snapshot", "--run", path, "--theme", "neon"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("cyberpunk, dark, light"))
        let missing = try BinaryRunner.run(["snapshot", "--run", path + "/nope"])
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("no such file or directory"))
    }

    @Test func theDashboardExplainsWhatItNeeds() throws {
        let bare = try BinaryRunner.run([])
        #expect(bare.status != 0)
        #expect(bare.standardError.contains("--run PATH") && bare.standardError.contains("--demo"))
        let badRefresh = try BinaryRunner.run(["--demo", "--refresh", "0.1"])
        #expect(badRefresh.status != 0)
        #expect(badRefresh.standardError.contains("0.25"))
        let noTerminal = try BinaryRunner.run(["--run", "/tmp"])
        #expect(noTerminal.status == 2)
        #expect(noTerminal.standardError.contains("needs a terminal"))
    }

    /// The parser quotes refused values in its errors: a newline or escape in one is shown
    /// escaped, on the message's one line.
    @Test func aRefusedArgumentIsEchoedEscaped() throws {
        let scratch = ScratchDirectory()
        let run = scratch.write("run/episodes.jsonl", "{\"episode\": 0, \"profit\": 1}\n")
        let page = try BinaryRunner.run(["snapshot", "--run", run, "--metrics", "--page", "1\nfake line"])
        #expect(page.status != 0 && page.standardError.hasPrefix("Error: The value '1\\nfake line' is invalid for '--page <page>'\n"), "\(page.standardError)")
        let joined = try BinaryRunner.run(["snapshot", "--run", run, "--metrics", "--page=2\u{1B}]2;x\u{07}"])
        #expect(!joined.standardError.contains("\u{1B}") && joined.standardError.contains("2\\u001b]2;x\\u0007"), "\(joined.standardError)")
    }
}
