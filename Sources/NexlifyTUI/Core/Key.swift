/// A key press, as the terminal reports it.
enum Key: Equatable, Sendable {
    case character(Character)
    case escape
    case enter, backspace
    case up, down, pageUp, pageDown, home, end
    case resize
    case other
}
