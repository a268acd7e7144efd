import Foundation
import Testing
import TestSupport

/// Commands given paths that are not readable logs answer at once and say what is wrong.
@Suite struct UnreadableRunCommandTests {
    @Test(.timeLimit(.minutes(1))) func aFIFOAsTheRunOrInsideItNeverBlocks() throws {
        let scratch = ScratchDirectory()
        #expect(mkfifo(scratch.path + "/pipe.jsonl", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: scratch.path + "/run", withIntermediateDirectories: true)
        #expect(mkfifo(scratch.path + "/run/episodes.jsonl", 0o644) == 0)
        let direct = try BinaryRunner.run(["summary", "--run", scratch.path + "/pipe.jsonl"])
        #expect(direct.status == 2 && direct.standardError.contains("is a FIFO (named pipe), not a log file"), "\(direct.standardError)")
        let inside = try BinaryRunner.run(["summary", "--run", scratch.path + "/run"])
        #expect(inside.status == 1 && inside.standardError.contains("episodes.jsonl: is a FIFO (named pipe), not a regular file"), "\(inside.standardError)")
        let config = try BinaryRunner.run(["watch", "--run", scratch.path + "/run", "--once", "--config", scratch.path + "/pipe.jsonl"])
        #expect(config.status == 2 && config.standardError.contains("is a FIFO"), "\(config.standardError)")
    }

    @Test func permissionDeniedSaysSo() throws {
        let scratch = ScratchDirectory()
        let log = scratch.write("run/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        #expect(chmod(log, 0) == 0)
        let result = try BinaryRunner.run(["summary", "--run", scratch.path + "/run"], unprivileged: true)
        #expect(result.status == 1)
        #expect(result.standardError.contains("episodes.jsonl: permission denied"), "\(result.standardError)")
    }
}
