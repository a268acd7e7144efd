import CCurlLoader
import Foundation
import MetricsKit

/// POSTs a JSON body through libcurl (loaded on first use, so a dashboard that sends no alert
/// loads no networking library) and sorts failures into recoverable (timeouts, refused
/// connections, 5xx, 429) and unrecoverable (other 4xx, bad URLs, TLS failures). Error texts
/// never include the URL, which for Slack and webhooks is a secret.
struct JSONPoster: Sendable {
    let url: String
    let timeout: TimeInterval

    init(url: String, timeout: TimeInterval) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else {
            throw DeliveryFailure(recoverable: false, "not an http(s) URL")
        }
        self.url = url
        self.timeout = timeout
    }

    /// Posts on a thread of its own (libcurl blocks), never on Swift's cooperative pool.
    func post(_ body: Data) async throws {
        let url = url
        let timeout = timeout
        try await CurlCall.onOwnThread { try Self.postNow(url: url, body: body, timeout: timeout) }
    }

    private static func postNow(url: String, body: Data, timeout: TimeInterval) throws {
        var status = 0
        var retryAfter = -1.0
        var response = [CChar](repeating: 0, count: 256)
        var error = [CChar](repeating: 0, count: 256)
        let code = body.withUnsafeBytes { bytes in
            nx_http_post_json(url, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, Int(saturating: timeout * 1000),
                              &status, &retryAfter, &response, response.count, &error, error.count)
        }
        guard code == 0 else { throw CurlCall.failure(code: code, detail: CurlCall.text(error)) }
        guard !(200..<300).contains(status) else { return }
        let detail = CurlCall.text(response).trimmingCharacters(in: .whitespacesAndNewlines)
        let wait = retryAfter >= 0 ? retryAfter : nil
        throw DeliveryFailure(recoverable: status >= 500 || status == 429, "HTTP \(status)" + (detail.isEmpty ? "" : ": \(detail.prefix(200))")
            + (wait.map { "; the server asked to retry after \(Int($0)) s" } ?? ""), retryAfter: wait)
    }
}
