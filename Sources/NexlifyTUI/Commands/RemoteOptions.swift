import ArgumentParser
import Foundation
import MetricsKit

/// `--ssh-command`, shared by every command that takes runs: how runs on other machines
/// (`--run gpu1:training_logs/dqn`) are reached, and their opening.
struct RemoteOptions: ParsableArguments {
    @Option(name: .long, help: "The command that stands for ssh for a --run HOST:PATH (default: $NEXLIFY_SSH_COMMAND, else ssh), as git's GIT_SSH_COMMAND: e.g. \"ssh -F ./ssh_config\".")
    var sshCommand: String?

    /// Resolves `arguments` (local paths, HOST:PATH, ssh://…) and reads the remote ones as they
    /// are now (`wholly`: to their end; otherwise one round trip, the rest comes live). A host
    /// that cannot be reached, or a remote path that is not a run, exits with status 2 and says why.
    func open(_ arguments: [String], wholly: Bool = true) throws -> RemoteRuns {
        let ssh = SSHCommand(command: sshCommand ?? ProcessInfo.processInfo.environment[SSHCommand.environmentVariable])
        let runs: RemoteRuns
        do {
            runs = try RemoteRuns(arguments: arguments, ssh: ssh)
        } catch let problem as RunLayout.Failure {
            throw failure(problem.description, exitCode: 2)
        }
        do {
            try runs.catchUp(wholly: wholly)
        } catch {
            throw failure(error.description, exitCode: 2)
        }
        return runs
    }
}
