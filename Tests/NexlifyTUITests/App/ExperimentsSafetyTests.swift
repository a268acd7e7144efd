import Foundation
import MetricsKit
import Testing
import TestSupport

/// `experiments archive` and `delete` touch only the experiment directory the user named: every
/// id below would once have reached outside `experiments/`. Canary files outside (and beside)
/// the scratch experiments directory must survive every attempt.
@Suite struct ExperimentsSafetyTests {
    private struct Tree {
        let scratch = ScratchDirectory()
        var experiments: String { scratch.path + "/lab/experiments" }
        var canaries: [String] { [scratch.path + "/lab/canary.txt", scratch.path + "/outside/canary.txt", scratch.path + "/lab/experiments/real/notes.txt"] }
        let realID: String

        init() throws {
            scratch.write("lab/canary.txt", "keep")
            scratch.write("outside/canary.txt", "keep")
            let tracker = ExperimentTracker(experimentsDir: scratch.path + "/lab/experiments")
            realID = try tracker.createExperiment(name: "real")
            try tracker.logResult(realID, episode: 0, metrics: ["profit": 1])
            scratch.write("lab/experiments/real/notes.txt", "a directory that is not an experiment")
            try FileManager.default.createSymbolicLink(atPath: experiments + "/link", withDestinationPath: scratch.path + "/outside")
            try FileManager.default.createSymbolicLink(atPath: experiments + "/linked_exp", withDestinationPath: experiments + "/" + realID)
        }

        func canariesSurvive() -> Bool {
            canaries.allSatisfy { FileManager.default.fileExists(atPath: $0) }
                && FileManager.default.fileExists(atPath: experiments + "/" + realID + "/experiment.json")
        }
    }

    @Test(arguments: ["", ".", "..", "../outside", "../../outside", "x/../../outside", "link", "link/canary.txt", "linked_exp", "real", "nope", "a\u{0}b"])
    func deleteRefusesAnythingButAnExperimentDirectory(id: String) throws {
        let tree = try Tree()
        let result = try BinaryRunner.run(["experiments", "delete", "--dir", tree.experiments, "--yes", "--", id])
        #expect(result.status == 2, "\(id): \(result.standardOutput) \(result.standardError)")
        #expect(result.standardError.hasPrefix("nexlify-tui: "), "\(result.standardError)")
        #expect(!result.standardError.contains("NSError") && !result.standardError.contains("Domain="))
        #expect(tree.canariesSurvive(), "\(id) reached outside what it named")
    }

