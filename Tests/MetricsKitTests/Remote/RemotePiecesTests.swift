import Foundation
import Testing
@testable import MetricsKit
import TestSupport

/// The remote pieces that need no server: which names are remote, the reply grammar in any
/// pieces, the checksum against the system's `cksum`, and a copy that never writes outside itself.
@Suite struct RemotePiecesTests {
    @Test func namesAreRemoteAsScpDecides() throws {
        #expect(RemoteLocation.looksRemote("gpu1:training_logs/dqn"))
        #expect(RemoteLocation.looksRemote("me@gpu1:runs"))
        #expect(RemoteLocation.looksRemote("ssh://me@gpu1:2222/data/runs"))
        #expect(!RemoteLocation.looksRemote("training_logs/dqn"))
        #expect(!RemoteLocation.looksRemote("./a:b"))
        #expect(!RemoteLocation.looksRemote("/data/x:y"))
        #expect(!RemoteLocation.looksRemote(":nothing-before"))

        let scp = try #require(try RemoteLocation.parse("me@gpu1:~/training_logs/dqn"))
        #expect(scp.user == "me" && scp.host == "gpu1" && scp.port == nil && scp.path == "training_logs/dqn")
        #expect(scp.display == "me@gpu1:training_logs/dqn")
        let url = try #require(try RemoteLocation.parse("ssh://me@gpu1:2222/data/runs"))
        #expect(url.port == 2222 && url.path == "/data/runs" && url.link.description == "me@gpu1:2222")
        let home = try #require(try RemoteLocation.parse("ssh://gpu1/~/runs"))
        #expect(home.path == "runs")
        let bare = try #require(try RemoteLocation.parse("gpu1:"))
        #expect(bare.path == ".")
        let ipv6 = try #require(try RemoteLocation.parse("[::1]:runs"))
        #expect(ipv6.host == "[::1]" && ipv6.path == "runs")
        // Two runs on one host share a link; another port is another link.
        #expect(try RemoteLocation.parse("gpu1:a")?.link == RemoteLocation.parse("gpu1:b")?.link)
        #expect(try RemoteLocation.parse("ssh://gpu1:22/a")?.link != RemoteLocation.parse("gpu1:b")?.link)
    }

    @Test func namesThatCouldBeOptionsOrBreakLinesAreRefused() {
        for argument in ["-oProxyCommand=x:run", "me@-gpu1:run", "-l@gpu1:run", "gp u1:run", "ssh://gpu1:port/x", "ssh://gpu1:70000/x", "gpu1:a\nb"] {
            #expect(throws: RemoteLocation.Failure.self, "\(argument.debugDescription)") { try RemoteLocation.parse(argument) }
        }
    }

