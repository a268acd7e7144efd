import Foundation
import MetricsKit

/// Reads a `RunSource`'s state into the status line's terms.
enum SourceStatusReader {
    static func status(of source: RunSource, now: Date) -> SourceStatus {
        var status = SourceStatus()
        status.runPath = TerminalText.sanitize(source.path)
        status.skippedLines = source.skipped.count
        status.problem = source.snapshotProblems.first.map(TerminalText.sanitize)
        let states = source.fileStates.compactMap(\.state)
        if states.contains(where: { $0 != .waitingForFile && $0 != .opened }) {
            status.state = states.first { $0 != .waitingForFile && $0 != .opened }!.description
        } else if states.contains(.opened) {
            status.state = "following"
        } else {
            status.state = "waiting for " + (source.layout.files.first?.name ?? "log files")
        }
        if let modified = source.lastModified { status.secondsSinceUpdate = max(0, now.timeIntervalSince(modified)) }
        return status
    }
}
