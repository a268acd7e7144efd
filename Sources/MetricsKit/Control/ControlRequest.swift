import Foundation

/// A request from the dashboard to the training loop, as `control.json` in the run directory
/// holds it: stop the run, or save a checkpoint. The trainer acknowledges it by writing the file
/// back with `acknowledged_at`.
///
/// ```json
/// {"request": "stop", "id": "5C0E…", "at": "2026-12-06T03:30:43Z", "acknowledged_at": "2026-12-06T03:30:44Z"}
/// ```
/// ```swift
/// let request = ControlRequest(kind: .stop, at: Date())
/// ControlRequest.parse(Data(request.json.utf8)) == request   // true (to the millisecond)
/// ```
public struct ControlRequest: Equatable, Sendable {
    /// What the trainer is asked to do.
    public enum Kind: String, CaseIterable, Sendable {
        case stop
        case checkpoint
    }

    public var kind: Kind
    /// Tells one request from the next of the same kind.
    public var id: String
    /// When the dashboard asked.
    public var at: Date
    /// When the trainer saw it; nil until then.
    public var acknowledgedAt: Date?

    public init(kind: Kind, id: String = UUID().uuidString, at: Date, acknowledgedAt: Date? = nil) {
        self.kind = kind
        self.id = id
        self.at = Self.milliseconds(at)
        self.acknowledgedAt = acknowledgedAt.map(Self.milliseconds)
    }

    /// The file's text: one JSON object and a newline.
    public var json: String {
        var fields = ["\"request\": " + JSONText.string(kind.rawValue), "\"id\": " + JSONText.string(id), "\"at\": " + JSONText.string(Self.format(at))]
        if let acknowledgedAt { fields.append("\"acknowledged_at\": " + JSONText.string(Self.format(acknowledgedAt))) }
        return "{" + fields.joined(separator: ", ") + "}\n"
    }

    /// A request read from the file's bytes (our own JSON reader, never one that can trap); nil
    /// when the bytes are not one: not JSON, an unknown request, no id or no time.
    public static func parse(_ data: Data) -> ControlRequest? {
        guard case .object(let fields)? = try? JSONValue.decode(data),
              case .string(let name)? = fields["request"], let kind = Kind(rawValue: name),
              case .string(let id)? = fields["id"], !id.isEmpty,
              case .string(let at)? = fields["at"], let date = ISODate.parse(at) else { return nil }
        var acknowledged: Date?
        if case .string(let text)? = fields["acknowledged_at"] { acknowledged = ISODate.parse(text) }
        return ControlRequest(kind: kind, id: id, at: date, acknowledgedAt: acknowledged)
    }

    /// ISO 8601 in UTC with milliseconds, as both sides write it.
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static func milliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}
