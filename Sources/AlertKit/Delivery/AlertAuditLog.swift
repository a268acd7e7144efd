import Foundation
import MetricsKit
import Synchronization

/// The audit trail `alerts.jsonl` in the run directory: one JSON line per alert sent, per
/// delivery that finally failed and per request the dashboard left for the trainer, with
/// secrets masked.
///
/// ```
/// {"type":"alert","event":{…}}
/// {"type":"delivery_failed","channel":"slack","rule":"loss_too_high","attempts":5,"reason":"HTTP 503","at":"…"}
/// {"type":"control","request":"stop","id":"…","at":"…"}
/// ```
public final class AlertAuditLog: Sendable {
    /// The trail's name in a run directory.
    public static let fileName = "alerts.jsonl"

    public let path: String
    private let file: Mutex<LogFile>
    private let masker: SecretMasker

    /// The trail of the run in `directory`.
    public static func path(inDirectory directory: String) -> String {
        (directory as NSString).appendingPathComponent(fileName)
    }

    public init(path: String, masker: SecretMasker = SecretMasker([])) {
        self.path = path
        file = Mutex(LogFile(path: path))
        self.masker = masker
    }

    public func recordAlert(_ event: AlertEvent) {
        let body = String(decoding: event.json(), as: UTF8.self)
        append("{\"type\":\"alert\",\"event\":\(body)}")
    }

    public func recordFailure(channel: String, event: AlertEvent, attempts: Int, reason: String, at date: Date) {
        let fields = [
            "\"type\":\"delivery_failed\"", "\"channel\":\(JSONText.string(channel))",
            "\"rule\":\(JSONText.string(event.rule))", "\"title\":\(JSONText.string(event.title))",
            "\"attempts\":\(attempts)", "\"reason\":\(JSONText.string(reason))",
            "\"at\":\(JSONText.string(ISO8601DateFormatter().string(from: date)))",
        ]
        append("{" + fields.joined(separator: ",") + "}")
    }

    /// A request the dashboard left for the trainer (`control.json`), kept with the alerts:
    /// `{"type":"control","request":"stop","id":"…","at":"…"}`.
    public func recordControl(_ request: ControlRequest) {
        let fields = [
            "\"type\":\"control\"", "\"request\":\(JSONText.string(request.kind.rawValue))", "\"id\":\(JSONText.string(request.id))",
            "\"at\":\(JSONText.string(ISO8601DateFormatter().string(from: request.at)))",
        ]
        append("{" + fields.joined(separator: ",") + "}")
    }

    private func append(_ line: String) {
        let text = masker.mask(line) + "\n"
        // The audit trail must never take the dashboard or the watcher down.
        file.withLock { try? $0.append(Array(text.utf8)) }
    }
}
