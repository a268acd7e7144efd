import CCurlLoader
import Foundation
import MetricsKit

/// Sends alerts by e-mail over real SMTP (libcurl): STARTTLS on port 587 (or implicit TLS on
/// 465), AUTH when a username is set, and never credentials over an unencrypted connection
/// unless `allowInsecure` says so. A wrong password is reported as such and not retried.
///
/// ```swift
/// let email = try EmailChannel(settings: .init(host: "smtp.gmail.com", port: 587, username: "me@x", password: "…",
///                                              from: "me@x", recipients: ["team@x"]))
/// ```
public struct EmailChannel: AlertChannel {
    /// The seed's `email` settings.
    public struct Settings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?
        public var from: String
        public var recipients: [String]
        /// Send without TLS (and credentials in the clear) when the server offers none.
        public var allowInsecure = false
        /// A CA bundle to trust instead of the system's (a private relay's certificate).
        public var caFile: String?
        public var timeout: TimeInterval = 20

        public init(host: String, port: Int, username: String?, password: String?, from: String, recipients: [String]) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.from = from
            self.recipients = recipients
        }
    }

    public let name = "email"
    private let settings: Settings

    public init(settings: Settings) throws {
        guard !settings.host.isEmpty else { throw DeliveryFailure(recoverable: false, "smtp_host is empty") }
        guard !settings.recipients.isEmpty else { throw DeliveryFailure(recoverable: false, "to_addrs is empty") }
        self.settings = settings
    }

    public func deliver(_ event: AlertEvent) async throws {
        let settings = settings
        let message = Self.message(for: event, settings: settings, date: Date())
        try await CurlCall.onOwnThread { try Self.send(message, settings: settings) }
    }

    /// The e-mail for an event: headers and a plain-text body.
    public static func message(for event: AlertEvent, settings: Settings, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject = "[nexlify] " + event.headline.replacingOccurrences(of: "\n", with: " ").prefix(180)
        var body = event.message + "\n\n"
        for (key, value) in event.data.sorted(by: { $0.key < $1.key }) where value.isFinite { body += "\(key): \(HealthRules.format(value))\n" }
        body += "\nrun: \(event.run)\nrule: \(event.rule)\nlevel: \(event.level.rawValue)\n"
        let headers = [
            "Date: \(formatter.string(from: date))", "From: \(settings.from)", "To: \(settings.recipients.joined(separator: ", "))",
            "Subject: \(subject)", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
        ]
        return (headers.joined(separator: "\r\n") + "\r\n\r\n" + body).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    private static func send(_ message: String, settings: Settings) throws {
        let scheme = settings.port == 465 ? "smtps" : "smtp"
        let url = "\(scheme)://\(settings.host):\(settings.port)"
        let hasCredentials = settings.username?.isEmpty == false
        // STARTTLS required with credentials (unless allowed insecure); opportunistic otherwise.
        let tls: Int32 = hasCredentials && !settings.allowInsecure ? 3 : 1
        var error = [CChar](repeating: 0, count: 256)
        let recipients = settings.recipients.map { strdup("<\($0)>") }
        defer { recipients.forEach { free($0) } }
        let code = recipients.map { UnsafePointer($0) }.withUnsafeBufferPointer { list in
            message.withCString { text in
                nx_smtp_send(url, tls, settings.caFile, hasCredentials ? settings.username : nil, hasCredentials ? settings.password : nil,
                             "<\(settings.from)>", list.baseAddress, Int32(list.count), text, strlen(text), Int(saturating: settings.timeout * 1000),
                             &error, error.count)
            }
        }
        guard code != 0 else { return }
        throw failure(code: code, detail: CurlCall.text(error))
    }

    /// SMTP's own failures first (login, missing STARTTLS, refused connection), then the common ones.
    private static func failure(code: Int32, detail: String) -> DeliveryFailure {
        switch code {
        case 67: return DeliveryFailure(recoverable: false, "authentication failed: check username and password (Gmail needs an app password)")
        case 64: return DeliveryFailure(recoverable: false, "the server offers no STARTTLS; refusing to send the password in the clear (set allow_insecure: true to allow it)")
        case 7: return DeliveryFailure(recoverable: true, "connection refused (check smtp_host, smtp_port and the firewall)")
        case -1, 6, 28, 52, 55, 56, 1, 3, 35, 51, 58, 60, 77: return CurlCall.failure(code: code, detail: detail)
        default: return DeliveryFailure(recoverable: false, "SMTP failed (curl \(code)): \(detail)")
        }
    }
}
