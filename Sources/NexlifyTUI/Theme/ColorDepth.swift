/// How many colours the terminal can show, chosen from the environment and terminfo: 24-bit
/// (`COLORTERM=truecolor`), the 256-colour palette, the 8 basic colours, or none (`NO_COLOR`,
/// or a terminal without colour). Theme colours are mapped down to the nearest one available.
///
/// ```swift
/// ColorDepth.detect(environment: ["COLORTERM": "truecolor"], terminalColors: 256)   // .trueColor
/// ColorDepth.palette256.index(for: RGB(255, 0, 0))                                   // 196
/// ```
enum ColorDepth: String, Sendable, CaseIterable {
    case trueColor, palette256, palette8, monochrome

    static func detect(environment: [String: String], terminalColors: Int) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if (colorTerm == "truecolor" || colorTerm == "24bit") && terminalColors >= 8 { return .trueColor }
        if terminalColors >= 256 { return .palette256 }
        if terminalColors >= 8 { return .palette8 }
        return .monochrome
    }

    /// The palette index for `color` (nil in true colour and monochrome).
    func index(for color: RGB) -> Int? {
        switch self {
        case .trueColor, .monochrome: return nil
        case .palette256: return Self.xterm256(color)
        case .palette8: return Self.basic8(color)
        }
    }

    /// Nearest entry of the xterm 6×6×6 cube or grey ramp.
    static func xterm256(_ color: RGB) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ value: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(value)) < abs(levels[$1] - Int(value)) }!
        }
        let (r, g, b) = (nearestLevel(color.red), nearestLevel(color.green), nearestLevel(color.blue))
        let cube = 16 + 36 * r + 6 * g + b
        let cubeDistance = distance(color, (levels[r], levels[g], levels[b]))
        let average = (Int(color.red) + Int(color.green) + Int(color.blue)) / 3
        let grey = min(23, max(0, (average - 8 + 5) / 10))
        let greyValue = 8 + grey * 10
        return distance(color, (greyValue, greyValue, greyValue)) < cubeDistance ? 232 + grey : cube
    }

    /// Nearest of the 8 basic ANSI colours (black, red, green, yellow, blue, magenta, cyan, white).
    static func basic8(_ color: RGB) -> Int {
        let basics = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]
        return basics.indices.min { distance(color, basics[$0]) < distance(color, basics[$1]) }!
    }

    private static func distance(_ color: RGB, _ other: (Int, Int, Int)) -> Int {
        let dr = Int(color.red) - other.0
        let dg = Int(color.green) - other.1
        let db = Int(color.blue) - other.2
        return dr * dr + dg * dg + db * db
    }
}
