import Foundation
import Testing
@testable import MetricsKit
import TestSupport

/// Runs followed through a real OpenSSH server on 127.0.0.1 (keys and config made for the test),
/// with the real remote reader (`RemoteAgent`, the machine's awk).
@Suite(.serialized) struct RemoteFollowingTests {
    /// A scratch directory (the "remote" side), a server, and a directory for the copy.
    private func scene(_ label: String) throws -> (TemporaryDirectory, SSHServer, TemporaryDirectory) {
        let directory = TemporaryDirectory(label)
        return (directory, try SSHServer(in: directory.file("ssh").withDirectory()), TemporaryDirectory("remote-copy"))
    }

    private func follower(_ server: SSHServer, roots: [String], cache: TemporaryDirectory, command: String? = nil) throws -> RemoteFollower {
        let location = try #require(try RemoteLocation.parse(server.location("/")))
        return try RemoteFollower(link: location.link, roots: roots, directory: cache.path, ssh: SSHCommand(command: command ?? server.sshCommand))
    }

    /// Writes `total` records in pieces (records split across writes) at about 650 a second, rotates
    /// the JSON lines at 3/4, or every N records when a third argument says N (rename, go on in a
    /// new file) and rewrites the CSV with a new column
    /// from the middle on. (A file deleted while the link is down takes its unread bytes with it,
    /// which no remote reader can fetch: that case is `LiveFollowingTests`' for local files.)
    static let writerScript = #"""
        import json, os, random, sys, time
        run, total = sys.argv[1], int(sys.argv[2])
        rotate_every = int(sys.argv[3]) if len(sys.argv) > 3 else 0
        rng = random.Random(1234)
        jsonl = os.path.join(run, "episodes.jsonl")
        csv_path = os.path.join(run, "metrics.csv")
        f = open(jsonl, "a")
        columns = ["episode", "profit"]
        def write_csv(upto):
            with open(csv_path, "w") as c:
                c.write(",".join(columns) + "\n")
                for i in range(upto):
                    c.write(",".join(str(v) for v in [i, i * 0.5] + ([i % 7] if "sharpe" in columns else [])) + "\n")
        for i in range(total):
            if (i == 3 * total // 4) if rotate_every == 0 else (i > 0 and i % rotate_every == 0):
                f.close(); os.rename(jsonl, jsonl + "." + str(i)); f = open(jsonl, "a")
            text = json.dumps({"episode": i, "profit": i * 0.5}) + "\n"
            pos = 0
            while pos < len(text):
                step = rng.randint(1, 40)
                f.write(text[pos:pos + step]); f.flush()
                pos += step
            time.sleep(0.0015)
            if i % 100 == 99:
                if i > total // 2 and "sharpe" not in columns:
                    columns.append("sharpe")
                write_csv(i + 1)
        f.close()
        write_csv(total)
        """#

    /// `writerScript` started on `run` (rotating every `rotateEvery` records, else once at 3/4).
    private func startWriter(in directory: TemporaryDirectory, run: String, total: Int, rotateEvery: Int = 0) throws -> Process {
        directory.write("writer.py", Self.writerScript)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        writer.arguments = ["python3", directory.file("writer.py"), run, "\(total)", "\(rotateEvery)"]
        try writer.run()
        return writer
    }

    @Test(.timeLimit(.minutes(3)))
    func everyRecordArrivesOnceThroughDroppedConnections() throws {
        let (directory, server, cache) = try scene("remote-live")
        let run = directory.file("run").withDirectory()
        let follower = try follower(server, roots: [run], cache: cache)
        try follower.catchUp()
        let copy = follower.mirror.localPath(ofRoot: 0)
        let jsonSource = try RunSource(path: copy + "/episodes.jsonl", chunkBytes: 4096, recentCapacity: 10_000)
        let csvSource = try RunSource(path: copy + "/metrics.csv", chunkBytes: 4096, recentCapacity: 10_000)

        let total = 4000
        let writer = try startWriter(in: directory, run: run, total: total)
        follower.start(interval: 0.25)
        var dropped = 0
        var events: [TailEvent] = []
        let started = Date()
        // Reaped here: Foundation's Process does not always see this child end while ssh
        // children come and go beside it.
        var writerStatus: Int32 = 0
        while waitpid(writer.processIdentifier, &writerStatus, WNOHANG) == 0 {
            events += jsonSource.poll(maxRecords: 500).events.map(\.event)
            _ = csvSource.poll(maxRecords: 500)
            if dropped < 2 && Date().timeIntervalSince(started) > 0.5 + Double(dropped) * 2 {
                server.dropConnections()
                dropped += 1
            }
            usleep(5000)
        }
        #expect(writerStatus == 0)
        // Two whole round trips after the writer ended: everything it left is in the copy.
        let rounds = follower.currentStatus.rounds
        while follower.currentStatus.rounds < rounds + 2 { usleep(50_000) }
        follower.stop()
        while jsonSource.poll().moreRemaining {}
        while csvSource.poll().moreRemaining {}

        #expect(dropped == 2)
        #expect(events.contains(.replaced(continued: false)), "the rotation reached the copy as a new file")
        let store = jsonSource.store
        #expect(store.episodeCount == total)
        #expect(jsonSource.skipped.count == 0, "\(jsonSource.skipped)")
        let profit = try #require(store.episodeSeries(named: "profit"))
        let profitsMatch = profit.recentX == Array(0..<total) && profit.recentY == (0..<total).map { Double($0) * 0.5 }
        #expect(profitsMatch)
        #expect(csvSource.store.episodeCount == total)
        #expect(csvSource.skipped.count == 0, "\(csvSource.skipped)")
        #expect(csvSource.store.episodeSeries(named: "sharpe") != nil)
        // The copy is byte for byte the remote file.
        #expect(FileManager.default.contentsEqual(atPath: run + "/episodes.jsonl", andPath: copy + "/episodes.jsonl"))
        #expect(FileManager.default.contentsEqual(atPath: run + "/metrics.csv", andPath: copy + "/metrics.csv"))
    }

    /// Rotations every 100 records while rounds follow each other every 20 ms: renames land
    /// between a round's listing and its reads, and between a rename and the new file's creation.
    @Test(.timeLimit(.minutes(3)))
    func aRunRotatedOftenLosesNothing() throws {
        let (directory, server, cache) = try scene("remote-rotations")
        let run = directory.file("run").withDirectory()
        let follower = try follower(server, roots: [run], cache: cache)
        try follower.catchUp()
        let copy = follower.mirror.localPath(ofRoot: 0)
        let source = try RunSource(path: copy + "/episodes.jsonl", chunkBytes: 4096, recentCapacity: 10_000)
        let total = 4000
        let writer = try startWriter(in: directory, run: run, total: total, rotateEvery: 100)
        follower.start(interval: 0.02)
        var writerStatus: Int32 = 0
        while waitpid(writer.processIdentifier, &writerStatus, WNOHANG) == 0 {
            _ = source.poll(maxRecords: 500)
            usleep(5000)
        }
        let rounds = follower.currentStatus.rounds
        while follower.currentStatus.rounds < rounds + 2 { usleep(20_000) }
        follower.stop()
        while source.poll().moreRemaining {}
        let profit = try #require(source.store.episodeSeries(named: "profit"))
        let missing = Set(0..<total).subtracting(profit.recentX)
        #expect(missing.isEmpty, "\(missing.count) records lost, from \(missing.min() ?? -1) to \(missing.max() ?? -1)")
        #expect(profit.recentX == Array(0..<total))
        #expect(source.skipped.count == 0, "\(source.skipped)")
        #expect(FileManager.default.contentsEqual(atPath: run + "/episodes.jsonl", andPath: copy + "/episodes.jsonl"))
    }

    @Test(.timeLimit(.minutes(1)))
    func onlyLogFilesTravelAndFIFOsAreNeverOpened() throws {
        let (directory, server, cache) = try scene("remote-kinds")
        let runs = directory.file("runs").withDirectory()
        directory.write("runs/dqn/episodes.jsonl", "{\"episode\": 1}\n")
        directory.write("runs/dqn/model.pt", String(repeating: "x", count: 100_000))
        directory.write("runs/.hidden/episodes.jsonl", "{\"episode\": 1}\n")
        #expect(mkfifo(directory.file("runs/dqn/pipe.jsonl"), 0o600) == 0)
        #expect(mkfifo(directory.file("fifo"), 0o600) == 0)
        let follower = try follower(server, roots: [runs, directory.file("fifo"), directory.file("missing")], cache: cache)
        try follower.catchUp()
        let copy = follower.mirror.localPath(ofRoot: 0)
        #expect(RegularFile.kindOfPath(copy + "/dqn/episodes.jsonl") == "a regular file")
        #expect(RegularFile.kindOfPath(copy + "/dqn/pipe.jsonl") == "a FIFO (named pipe)")
        #expect(RegularFile.kindOfPath(copy + "/dqn/model.pt") == nil)
        #expect(RegularFile.kindOfPath(copy + "/.hidden") == nil)
        #expect(follower.mirror.rootKinds == [0: .directory, 1: .fifo, 2: .missing])
        #expect(follower.currentStatus.bytesReceived < 2_000)
        // The copy's FIFO is refused as a local one is, never opened.
        let refusal = #expect(throws: RunLayout.Failure.self) { try RunSource(path: copy + "/dqn/pipe.jsonl") }
        #expect(refusal?.description.contains("is a FIFO (named pipe)") == true)
        // A file that goes on the remote side goes from the copy.
        try FileManager.default.removeItem(atPath: directory.file("runs/dqn/episodes.jsonl"))
        try follower.catchUp()
        #expect(RegularFile.kindOfPath(copy + "/dqn/episodes.jsonl") == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func aReconnectionGoesOnAtTheOffsets() throws {
        let (directory, server, cache) = try scene("remote-resume")
        let run = directory.file("run").withDirectory()
        directory.write("run/episodes.jsonl", String(repeating: "{\"episode\": 1, \"profit\": 2.5}\n", count: 1000))
        let follower = try follower(server, roots: [run], cache: cache)
        try follower.catchUp()
        let first = follower.currentStatus.bytesReceived
        #expect(first > 30_000)
        server.stop()
        try server.start()
        directory.append("run/episodes.jsonl", "{\"episode\": 2, \"profit\": 3.5}\n")
        // The old connection is dead: the first try fails, the next one is told what the copy holds.
        #expect(throws: SSHLink.Failure.self) { try follower.catchUp() }
        try follower.catchUp()
        let again = follower.currentStatus.bytesReceived - first
        #expect(again < 2_000, "a reconnection fetched \(again) bytes for a 30-byte append")
        #expect(FileManager.default.contentsEqual(atPath: run + "/episodes.jsonl", andPath: follower.mirror.localPath(ofRoot: 0) + "/episodes.jsonl"))
    }

    @Test(.timeLimit(.minutes(1)))
    func aFileRenamedAwayGivesItsLastBytesFirst() throws {
        let (directory, server, cache) = try scene("remote-renamed")
        let run = directory.file("run").withDirectory()
        directory.write("run/episodes.jsonl", "{\"episode\": 0, \"profit\": 1}\n")
        let follower = try follower(server, roots: [run], cache: cache)
        try follower.catchUp()
        let source = try RunSource(path: follower.mirror.localPath(ofRoot: 0) + "/episodes.jsonl")
        while source.poll().moreRemaining {}
        // Lines written, then the file rotated away before its successor exists: one look sees it gone.
        directory.append("run/episodes.jsonl", "{\"episode\": 1, \"profit\": 2}\n{\"episode\": 2, \"profit\": 3}\n")
        try FileManager.default.moveItem(atPath: run + "/episodes.jsonl", toPath: run + "/episodes.jsonl.1")
        try follower.catchUp()
        while source.poll().moreRemaining {}
        #expect(source.store.episodeCount == 3)
    }

    @Test(.timeLimit(.minutes(1)))
    func theGuidesSnapshotSeriesIsARunByItsName() throws {
        let (directory, server, _) = try scene("remote-series")
        let logs = directory.file("training_logs").withDirectory()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../scripts/make-seed-snapshots.py").standardized.path
        _ = Spawn.run("/usr/bin/env", ["python3", script, logs, "dqn", "300", "--every", "100"])
        directory.write("training_logs/checkpoint_dqn.pt", String(repeating: "x", count: 50_000))
        let runs = try RemoteRuns(arguments: [server.location(logs + "/dqn")], ssh: SSHCommand(command: server.sshCommand),
                                  cacheRoot: TemporaryDirectory("remote-cache").path)
        try runs.catchUp()
        let remote = try RunSource(path: runs.paths[0], mustExist: true)
        remote.readToEnd()
        let local = try RunSource(path: logs + "/dqn", mustExist: true)
        local.readToEnd()
        #expect(local.store.episodeCount == 300)
        #expect(remote.store.episodeCount == local.store.episodeCount)
        #expect(remote.store.episodeSeries(named: "profit")?.recentY == local.store.episodeSeries(named: "profit")?.recentY)
        let copy = (runs.paths[0] as NSString).deletingLastPathComponent
        let names = try FileManager.default.contentsOfDirectory(atPath: copy)
        #expect(names.count == 3 && names.allSatisfy { $0.hasPrefix("dqn_") && $0.hasSuffix(".json") }, "only the series' snapshots travel: \(names)")
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnknownHostKeyIsReportedNotAsked() throws {
        let (directory, server, cache) = try scene("remote-hostkey")
        let follower = try follower(server, roots: ["."], cache: cache, command: server.sshCommandWithoutHostKey)
        let failure = #expect(throws: SSHLink.Failure.self) { try follower.catchUp() }
        #expect(failure?.description == "host key for 127.0.0.1 is not known: run ssh 127.0.0.1 once to check and accept it")
        #expect(failure?.permanent == true)
    }

    @Test(.timeLimit(.minutes(1)))
    func twoHostsAreReadThroughTheirOwnConnections() throws {
        let directory = TemporaryDirectory("remote-two")
        let first = try SSHServer(in: directory.file("ssh1").withDirectory())
        let second = try SSHServer(in: directory.file("ssh2").withDirectory())
        directory.write("a/dqn/episodes.jsonl", "{\"episode\": 1, \"profit\": 1}\n")
        directory.write("b/ppo/episodes.jsonl", "{\"episode\": 1, \"profit\": 2}\n{\"episode\": 2, \"profit\": 3}\n")
        // Both servers are this machine: one ssh config that knows both ports' keys.
        let config = directory.file("ssh_both")
        try """
            Host *
              IdentityFile \(first.directory)/user_key
              IdentityFile \(second.directory)/user_key
              IdentitiesOnly yes
              UserKnownHostsFile \(first.directory)/known_hosts \(second.directory)/known_hosts
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let cacheRoot = TemporaryDirectory("remote-cache")
        let runs = try RemoteRuns(arguments: [first.location(directory.file("a")), second.location(directory.file("b")), directory.file("b")],
                                  ssh: SSHCommand(command: "ssh -F \(config)"), cacheRoot: cacheRoot.path)
        try runs.catchUp()
        #expect(runs.followers.count == 2)
        #expect(runs.hosts == ["127.0.0.1:\(first.port)", "127.0.0.1:\(second.port)", nil])
        let dqn = try RunSource(path: runs.paths[0] + "/dqn", mustExist: true)
        dqn.readToEnd()
        #expect(dqn.store.episodeCount == 1)
        let ppo = try RunSource(path: runs.paths[1] + "/ppo", mustExist: true)
        ppo.readToEnd()
        #expect(ppo.store.episodeCount == 2)
        #expect(runs.paths[2] == directory.file("b"))
        let shown = try #require(runs.display(of: runs.paths[1] + "/ppo"))
        #expect(shown.hasSuffix("@127.0.0.1:\(second.port):" + directory.file("b") + "/ppo"))
    }
}

private extension String {
    /// Creates the directory at this path and returns it.
    func withDirectory() -> String {
        try! FileManager.default.createDirectory(atPath: self, withIntermediateDirectories: true)
        return self
    }
}
