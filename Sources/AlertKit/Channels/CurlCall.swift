import Foundation

/// What the libcurl-backed channels share: running a blocking transfer on a thread of its own
/// (never on Swift's cooperative pool), reading C text buffers, and putting libcurl's result
/// codes into words without the URL (which may be a secret).
enum CurlCall {
    /// Runs `transfer` on a thread started for it and resumes with its result. Not a global
    /// queue: libdispatch gives a blocked queue about as many threads as there are cores, so on
    /// two cores two hung transfers (a receiver that never answers) held up every other
    /// channel's deliveries until they timed out.
    static func onOwnThread(_ transfer: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let thread = Thread { continuation.resume(with: Result { try transfer() }) }
            thread.name = "nexlify-tui delivery"
            thread.start()
        }
    }

    /// A NUL-terminated C buffer as text.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The failure for a libcurl result code common to every protocol; `detail` is used when
    /// libcurl could not even be loaded (-1) or the code is not one of the usual ones.
    static func failure(code: Int32, detail: String) -> DeliveryFailure {
        switch code {
        case -1: return DeliveryFailure(recoverable: false, detail)
        case 7: return DeliveryFailure(recoverable: true, "connection refused")
        case 28: return DeliveryFailure(recoverable: true, "timed out")
        case 6: return DeliveryFailure(recoverable: true, "host not found")
        case 52, 55, 56: return DeliveryFailure(recoverable: true, "connection lost")
        case 1, 3: return DeliveryFailure(recoverable: false, "not a usable URL")
        case 35, 51, 58, 60, 77: return DeliveryFailure(recoverable: false, "TLS failed: the server's certificate is not trusted (curl \(code))")
        default: return DeliveryFailure(recoverable: true, "network error (curl \(code))")
        }
    }
}
