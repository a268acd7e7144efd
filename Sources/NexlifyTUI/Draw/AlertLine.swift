/// One alert as the dashboard shows it.
struct AlertLine: Equatable, Sendable {
    enum Level: Equatable, Sendable { case info, warning, critical, resolved }
    var level: Level
    var text: String
    var time: String
}
