import Foundation
import Testing
import TestSupport

/// A run on "another machine" (a real OpenSSH server on 127.0.0.1, keys made for the test)
/// followed by the real binary in tmux: the run grows on screen, the server goes down (the status
/// line says so in words and the last data stays), comes back (reading goes on, nothing lost or
/// doubled), and `q` quits at once, giving the terminal back and removing the local copy.
@Suite(.serialized) struct RemoteEndToEndTests {
    /// A scratch directory with a server in it, removed when released.
    private final class Scene {
        let path = NSTemporaryDirectory() + "nexlify-e2e-remote-\(UUID().uuidString)"
        let server: SSHServer

        init() throws {
            try FileManager.default.createDirectory(atPath: path + "/ssh", withIntermediateDirectories: true)
            server = try SSHServer(in: path + "/ssh")
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func aRemoteRunIsFollowedThroughALinkThatGoesDown() throws {
        let scene = try Scene()
        let (scratch, server) = (scene.path, scene.server)
        let run = try RunDirectory()
        run.append(episodes: 0..<100, profit: { Double($0) })
        let environment = ["NEXLIFY_SSH_COMMAND": server.sshCommand, "XDG_CACHE_HOME": scratch + "/cache", "XDG_STATE_HOME": scratch + "/state"]
        let session = TmuxSession(arguments: ["--run", server.location(run.path), "--refresh", "0.5"], environment: environment)
        let opened = session.waitForScreen(timeout: 20) { $0.contains("following") && $0.contains("100 logged") }
        #expect(opened.matched, "\(opened.screen)")
        let status = opened.screen.split(separator: "\n").last { $0.contains("following") }.map(String.init) ?? ""
        #expect(status.contains("/run") && !status.contains("/cache/"), "the status line names the remote run, not its copy: \(status)")

        run.append(episodes: 100..<200, profit: { Double($0) })
        #expect(session.waitForScreen { $0.contains("200 logged") }.matched)

        server.stop()
        let down = session.waitForScreen(timeout: 20) { $0.contains("link down since") && $0.contains("retrying in") }
        #expect(down.matched, "\(down.screen)")
        #expect(down.screen.contains("200 logged"), "the last data stays on screen")
        run.append(episodes: 200..<300, profit: { Double($0) })
        try server.start()
        let back = session.waitForScreen(timeout: 40) { $0.contains("300 logged") && $0.contains("following") }
        #expect(back.matched, "\(back.screen)")
        #expect(back.screen.contains("│ 299 "), "the latest episode is 299: nothing doubled")

        session.send("q")
        let exit = session.waitForExit()
        #expect(exit.status == 0 && TmuxSession.restored(exit.terminalMode))
        let copies = (try? FileManager.default.contentsOfDirectory(atPath: scratch + "/cache/nexlify-tui/remote")) ?? []
        #expect(copies.isEmpty, "the local copy is removed on exit: \(copies)")

        // The last look is kept under the remote name (the copy is new each time): opened again, the banner says what came since.
        run.append(episodes: 300..<350, profit: { Double($0) })
        let again = TmuxSession(arguments: ["--run", server.location(run.path), "--refresh", "0.5"], environment: environment)
        let banner = again.waitForScreen(timeout: 20) { $0.contains("since ") && $0.contains("+50 episodes") }
        #expect(banner.matched, "\(banner.screen)")
        again.send("q")
        #expect(again.waitForExit().status == 0)
    }

    @Test func twoHostsAndThisMachineInOneRunsView() throws {
        let scratch = NSTemporaryDirectory() + "nexlify-e2e-remote-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let servers = try (1...2).map { index in
            try FileManager.default.createDirectory(atPath: scratch + "/ssh\(index)", withIntermediateDirectories: true)
            return try SSHServer(in: scratch + "/ssh\(index)")
        }
        // One ssh config that knows both servers' keys (both are this machine, on two ports).
        try """
            Host *
              IdentityFile \(servers[0].directory)/user_key
              IdentityFile \(servers[1].directory)/user_key
              IdentitiesOnly yes
              UserKnownHostsFile \(servers[0].directory)/known_hosts \(servers[1].directory)/known_hosts
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes

            """.write(toFile: scratch + "/ssh_config", atomically: true, encoding: .utf8)
        let first = try RunDirectory(name: "dqn_gpu1", in: scratch + "/one")
        first.append(episodes: 0..<30, profit: { Double($0) })
        let second = try RunDirectory(name: "ppo_gpu2", in: scratch + "/two")
        second.append(episodes: 0..<40, profit: { Double($0) })
        let local = try RunDirectory(name: "sac_here", in: scratch + "/three")
        local.append(episodes: 0..<50, profit: { Double($0) })
        let session = TmuxSession(arguments: ["--run", servers[0].location(scratch + "/one"), "--run", servers[1].location(scratch + "/two"),
                                              "--run", scratch + "/three"],
                                  environment: ["NEXLIFY_SSH_COMMAND": "ssh -F \(scratch)/ssh_config", "XDG_CACHE_HOME": scratch + "/cache"])
        let table = session.waitForScreen(timeout: 20) { $0.contains("dqn_gpu1") && $0.contains("ppo_gpu2") && $0.contains("sac_here") }
        #expect(table.matched, "\(table.screen)")
        let rows = table.screen.split(separator: "\n")
        #expect(rows.contains { $0.contains(" host ") })
        #expect(rows.contains { $0.contains("dqn_gpu1") && $0.contains("127.0.0.1:\(servers[0].port)") && $0.contains(" 30 ") })
        #expect(rows.contains { $0.contains("ppo_gpu2") && $0.contains("127.0.0.1:\(servers[1].port)") && $0.contains(" 40 ") })
        #expect(rows.contains { $0.contains("sac_here") && $0.contains("local") && $0.contains(" 50 ") })
        session.send("/")
        for character in "host:local" { session.send(String(character)) }
        session.send("Enter")
        let filtered = session.waitForScreen { $0.contains("1 of 3 runs") }
        #expect(filtered.matched && !filtered.screen.contains("dqn_gpu1") && filtered.screen.contains("sac_here"), "\(filtered.screen)")
        session.send("q")
        #expect(session.waitForExit().status == 0)
    }

