import Foundation

/// A real OpenSSH server (Debian's `openssh-server`, which `.ci/run` installs) on a loopback
/// port, with a host key and a user key generated for the test and an `ssh_config` that trusts
/// exactly that host key: `sshCommand` is what `NEXLIFY_SSH_COMMAND` takes. Its connections can
/// be dropped (the per-connection processes killed) and the server stopped and started again on
/// the same port, as a reboot would.
public final class SSHServer {
    public let port: Int
    public let directory: String
    /// The listening daemon's process id, while it runs.
    private var listener: Int32?

    /// Generates the keys and config in `directory` and starts the server (waits at most 20 s).
    public init(in directory: String) throws {
        let binary = "/usr/sbin/sshd"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BackgroundProcess.Failure(description: "sshd is not installed (apt-get install openssh-server; .ci/run does)")
        }
        self.directory = directory
        port = HTTPFetch.freePort()
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        for key in ["host_key", "user_key"] {
            _ = Spawn.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path(key)])
        }
        try FileManager.default.copyItem(atPath: path("user_key.pub"), toPath: path("authorized_keys"))
        let hostKey = try String(contentsOfFile: path("host_key.pub"), encoding: .utf8)
        try "[127.0.0.1]:\(port) \(hostKey)".write(toFile: path("known_hosts"), atomically: true, encoding: .utf8)
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(path("host_key"))
            AuthorizedKeysFile \(path("authorized_keys"))
            PidFile \(path("sshd.pid"))
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password

            """.write(toFile: path("sshd_config"), atomically: true, encoding: .utf8)
        try """
            Host *
              IdentityFile \(path("user_key"))
              IdentitiesOnly yes
              UserKnownHostsFile \(path("known_hosts"))
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes

            """.write(toFile: path("ssh_config"), atomically: true, encoding: .utf8)
        try start()
    }

    deinit { stop() }

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// The command that stands for ssh (`NEXLIFY_SSH_COMMAND`, `--ssh-command`).
    public var sshCommand: String { "ssh -F \(path("ssh_config"))" }

    /// The same, with a known-hosts file that does not know this server.
    public var sshCommandWithoutHostKey: String { "ssh -F \(path("ssh_config")) -o UserKnownHostsFile=/dev/null" }

    /// `ssh://user@127.0.0.1:port/path` for an absolute `path` on this machine.
    public func location(_ path: String) -> String { "ssh://\(Self.userName)@127.0.0.1:\(port)\(path)" }

    /// Starts the server (again) and waits until it accepts connections.
    /// (It runs as a daemon, started with `posix_spawn`: Foundation's `Process` would wait for
    /// the output pipe every session process inherits.)
    public func start() throws {
        try? FileManager.default.removeItem(atPath: path("sshd.pid"))
        Spawn.run("/usr/sbin/sshd", ["-f", path("sshd_config"), "-E", path("sshd.log")], captureOutput: false)
        // Up when it accepts and has written its pid (stop() needs it: the port may accept first).
        let deadline = Date().addingTimeInterval(20)
        while true {
            listener = (try? String(contentsOfFile: path("sshd.pid"), encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if listener != nil && Self.accepts(port) { break }
            guard Date() < deadline else { throw BackgroundProcess.Failure(description: "sshd did not start; see \(path("sshd.log"))") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Kills the connections' processes (the network dropped them); the server stays up.
    public func dropConnections() {
        guard let listener else { return }
        for pid in Self.descendants(of: listener) { kill(pid, SIGKILL) }
    }

    /// Every process below `parent` (from /proc), children first.
    private static func descendants(of parent: Int32) -> [Int32] {
        var parents: [Int32: Int32] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = Int32(fields[1]) { parents[pid] = ppid }
        }
        var found: [Int32] = []
        var frontier = [parent]
        while let next = frontier.popLast() {
            let children = parents.filter { $0.value == next }.map(\.key)
            found += children
            frontier += children
        }
        return found
    }

    /// Stops the server and its connections (the host went down).
    public func stop() {
        dropConnections()
        if let listener { kill(listener, SIGKILL) }
        listener = nil
        // The port is free again once nothing accepts on it.
        let deadline = Date().addingTimeInterval(5)
        while Self.accepts(port) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }

    private static var userName: String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(cString: name)
    }

    private static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

}