    @Test func theSSHCommandIsBatchModeAndEndsOptionsBeforeTheHost() throws {
        let link = try #require(try RemoteLocation.parse("ssh://me@gpu1:2222/x")).link
        let plain = SSHCommand(command: nil).arguments(for: link, remoteCommand: "true")
        #expect(Array(plain.prefix(2)) == ["/usr/bin/env", "ssh"])
        #expect(plain.contains("BatchMode=yes"))
        #expect(Array(plain.suffix(3)) == ["--", "gpu1", "true"])
        #expect(plain.contains("2222") && plain.contains("me"))
        let custom = SSHCommand(command: " ssh -F ./ssh_config ").arguments(for: link, remoteCommand: "true")
        #expect(Array(custom.prefix(4)) == ["/bin/sh", "-c", "ssh -F ./ssh_config \"$@\"", "ssh"])
        #expect(SSHCommand(command: "  ").command == nil)
        #expect(SSHCommand.explain("Host key verification failed.\n", host: "gpu1", exitStatus: 255).message
                == "host key for gpu1 is not known: run ssh gpu1 once to check and accept it")
        #expect(SSHCommand.explain("ssh: connect to host gpu1 port 22: Connection refused\n", host: "gpu1", exitStatus: 255).permanent == false)
        #expect(SSHCommand.explain("root@gpu1: Permission denied (publickey).\n", host: "gpu1", exitStatus: 255).permanent)
    }

    @Test func everyFileAFormatReadsTravels() {
        let names = LogFormats.fileNames + ["events.out.tfevents.1700000000.gpu1", "0.monitor.csv", "alerts.log", "alerts.jsonl",
                                            "metrics_dqn_20261201_120000.json"]
        for name in names {
            #expect(LogFormats.mirroredFilePatterns.contains { fnmatch($0, name, 0) == 0 }, "\(name) would not be copied from another machine")
        }
        #expect(!LogFormats.mirroredFilePatterns.contains { fnmatch($0, "model.pt", 0) == 0 || fnmatch($0, "checkpoint_1000.zip", 0) == 0 })
    }

    @Test func repliesAreReadInAnyPieces() throws {
        let reply = Array("H nexlify-agent 1\nS 0 D\nB 0 3 4 77 7 1700000000 A run/a b.jsonl\nab\ncC 0 123 run/a b.jsonl\nC 0 - run/a b.jsonl\nP 0 run/pipe\nX 0 run/gone\nZ 5 more\n".utf8)
        let expected: [RemoteRecord] = [
            .hello(version: 1), .root(0, .directory),
            .chunk(.init(root: 0, path: "run/a b.jsonl", from: 3, inode: "77", size: 7, modified: 1_700_000_000, kind: .append, bytes: Array("ab\nc".utf8))),
            .checked(root: 0, path: "run/a b.jsonl", checksum: 123), .checked(root: 0, path: "run/a b.jsonl", checksum: nil),
            .fifo(root: 0, path: "run/pipe"), .removed(root: 0, path: "run/gone"), .end(sequence: 5, more: true),
        ]
        for pieceLength in [1, 2, 7, reply.count] {
            var parser = RemoteReplyParser()
            var records: [RemoteRecord] = []
            var start = 0
            while start < reply.count {
                parser.append(Array(reply[start..<min(reply.count, start + pieceLength)]))
                start += pieceLength
                while let record = try parser.next() { records.append(record) }
            }
            #expect(records == expected, "pieces of \(pieceLength)")
            #expect(parser.bufferedBytes == 0)
        }
    }

    @Test func aReplyThatIsNotTheProtocolIsAFailure() {
        for text in ["hello\n", "B 0 0 99999999 1 1 1 A x\n", "B 0 -1 1 1 1 1 A x\n", "S 0 Q\n", "Z 1 maybe\n", "C 0 99999999999 x\n", "C 0 +5 x\n", "C 0 -- x\n",
                     String(repeating: "x", count: RemoteReplyParser.maxLineBytes + 1)] {
            var parser = RemoteReplyParser()
            parser.append(Array(text.utf8))
            #expect(throws: RemoteReplyParser.Failure.self, "\(text.prefix(30).debugDescription)") { _ = try parser.next() }
        }
    }

    @Test func theChecksumIsCksums() throws {
        let directory = TemporaryDirectory("cksum")
        for (name, bytes) in [("empty", [UInt8]()), ("hello", Array("hello\n".utf8)), ("big", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })] {
            try Data(bytes).write(to: URL(fileURLWithPath: directory.file(name)))
            let printed = Spawn.run("/usr/bin/cksum", [directory.file(name)]).split(separator: " ").first.map(String.init)
            #expect(printed == String(POSIXChecksum.of(bytes)), "\(name)")
        }
    }

    @Test func theCopyNeverWritesOutsideItself() throws {
        let directory = TemporaryDirectory("mirror")
        let mirror = try RemoteMirror(directory: directory.file("copy"), roots: ["runs"])
        mirror.apply(.root(0, .directory))
        func chunk(_ path: String, _ text: String) {
            let bytes = Array(text.utf8)
            mirror.apply(.chunk(.init(root: 0, path: path, from: 0, inode: "1", size: bytes.count, modified: 1_700_000_000, kind: .newFile, bytes: bytes)))
            mirror.apply(.checked(root: 0, path: path, checksum: POSIXChecksum.of(bytes)))
        }
        for unsafe in ["../outside.jsonl", "/etc/passwd", "a/../../outside.jsonl", "a//b.jsonl", "./a.jsonl", "", "a/b/c/d/e/f.jsonl"] { chunk(unsafe, "x\n") }
        #expect(mirror.refusedPaths == 7)
        #expect(!FileManager.default.fileExists(atPath: directory.file("outside.jsonl")))
        #expect(!FileManager.default.fileExists(atPath: directory.file("copy/outside.jsonl")))
        mirror.apply(.removed(root: 0, path: "../copy"))
        #expect(FileManager.default.fileExists(atPath: directory.file("copy/0")))

        chunk("dqn/episodes.jsonl", "{\"episode\": 1}\n")
        #expect(directory.read("copy/0/dqn/episodes.jsonl") == "{\"episode\": 1}\n")
        #expect(FileIdentity.of(path: directory.file("copy/0/dqn/episodes.jsonl"))?.modifiedNanoseconds == 1_700_000_000 * 1_000_000_000)
        // A chunk whose checksum does not match, or whose file was renamed while it was read
        // ("-"), is not written; the reader is told what the copy holds, so it goes on from there.
        let held = "K 0 1 15 1700000000 \(POSIXChecksum.of(Array("{\"episode\": 1}\n".utf8))) dqn/episodes.jsonl"
        for checksum in [0, nil] as [UInt32?] {
            mirror.apply(.chunk(.init(root: 0, path: "dqn/episodes.jsonl", from: 15, inode: "1", size: 30, modified: 1_700_000_001, kind: .append,
                                      bytes: Array("{\"episode\": 2}\n".utf8))))
            mirror.apply(.checked(root: 0, path: "dqn/episodes.jsonl", checksum: checksum))
            #expect(directory.read("copy/0/dqn/episodes.jsonl") == "{\"episode\": 1}\n")
            #expect(mirror.hasCorrections)
            #expect(mirror.takeCorrections() == [held])
            #expect(!mirror.hasCorrections)
        }
        // A file the copy holds nothing of is asked for whole.
        mirror.apply(.chunk(.init(root: 0, path: "dqn/new.jsonl", from: 0, inode: "2", size: 3, modified: 1, kind: .newFile, bytes: Array("ab\n".utf8))))
        mirror.apply(.checked(root: 0, path: "dqn/new.jsonl", checksum: nil))
        #expect(mirror.takeCorrections() == ["F 0 dqn/new.jsonl"])
        #expect(!FileManager.default.fileExists(atPath: directory.file("copy/0/dqn/new.jsonl")))
    }
}
