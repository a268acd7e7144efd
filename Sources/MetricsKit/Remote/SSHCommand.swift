import Foundation

/// How `ssh` is started: the system's `ssh`, or the command in `NEXLIFY_SSH_COMMAND` (or
/// `--ssh-command`), a shell command as git takes `GIT_SSH_COMMAND` (`ssh -F ./ssh_config`), so
/// `~/.ssh/config`, keys, the agent, `ProxyJump` and ControlMaster all apply. It always runs in
/// batch mode: a host-key question or a password prompt fails at once and is reported in words
/// (`SSHCommand.explain`), never typed into the dashboard.
///
/// ```swift
/// let ssh = SSHCommand(command: ProcessInfo.processInfo.environment["NEXLIFY_SSH_COMMAND"])
/// ssh.arguments(for: location.link, remoteCommand: RemoteAgent.remoteCommand)
/// // ["/bin/sh", "-c", "ssh -F ./ssh_config \"$@\"", "ssh", "-o", "BatchMode=yes", …, "--", "gpu1", "p='…"]
/// ```
public struct SSHCommand: Sendable, Equatable {
    /// The environment variable that names the command.
    public static let environmentVariable = "NEXLIFY_SSH_COMMAND"

    /// The shell command that stands for `ssh`; nil: `ssh` from the PATH.
    public let command: String?

    public init(command: String?) {
        let trimmed = command?.trimmingCharacters(in: .whitespaces)
        self.command = trimmed?.isEmpty == false ? trimmed : nil
    }

    /// The program and arguments that open a connection to `link` running `remoteCommand`.
    public func arguments(for link: RemoteLocation.Link, remoteCommand: String) -> [String] {
        var options = [
            "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
            "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3",
            "-o", "LogLevel=ERROR", "-T", "-e", "none",
        ]
        if let port = link.port { options += ["-p", String(port)] }
        if let user = link.user { options += ["-l", user] }
        options += ["--", link.host, remoteCommand]
        guard let command else { return ["/usr/bin/env", "ssh"] + options }
        return ["/bin/sh", "-c", command + " \"$@\"", "ssh"] + options
    }

    /// What went wrong, in words a user can act on, from what ssh wrote to its standard error;
    /// `permanent`: trying again will not help until the user does something.
    public static func explain(_ errorOutput: String, host: String, exitStatus: Int32?) -> (message: String, permanent: Bool) {
        let text = errorOutput.lowercased()
        let lastLine = errorOutput.split(whereSeparator: \.isNewline).last.map { String($0.prefix(160)) } ?? ""
        if text.contains("remote host identification has changed") {
            return ("the host key of \(host) has changed: check with its administrator, then remove the old key (ssh-keygen -R \(host))", true)
        }
        if text.contains("host key verification failed") || text.contains("no ecdsa host key is known") || text.contains("host key is not known") {
            return ("host key for \(host) is not known: run ssh \(host) once to check and accept it", true)
        }
        if text.contains("permission denied") {
            return ("\(host) refused the login (\(lastLine)): ssh \(host) must log in without a password (a key, or ssh-agent)", true)
        }
        if text.contains("could not resolve hostname") || text.contains("name or service not known") {
            return ("\(host): no such host name (check the name, or ~/.ssh/config)", true)
        }
        if text.contains("awk: not found") || text.contains("awk: command not found") {
            return ("\(host) has no awk, which the remote reader needs", true)
        }
        if exitStatus == 127 && text.contains("ssh") && text.contains("not found") {
            return ("ssh was not found: install OpenSSH's client, or set \(environmentVariable)", true)
        }
        if lastLine.isEmpty { return ("\(host): the connection ended\(exitStatus.map { " (ssh exited with \($0))" } ?? "")", false) }
        return ("\(host): \(lastLine)", false)
    }
}
