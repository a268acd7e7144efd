import Foundation

/// A colour as a theme names it: red, green and blue, 0–255 each.
///
/// ```swift
/// let cyan = RGB(0x00, 0xF0, 0xFF)
/// RGB(hex: "#ff2a6d")   // RGB(255, 42, 109)
/// ```
struct RGB: Equatable, Hashable, Sendable {
    var red: UInt8
    var green: UInt8
    var blue: UInt8

    init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#rrggbb` or `rrggbb`; `nil` for anything else.
    init?(hex: String) {
        var text = Substring(hex.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("#") { text = text.dropFirst() }
        guard text.count == 6, let value = UInt32(text, radix: 16) else { return nil }
        self.init(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }
}

/// How a cell is drawn: colours (nil = the terminal's default) and attributes.
struct Style: Equatable, Hashable, Sendable {
    var foreground: RGB?
    var background: RGB?
    var bold = false
    var dim = false
    var reverse = false

    init(foreground: RGB? = nil, background: RGB? = nil, bold: Bool = false, dim: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
    }

    static let plain = Style()
}

/// One terminal cell: a single-width character and its style. The character is kept as one
/// Unicode scalar (sanitised text has one scalar per cell), so a cell is plain data: copying,
/// clearing and comparing a screen of them costs no reference counting.
struct Cell: Equatable, Sendable {
    var scalar: Unicode.Scalar
    var style: Style

    /// The cell's character (set from a `Character`, its first scalar is kept).
    var character: Character {
        get { Character(scalar) }
        set { scalar = newValue.unicodeScalars.first ?? " " }
    }

    init(_ character: Character = " ", style: Style = .plain) {
        self.scalar = character.unicodeScalars.first ?? " "
        self.style = style
    }

    init(scalar: Unicode.Scalar, style: Style = .plain) {
        self.scalar = scalar
        self.style = style
    }

    static let blank = Cell()
}
