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

    /// A readable model-metrics file beside an unreadable episodes file: the figures come with
    /// the word that episodes.jsonl could not be read, and exit code 1.
    @Test func anUnreadableEpisodesFileBesideReadableModelMetricsIsSaid() throws {
        let scratch = ScratchDirectory()
        let log = scratch.write("run/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        scratch.write("run/model_metrics.jsonl", #"{"episode": 0, "loss": 0.5}"# + "\n")
        #expect(chmod(log, 0) == 0)
        let result = try BinaryRunner.run(["summary", "--run", scratch.path + "/run"], unprivileged: true)
        #expect(result.status == 1 && result.standardOutput.contains("latest loss               0.5"), "\(result.standardOutput)")
        #expect(result.standardError == "episodes.jsonl: permission denied (check the file's permissions and owner)\n", "\(result.standardError)")
    }

    /// Directories that cannot be searched or listed are said to be so, not "no such file" or
    /// "no experiments"; a FIFO record is not "not saved yet"; no read-only command creates --dir.
    @Test func directoriesThatCannotBeReadAreSaidAsSuch() throws {
        let scratch = ScratchDirectory()
        chmod(scratch.path, 0o755)
        scratch.write("locked/run/episodes.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        scratch.write("experiments/e1/results.jsonl", #"{"episode": 0, "profit": 1}"# + "\n")
        scratch.write("fifo/placeholder", "")
        try FileManager.default.createDirectory(atPath: scratch.path + "/fifo/e2", withIntermediateDirectories: true)
        #expect(mkfifo(scratch.path + "/fifo/e2/experiment.json", 0o644) == 0)
        chmod(scratch.path + "/fifo", 0o755)
        chmod(scratch.path + "/fifo/e2", 0o755)
        chmod(scratch.path + "/locked", 0o700)
        chmod(scratch.path + "/experiments", 0o700)
        let inside = try BinaryRunner.run(["summary", "--run", scratch.path + "/locked/run"], unprivileged: true)
        #expect(inside.status == 2 && inside.standardError.contains("locked/run: permission denied (a directory on the way cannot be searched"), "\(inside.standardError)")
        let locked = try BinaryRunner.run(["snapshot", "--run", scratch.path + "/locked"], unprivileged: true)
        #expect(locked.status == 2 && locked.standardError.contains("locked: permission denied (the directory cannot be listed"), "\(locked.standardError)")
        let list = try BinaryRunner.run(["experiments", "list", "--dir", scratch.path + "/experiments"], unprivileged: true)
        #expect(list.status == 2 && list.standardError.contains("experiments: permission denied (the directory cannot be listed"), "\(list.standardError)")
        let fifo = try BinaryRunner.run(["experiments", "list", "--dir", scratch.path + "/fifo"])
        #expect(fifo.standardOutput == "e2  UNREADABLE: e2/experiment.json is a FIFO (named pipe), not a regular file\n", "\(fifo.standardOutput)")
        for command in [["list"], ["leaderboard"], ["show", "x"], ["compare", "a", "b"]] {
            let missing = try BinaryRunner.run(["experiments"] + command + ["--dir", scratch.path + "/nowhere"])
            #expect(missing.status == 2 && missing.standardError.contains("nowhere: no such directory"), "\(command): \(missing.standardError)")
            #expect(!FileManager.default.fileExists(atPath: scratch.path + "/nowhere"), "\(command) created the directory")
        }
    }
}
