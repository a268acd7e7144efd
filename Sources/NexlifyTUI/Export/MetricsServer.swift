import Foundation

/// Serves `GET /metrics` over HTTP/1.1 from the exposition last published: a scrape never waits
/// on the disk or on a refresh. One route on one socket, so our own listener rather than
/// SwiftNIO (minutes more of build on two cores for every CI run): each connection is read with a
/// 5 s timeout and at most 16 KiB of request, answered, and closed; at most 16 are served at once.
///
/// ```swift
/// let server = try MetricsServer(listen: "127.0.0.1:9464")
/// server.publish(families)      // after each refresh
/// server.port                   // 9464 (the port given, or the one chosen for ":0")
/// ```
final class MetricsServer: @unchecked Sendable {
    /// Why the server could not start.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The port it listens on.
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var bodies: [PrometheusText.Format: [UInt8]] = [:]
    private let slots = DispatchSemaphore(value: 16)
    private var stopped = false

    /// Binds `listen` (`HOST:PORT`, `[IPv6]:PORT`; port 0 picks a free one) and starts serving.
    init(listen: String) throws {
        let (host, service) = try Self.split(listen)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, service, &hints, &found)
        guard status == 0, let first = found else {
            throw Failure(description: "--listen \(listen): \(String(cString: gai_strerror(status))); give HOST:PORT, e.g. 127.0.0.1:9464")
        }
        defer { freeaddrinfo(found) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { throw Failure(description: "--listen \(listen): cannot make a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        guard bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, Glibc.listen(descriptor, 64) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "--listen \(listen): \(reason) (is another exporter on that port? pick another with --listen)")
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        port = Self.port(of: address)
        listener = descriptor
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "nexlify-tui metrics server"
        thread.start()
    }

    deinit { stop() }

    /// Makes `families` what the next scrapes get.
    func publish(_ families: [PrometheusText.Family]) {
        let prometheus = Array(PrometheusText.render(families, format: .prometheus).utf8)
        let openMetrics = Array(PrometheusText.render(families, format: .openMetrics).utf8)
        lock.withLock { bodies = [.prometheus: prometheus, .openMetrics: openMetrics] }
    }

    /// Stops accepting; connections being answered finish.
    func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            slots.wait()
            // A thread per connection, not a global queue (whose few threads a slow client's
            // 5 s reads would hold).
            let thread = Thread { [self] in
                answer(connection)
                close(connection)
                slots.signal()
            }
            thread.start()
        }
    }

    private func answer(_ connection: Int32) {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else { return }
        let response: HTTPResponse
        switch HTTPRequestHead(request) {
        case nil:
            response = HTTPResponse(status: "400 Bad Request", body: "a malformed request\n")
        case let head? where head.method != "GET" && head.method != "HEAD":
            response = HTTPResponse(status: "405 Method Not Allowed", headers: ["Allow: GET, HEAD"], body: "only GET and HEAD\n")
        case let head? where head.path == "/metrics":
            let format = PrometheusText.Format.negotiated(accept: head.headers["accept"])
            let body = lock.withLock { bodies[format] } ?? Array(PrometheusText.render([], format: format).utf8)
            response = HTTPResponse(status: "200 OK", contentType: format.contentType, body: body, headOnly: head.method == "HEAD")
        case let head? where head.path == "/":
            response = HTTPResponse(status: "200 OK", body: "nexlify-tui export: the metrics are at /metrics\n", headOnly: head.method == "HEAD")
        default:
            response = HTTPResponse(status: "404 Not Found", body: "not found: the metrics are at /metrics\n")
        }
        var bytes = response.bytes
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeMutableBytes { send(connection, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// The request's head (up to the blank line), at most 16 KiB of it; nil when the client sent
    /// none in time.
    private func readRequest(_ connection: Int32) -> [UInt8]? {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 16 << 10 {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return request.isEmpty ? nil : request }
            request += buffer[..<count]
            if request.firstRange(of: [13, 10, 13, 10]) != nil { return request }
        }
        return request
    }

    private static func split(_ listen: String) throws -> (host: String?, service: String) {
        guard let colon = listen.lastIndex(of: ":") else {
            throw Failure(description: "--listen \(listen): give HOST:PORT, e.g. 127.0.0.1:9464")
        }
        var host = String(listen[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let service = String(listen[listen.index(after: colon)...])
        guard let port = Int(service), (0...65535).contains(port) else {
            throw Failure(description: "--listen \(listen): the port must be a number from 0 to 65535")
        }
        return (host.isEmpty ? nil : host, service)
    }

    private static func port(of address: sockaddr_storage) -> UInt16 {
        var copy = address
        return withUnsafePointer(to: &copy) { pointer in
            if Int32(address.ss_family) == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }
}
