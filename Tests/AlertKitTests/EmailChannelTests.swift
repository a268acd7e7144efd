import Foundation
import Testing
import TestSupport
@testable import AlertKit

/// E-mail through a real SMTP server on 127.0.0.1 with STARTTLS and AUTH.
@Suite struct EmailChannelTests {
    private func settings(port: Int, password: String, ca: String?) -> EmailChannel.Settings {
        var settings = EmailChannel.Settings(host: "127.0.0.1", port: port, username: "trainer", password: password,
                                             from: "trainer@example.test", recipients: ["ops@example.test", "me@example.test"])
        settings.caFile = ca
        settings.timeout = 10
        return settings
    }

    @Test func anAlertArrivesOverSTARTTLSWithAuth() async throws {
        let server = try SMTPServer(user: "trainer", password: "s3cret-PASS")
        let dispatcher = AlertDispatcher(channels: [try EmailChannel(settings: settings(port: server.port, password: "s3cret-PASS", ca: server.certificate))],
                                         audit: nil, retry: .init(maxAttempts: 1))
        dispatcher.enqueue(DispatcherTests.event())
        await dispatcher.drain()
        #expect(dispatcher.finalFailures.isEmpty, "\(dispatcher.finalFailures)")
        let message = try #require(server.messages.first)
        #expect(message.contains("Subject: [nexlify] [CRITICAL] Loss too high"))
        #expect(message.contains("To: ops@example.test, me@example.test"))
        #expect(message.contains("loss: 1234"))
        #expect(!message.contains("s3cret-PASS"))
    }

    @Test func aWrongPasswordIsAClearErrorAndIsNotRetried() async throws {
        let server = try SMTPServer(user: "trainer", password: "right")
        let masker = SecretMasker(["wrong-PASS"])
        let dispatcher = AlertDispatcher(channels: [try EmailChannel(settings: settings(port: server.port, password: "wrong-PASS", ca: server.certificate))],
                                         audit: nil, masker: masker, retry: .init(maxAttempts: 5, initialDelay: 0.01))
        dispatcher.enqueue(DispatcherTests.event())
        await dispatcher.drain()
        let failure = try #require(dispatcher.finalFailures.first)
        #expect(failure.attempts == 1)
        #expect(failure.reason.hasPrefix("authentication failed"))
        #expect(!failure.reason.contains("wrong-PASS"))
        #expect(server.messages.isEmpty)
    }

    @Test func anUntrustedCertificateOrAServerWithoutTLSIsRefused() async throws {
        let server = try SMTPServer(user: "trainer", password: "pw")
        let untrusted = AlertDispatcher(channels: [try EmailChannel(settings: settings(port: server.port, password: "pw", ca: nil))],
                                        audit: nil, retry: .init(maxAttempts: 1))
        untrusted.enqueue(DispatcherTests.event())
        await untrusted.drain()
        #expect(untrusted.finalFailures.first?.reason.hasPrefix("TLS failed") == true, "\(untrusted.finalFailures)")
        #expect(server.messages.isEmpty)
    }

    @Test func credentialsAreNeverSentToARelayWithoutTLS() async throws {
        let relay = try SMTPServer(user: "trainer", password: "pw", offerTLS: false)
        let refusing = AlertDispatcher(channels: [try EmailChannel(settings: settings(port: relay.port, password: "pw", ca: nil))],
                                       audit: nil, retry: .init(maxAttempts: 3, initialDelay: 0.01))
        refusing.enqueue(DispatcherTests.event())
        await refusing.drain()
        #expect(refusing.finalFailures.first?.reason.hasPrefix("the server offers no STARTTLS") == true, "\(refusing.finalFailures)")
        #expect(refusing.finalFailures.first?.attempts == 1)
        #expect(relay.messages.isEmpty)

        // Without a username (a local relay) the message goes through in the clear.
        var anonymous = settings(port: relay.port, password: "", ca: nil)
        anonymous.username = nil
        anonymous.password = nil
        let sending = AlertDispatcher(channels: [try EmailChannel(settings: anonymous)], audit: nil, retry: .init(maxAttempts: 1))
        sending.enqueue(DispatcherTests.event())
        await sending.drain()
        #expect(sending.finalFailures.isEmpty, "\(sending.finalFailures)")
        #expect(relay.messages.count == 1)
    }

    @Test func theMessageIsWellFormed() throws {
        let message = EmailChannel.message(for: DispatcherTests.event(status: .resolved), settings: settings(port: 587, password: "x", ca: nil),
                                           date: Date(timeIntervalSince1970: 0))
        #expect(message.hasPrefix("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\nFrom: trainer@example.test\r\n"))
        #expect(message.contains("Subject: [nexlify] [RESOLVED] Loss too high (after 5m)\r\n"))
        #expect(message.contains("\r\n\r\nTraining loss is 1234"))
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}
