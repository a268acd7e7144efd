import Foundation

/// A real SMTP server on 127.0.0.1 (Python's aiosmtpd, started by the test) that requires
/// STARTTLS with a certificate generated for the test and AUTH with the given credentials, or a
/// plain relay with neither.
/// Received messages are written to a file.
public final class SMTPServer {
    static let script = #"""
        import socket, ssl, sys, time
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword
        log, cert, key, user, password, require_tls = sys.argv[1:7]
        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with open(log, "a") as f:
                    f.write(envelope.content.decode("utf-8", "replace").replace("\r\n", "\n") + "\n=====END=====\n")
                return "250 OK"
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        if require_tls == "1":
            controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                                    authenticator=authenticate, auth_required=True, auth_require_tls=True)
        else:
            # A plain relay: no STARTTLS offered at all.
            controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticate,
                                    auth_required=False, auth_require_tls=False)
        controller.start()
        print(port, flush=True)
        while True:
            time.sleep(3600)
        """#

    public let port: Int
    public let certificate: String
    private let server: PythonServer
    private let directory: String

    /// `offerTLS: false` makes a plain relay that offers no STARTTLS.
    public init(user: String, password: String, offerTLS: Bool = true) throws {
        directory = NSTemporaryDirectory() + "smtp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        openssl.standardError = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        server = try PythonServer(script: Self.script, in: directory,
                                  arguments: [directory + "/messages.txt", certificate, key, user, password, offerTLS ? "1" : "0"])
        port = server.port
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The messages received so far, headers and body.
    public var messages: [String] {
        let text = (try? String(contentsOfFile: directory + "/messages.txt", encoding: .utf8)) ?? ""
        return text.components(separatedBy: "=====END=====\n").filter { !$0.isEmpty }
    }
}
