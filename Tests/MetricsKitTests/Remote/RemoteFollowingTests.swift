import Foundation
import Testing
@testable import MetricsKit
import TestSupport

/// Runs followed through a real OpenSSH server on 127.0.0.1 (keys and config made for the test),
/// with the real remote reader (`RemoteAgent`, the machine's awk).
@Suite(.serialized) struct RemoteFollowingTests {
    private func follower(_ server: SSHServer, roots: [String], cache: TemporaryDirectory, command: String? = nil) throws -> RemoteFollower {
        let location = try #require(try RemoteLocation.parse(server.location("/")))
        return try RemoteFollower(link: location.link, roots: roots, directory: cache.path, ssh: SSHCommand(command: command ?? server.sshCommand))
    }

    @Test(.timeLimit(.minutes(1)))
    func anUnknownHostKeyIsReportedNotAsked() throws {
        let directory = TemporaryDirectory("remote-hostkey")
        let server = try SSHServer(in: directory.file("ssh").withDirectory())
        let cache = TemporaryDirectory("remote-copy")
        let follower = try follower(server, roots: ["."], cache: cache, command: server.sshCommandWithoutHostKey)
        let failure = #expect(throws: SSHLink.Failure.self) { try follower.catchUp() }
        #expect(failure?.description == "host key for 127.0.0.1 is not known: run ssh 127.0.0.1 once to check and accept it")
        #expect(failure?.permanent == true)
    }
}

private extension String {
    /// Creates the directory at this path and returns it.
    func withDirectory() -> String {
        try! FileManager.default.createDirectory(atPath: self, withIntermediateDirectories: true)
        return self
    }
}
