import Foundation
import Testing
import TestSupport
@testable import MetricsKit

/// Runs of thousands of files under `ulimit -n 1024`: every file is read (each lets go of its
/// descriptor once read), and where descriptors still run out, one line says how many files were
/// not read and what to do, never partial figures in silence.
@Suite struct DescriptorLimitTests {
    /// `summary --json` of `run` in a shell whose descriptor limit is `limit`.
    private func summary(_ run: String, limit: Int) throws -> BinaryRunner.Output {
        try BinaryRunner.run(executable: "/bin/sh", ["-c", "ulimit -n \(limit) && exec \"$0\" summary --run \"$1\" --json", BinaryRunner.binary, run])
    }

    private func eventFiles(_ count: Int, stepsEach: Int, in directory: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for index in 0..<count {
            let name = String(format: "events.out.tfevents.%010d.host.1.0", 1_764_000_000 + index)
            let bytes = TensorBoardEventFile.bytes(steps: stepsEach, tags: ["train/loss"], firstStep: index * stepsEach)
            FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(bytes))
        }
    }

    @Test func twoThousandEventFilesAreReadWholeAtUlimit1024() throws {
        let scratch = ScratchDirectory()
        eventFiles(2000, stepsEach: 5, in: scratch.path + "/tb")
        let result = try summary(scratch.path + "/tb", limit: 1024)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"steps\": 10000") || result.standardOutput.contains("\"episodes\": 10000"), "\(result.standardOutput)")
        #expect(!result.standardError.contains("Too many open files") && !result.standardError.contains("too many open files"), "\(result.standardError)")
    }

    @Test func fifteenHundredMonitorFilesAreReadWholeAtUlimit1024() throws {
        let scratch = ScratchDirectory()
        for index in 0..<1500 {
            let rows = (0..<3).map { "\(Double(index)),10,\(Double(index) + Double($0) * 0.5)\n" }.joined()
            scratch.write("sb3/\(index).monitor.csv", "#{\"t_start\": 1764000000.0, \"env_id\": \"X\"}\nr,l,t\n" + rows)
        }
        let result = try summary(scratch.path + "/sb3", limit: 1024)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("\"episodes\": 4500"), "\(result.standardOutput)")
        #expect(result.standardError.isEmpty, "\(result.standardError)")
    }

    /// Files unreadable for the same reason (here permissions; at the descriptor limit, "too
    /// many open files") are one line that counts them.
    @Test func filesThatCannotBeOpenedAreCountedInOneLine() throws {
        let scratch = ScratchDirectory()
        eventFiles(40, stepsEach: 5, in: scratch.path + "/tb")
        chmod(scratch.path, 0o755)
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/tb").sorted().prefix(30) {
            chmod(scratch.path + "/tb/" + name, 0o000)
        }
        let result = try BinaryRunner.run(["summary", "--run", scratch.path + "/tb", "--json"], unprivileged: true)
        #expect(result.status == 1 && result.standardOutput.contains("\"episodes\": 50"), "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError == "30 of 40 files not read: permission denied (check the file's permissions and owner)\n", "\(result.standardError)")
    }

    @Test func theDescriptorLimitIsSaidWithWhatToDo() {
        #expect(RegularFile.problem(errno: EMFILE).description.hasPrefix("too many open files (this process may have "))
        #expect(RegularFile.problem(errno: ENFILE).description.hasSuffix("and start again"))
    }

    /// Event files whose writers are still writing (each ends inside a record) let go of their
    /// descriptors too.
    @Test func eventFilesEndingInAHalfWrittenRecordAreParkedToo() throws {
        let scratch = ScratchDirectory()
        eventFiles(1200, stepsEach: 2, in: scratch.path + "/tb")
        let half = Array(TensorBoardEventFile.frame([UInt8](repeating: 7, count: 100)).prefix(50))
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/tb") {
            let handle = try #require(FileHandle(forWritingAtPath: scratch.path + "/tb/" + name))
            handle.seekToEndOfFile()
            handle.write(Data(half))
            try handle.close()
        }
        let result = try summary(scratch.path + "/tb", limit: 1024)
        #expect(result.status == 0 && result.standardOutput.contains("\"episodes\": 2400"), "\(result.standardOutput)")
        #expect(!result.standardError.contains("too many open files"), "\(result.standardError)")
    }
}