    @Test func oneShotCommandsSayWhatIsWrongWithTheHost() throws {
        let scene = try Scene()
        let (scratch, server) = (scene.path, scene.server)
        let run = try RunDirectory()
        run.append(episodes: 0..<10, profit: { Double($0) })
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = scratch + "/cache"
        environment["NEXLIFY_SSH_COMMAND"] = server.sshCommand

        let summary = try BinaryRunner.run(["summary", "--json", "--run", server.location(run.path)], environment: environment)
        #expect(summary.status == 0 && summary.standardOutput.contains("\"episodes\": 10"), "\(summary.standardOutput)\(summary.standardError)")
        let missing = try BinaryRunner.run(["summary", "--run", server.location(run.path + "/nothing")], environment: environment)
        #expect(missing.status == 2 && missing.standardError.contains("no such file or directory on 127.0.0.1"), "\(missing.standardError)")
        environment["NEXLIFY_SSH_COMMAND"] = server.sshCommandWithoutHostKey
        let unknown = try BinaryRunner.run(["summary", "--run", server.location(run.path)], environment: environment)
        #expect(unknown.status == 2 && unknown.standardError.contains("host key for 127.0.0.1 is not known: run ssh 127.0.0.1 once"), "\(unknown.standardError)")
        let flag = try BinaryRunner.run(["summary", "--ssh-command", server.sshCommand, "--run", server.location(run.path)], environment: environment)
        #expect(flag.status == 0, "--ssh-command wins over the environment: \(flag.standardError)")
    }
}
