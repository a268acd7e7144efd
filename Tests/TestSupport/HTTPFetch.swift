import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A blocking HTTP GET for tests, and a free loopback port for a server a test starts.
public enum HTTPFetch {
    public struct Response {
        public let status: Int
        public let contentType: String?
        public let body: String
    }

    /// GETs `url` with `headers`; nil when nothing answered within `timeout` seconds.
    public static func get(_ url: String, headers: [String: String] = [:], timeout: TimeInterval = 10) -> Response? {
        guard let address = URL(string: url) else { return nil }
        var request = URLRequest(url: address, timeoutInterval: timeout)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var response: Response?
        URLSession.shared.dataTask(with: request) { data, answer, _ in
            if let http = answer as? HTTPURLResponse {
                response = Response(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"),
                                    body: String(decoding: data ?? Data(), as: UTF8.self))
            }
            done.signal()
        }.resume()
        done.wait()
        return response
    }

    /// A port on 127.0.0.1 that nothing listens on now (the kernel's pick, let go at once).
    public static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
