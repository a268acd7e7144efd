/// A key press, as the terminal reports it.
enum Key: Equatable, Sendable {
    case character(Character)
    case escape
    case enter, backspace
    case up, down, pageUp, pageDown, home, end
    case resize
    /// The terminal window got or lost the focus (focus reporting: the pane shown again, or hidden).
    case focusIn, focusOut
    case other
}
