import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs a JSON body with `URLSession` and sorts failures into recoverable (timeouts, refused
/// connections, 5xx, 429) and unrecoverable (other 4xx, bad URLs). Error texts never include
/// the URL, which for Slack and webhooks is a secret.
struct JSONPoster: Sendable {
    let url: URL
    let timeout: TimeInterval

    init(url: String, timeout: TimeInterval) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else {
            throw DeliveryFailure(recoverable: false, "not an http(s) URL")
        }
        self.url = parsed
        self.timeout = timeout
    }

    func post(_ body: Data) async throws {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("nexlify-tui", forHTTPHeaderField: "User-Agent")
        request.httpBody = body
        let response: URLResponse
        let data: Data
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch let error as URLError {
            throw Self.failure(for: error)
        } catch {
            throw DeliveryFailure(recoverable: true, "request failed")
        }
        guard let http = response as? HTTPURLResponse else { throw DeliveryFailure(recoverable: true, "no HTTP response") }
        guard !(200..<300).contains(http.statusCode) else { return }
        let detail = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let text = "HTTP \(http.statusCode)" + (detail.isEmpty ? "" : ": \(detail)")
        throw DeliveryFailure(recoverable: http.statusCode >= 500 || http.statusCode == 429, text)
    }

    private static func failure(for error: URLError) -> DeliveryFailure {
        switch error.code {
        case .timedOut: return DeliveryFailure(recoverable: true, "timed out")
        case .cannotConnectToHost: return DeliveryFailure(recoverable: true, "connection refused")
        case .networkConnectionLost: return DeliveryFailure(recoverable: true, "connection lost")
        case .notConnectedToInternet: return DeliveryFailure(recoverable: true, "no network")
        case .cannotFindHost, .dnsLookupFailed: return DeliveryFailure(recoverable: true, "host not found")
        case .badURL, .unsupportedURL: return DeliveryFailure(recoverable: false, "not a usable URL")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid:
            return DeliveryFailure(recoverable: false, "TLS failed (\(error.code.rawValue))")
        default: return DeliveryFailure(recoverable: true, "network error \(error.code.rawValue)")
        }
    }
}
