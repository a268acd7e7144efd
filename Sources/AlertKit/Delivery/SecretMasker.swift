/// Replaces secrets (passwords, webhook URLs) with `***` in any text about to be shown, logged
/// or written, so they never leave the configuration.
///
/// ```swift
/// let masker = SecretMasker(["hunter2", "https://hooks.slack.com/services/T/B/X"])
/// masker.mask("login failed for hunter2")   // "login failed for ***"
/// ```
public struct SecretMasker: Sendable {
    private let secrets: [String]

    public init(_ secrets: [String]) {
        // Longest first, so a secret that contains another is masked whole.
        self.secrets = Set(secrets.filter { $0.count >= 3 }).sorted { $0.count > $1.count }
    }

    public func mask(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "***") }
    }
}

import Foundation