    @Test func archiveActsOnTheNamedDirectoryNeverOnAPathFromTheFile() throws {
        let tree = try Tree()
        let record = tree.experiments + "/" + tree.realID + "/experiment.json"
        let text = try String(contentsOfFile: record, encoding: .utf8)
        try text.replacingOccurrences(of: "\"id\": \"\(tree.realID)\"", with: "\"id\": \"../../outside/evil\"").write(toFile: record, atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: record, encoding: .utf8).contains("../../outside/evil"), "the fixture did not plant the id")
        let result = try BinaryRunner.run(["experiments", "archive", "--dir", tree.experiments, tree.realID])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: tree.scratch.path + "/outside/evil"))
        let archived = try ExperimentTracker(experimentsDir: tree.experiments).experiment(tree.realID)
        #expect(archived.status == .archived && archived.id == tree.realID)
        // Moved, untouched, to archived/<id>: the record still says what it said.
        #expect(try String(contentsOfFile: tree.experiments + "/archived/" + tree.realID + "/experiment.json", encoding: .utf8).contains("../../outside/evil"))
        #expect(!FileManager.default.fileExists(atPath: tree.experiments + "/" + tree.realID))
        #expect(FileManager.default.fileExists(atPath: tree.scratch.path + "/lab/canary.txt") && FileManager.default.fileExists(atPath: tree.scratch.path + "/outside/canary.txt"))
    }

    @Test func anIdStartingWithADashWorksAfterTheOptionsEnd() throws {
        let scratch = ScratchDirectory()
        scratch.write("experiments/-h/results.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        let result = try BinaryRunner.run(["experiments", "delete", "--dir", scratch.path + "/experiments", "--yes", "--", "-h"])
        #expect(result.status == 0 && result.standardOutput == "deleted -h\n", "\(result.standardOutput)\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/experiments/-h"))
    }

    @Test func experimentRecordsThatOnceCrashedTheReaderAreListedAsUnreadable() throws {
        let scratch = ScratchDirectory()
        let poisons = ["{\"id\": \"a\", \"name\": 1e-}", "{\"id\": \"b\", \"n\u{FF}ame\": \"x\"}", "/*\"*/2E+", "{\"id\": \"c\", \"name\": \"c\", \"description\": \"\", \"tags\": [], \"hyperparameters\": {}, \"status\": \"running\", \"created_at\": \"yesterday\", \"final_metrics\": {}}",
                       "{\"id\": \"d\", \"name\": \"d\", \"description\": \"\", \"tags\": [], \"hyperparameters\": {}, \"status\": \"weird\", \"created_at\": \"2026-11-25T12:00:00Z\", \"final_metrics\": {}}"]
        for (index, poison) in poisons.enumerated() { scratch.write("experiments/e\(index)/experiment.json", poison) }
        let list = try BinaryRunner.run(["experiments", "list", "--dir", scratch.path + "/experiments"])
        #expect(list.status == 0, "\(list.standardError)")
        let lines = list.standardOutput.split(separator: "\n")
        #expect(lines.count == 5 && lines.allSatisfy { $0.contains("UNREADABLE") }, "\(list.standardOutput)")
        #expect(list.standardOutput.contains(#"e3  UNREADABLE: e3/experiment.json is unreadable ("created_at": expected an ISO 8601 date such as 2026-11-25T12:00:00Z, found "yesterday")"#))
        #expect(list.standardOutput.contains(#"e4  UNREADABLE: e4/experiment.json is unreadable ("status": expected one of running, completed, archived, found "weird")"#))
        #expect(try BinaryRunner.run(["experiments", "leaderboard", "--dir", scratch.path + "/experiments"]).status == 0)
        #expect(try BinaryRunner.run(["experiments", "show", "e0", "--dir", scratch.path + "/experiments"]).status == 2)
    }

    /// Escape sequences and newlines in names, tags, ids and reasons are shown escaped on one line.
    @Test func everythingPrintedIsSanitised() throws {
        let scratch = ScratchDirectory()
        let directory = scratch.path + "/experiments"
        let tracker = ExperimentTracker(experimentsDir: directory)
        let id = try tracker.createExperiment(name: "evil", description: "line1\nFAKE  completed\u{1B}]2;PWNED\u{07}", tags: ["t\u{1B}[31m", "x\u{9B}2J"])
        try tracker.logResult(id, episode: 0, metrics: ["profit\u{1B}[2J": 1, "profit": 2])
        scratch.write("experiments/bad\u{1B}]0;T\u{07}\nFAKE  running/experiment.json", "{")
        for arguments in [["list"], ["show", id], ["leaderboard"], ["compare", id], ["show", "bad\u{1B}]0;T\u{07}\nFAKE  running"], ["show", "nope\u{1B}[2J"]] {
            let result = try BinaryRunner.run(["experiments"] + arguments + ["--dir", directory])
            for text in [result.standardOutput, result.standardError] {
                #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(arguments): \(text.debugDescription)")
                #expect(!text.split(separator: "\n").contains { $0.hasPrefix("FAKE") }, "a newline in a name faked a row: \(text)")
            }
        }
        let list = try BinaryRunner.run(["experiments", "list", "--dir", directory])
        #expect(list.standardOutput.contains(#"bad\u001b]0;T\u0007\nFAKE  running  UNREADABLE"#), "\(list.standardOutput)")
        #expect(list.standardOutput.contains(#"[t\u001b[31m, x\u009b2J]"#))
    }

    @Test func errorsEchoingArgumentsAreSanitisedToo() throws {
        let theme = try BinaryRunner.run(["snapshot", "--run", "/nonexistent", "--theme", "x\u{1B}]2;PWNED\u{07}"])
        let summary = try BinaryRunner.run(["summary", "--run", "/tmp/none\u{1B}[2J\nFAKE"])
        let parse = try BinaryRunner.run(["--refresh", "\u{1B}[2J"])
        for result in [theme, summary, parse] {
            #expect(result.status != 0)
            #expect(!result.standardError.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(result.standardError.debugDescription)")
            #expect(!result.standardError.isEmpty)
        }
        #expect(!summary.standardError.split(separator: "\n").contains { $0.hasPrefix("FAKE") })
    }
}
