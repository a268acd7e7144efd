import Foundation
import MetricsKit

/// The status line's words for the dashboard's requests to the trainer (`S`, `C`): the question
/// before `y`, then what `control.json` says — waiting for the trainer, or seen by it.
///
/// ```swift
/// ControlNotes.question(.stop).text                                  // "stop the run? y: yes, any other key: no"
/// ControlNotes.note(for: request, since: opened, now: Date())?.text  // "stop asked 14:02, waiting for the trainer"
/// ```
enum ControlNotes {
    static func question(_ kind: ControlRequest.Kind) -> StatusBar.Note {
        switch kind {
        case .stop: return StatusBar.Note(text: "stop the run? y: yes, any other key: no", role: .critical)
        case .checkpoint: return StatusBar.Note(text: "ask for a checkpoint? y: yes, any other key: no", role: .warning)
        }
    }

    /// The note for the run's request: one the trainer has not seen yet (however old), or one
    /// made since the dashboard opened; nil for an old acknowledged one.
    static func note(for request: ControlRequest?, since opened: Date, now: Date) -> StatusBar.Note? {
        guard let request else { return nil }
        let what = request.kind == .stop ? "stop" : "checkpoint"
        if let seen = request.acknowledgedAt {
            guard request.at >= opened else { return nil }
            return StatusBar.Note(text: "\(what) seen by the trainer \(LocalTime.clock(seen, now: now))", role: .good)
        }
        return StatusBar.Note(text: "\(what) asked \(LocalTime.clock(request.at, now: now)), waiting for the trainer", role: .warning)
    }

    /// The note when the request could not be written.
    static func failed(_ problem: String) -> StatusBar.Note {
        StatusBar.Note(text: "request not sent: " + TerminalText.sanitize(problem), role: .critical)
    }
}
