import Foundation

/// The head of an HTTP/1.x request: method, path (without its query) and headers (names in
/// lower case); nil for bytes that are not one.
struct HTTPRequestHead: Equatable {
    let method: String
    let path: String
    let headers: [String: String]

    init?(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).makeIterator()
        guard let requestLine = lines.next() else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), parts[1].hasPrefix("/") else { return nil }
        method = String(parts[0])
        path = String(parts[1].prefix { $0 != "?" })
        var headers: [String: String] = [:]
        while let line = lines.next(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
    }
}

/// A response that closes the connection after its body.
struct HTTPResponse {
    let bytes: [UInt8]

    init(status: String, contentType: String = "text/plain; charset=utf-8", headers: [String] = [], body: [UInt8], headOnly: Bool = false) {
        let head = (["HTTP/1.1 \(status)", "Content-Type: \(contentType)", "Content-Length: \(body.count)", "Connection: close"] + headers)
            .joined(separator: "\r\n") + "\r\n\r\n"
        bytes = Array(head.utf8) + (headOnly ? [] : body)
    }

    init(status: String, headers: [String] = [], body: String, headOnly: Bool = false) {
        self.init(status: status, headers: headers, body: Array(body.utf8), headOnly: headOnly)
    }
}
