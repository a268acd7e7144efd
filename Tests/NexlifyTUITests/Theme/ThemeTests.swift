import Foundation
import Testing
@testable import NexlifyTUI

@Suite struct ThemeTests {
    private static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

    @Test(arguments: BuiltInThemes.names)
    func theShippedFilesAreTheBuiltInThemes(name: String) throws {
        let file = try String(contentsOf: Self.themesDirectory.appendingPathComponent("\(name).theme"), encoding: .utf8)
        #expect(file == BuiltInThemes.text(named: name))
        let theme = try #require(Theme.builtIn(name))
        #expect(theme.warnings.isEmpty)
        for role in Theme.Role.allCases {
            #expect(file.contains("\n\(role.rawValue) = "), "\(name) lacks \(role.rawValue)")
        }
    }

    @Test func aUsersFileOverridesSomeKeysAndFallsBackForTheRest() throws {
        let path = NSTemporaryDirectory() + "mine-\(UUID().uuidString).theme"
        try """
            # my theme
            profit = #112233
            border = "#445566"
            sparkle = #ffffff
            loss = not-a-colour
            this line has no equals sign
            """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let theme = try Theme.load(path)
        #expect(theme[.profit] == RGB(0x11, 0x22, 0x33))
        #expect(theme[.border] == RGB(0x44, 0x55, 0x66))
        #expect(theme[.loss] == Theme.cyberpunk[.loss])
        #expect(theme[.background] == Theme.cyberpunk[.background])
        #expect(theme.warnings.count == 2)
    }

    @Test func anUnknownThemeSaysWhatToUse() {
        #expect(throws: Theme.Failure.self) { try Theme.load("neon-dreams") }
        do {
            _ = try Theme.load("neon-dreams")
        } catch {
            #expect("\(error)".contains("cyberpunk, dark, light"))
        }
    }

    @Test func colourDepthFollowsTheTerminalAndNoColor() {
        #expect(ColorDepth.detect(environment: ["COLORTERM": "truecolor"], terminalColors: 256) == .trueColor)
        #expect(ColorDepth.detect(environment: [:], terminalColors: 256) == .palette256)
        #expect(ColorDepth.detect(environment: [:], terminalColors: 8) == .palette8)
        #expect(ColorDepth.detect(environment: [:], terminalColors: 0) == .monochrome)
        #expect(ColorDepth.detect(environment: ["NO_COLOR": "1", "COLORTERM": "truecolor"], terminalColors: 256) == .monochrome)
        #expect(ColorDepth.detect(environment: ["NO_COLOR": ""], terminalColors: 256) == .palette256)
    }

    @Test func coloursMapToTheNearestPaletteEntry() {
        #expect(ColorDepth.xterm256(RGB(255, 0, 0)) == 196)
        #expect(ColorDepth.xterm256(RGB(0, 0, 0)) == 16)
        #expect(ColorDepth.xterm256(RGB(128, 128, 128)) == 244)
        #expect(ColorDepth.basic8(RGB(250, 10, 10)) == 1)
        #expect(ColorDepth.basic8(RGB(10, 240, 240)) == 6)
        #expect(ColorDepth.palette8.index(for: RGB(0, 0, 0)) == 0)
        #expect(ColorDepth.trueColor.index(for: RGB(1, 2, 3)) == nil)
    }

    @Test func ansiOutputMatchesTheDepth() {
        var buffer = CellBuffer(width: 2, height: 1)
        buffer.write("ab", x: 0, y: 0, style: Style(foreground: RGB(255, 0, 0), bold: true))
        #expect(AnsiEncoder.encode(buffer, depth: .trueColor) == "\u{1B}[0;1;38;2;255;0;0mab\u{1B}[0m\n")
        #expect(AnsiEncoder.encode(buffer, depth: .palette256) == "\u{1B}[0;1;38;5;196mab\u{1B}[0m\n")
        #expect(AnsiEncoder.encode(buffer, depth: .palette8) == "\u{1B}[0;1;31mab\u{1B}[0m\n")
        #expect(AnsiEncoder.encode(buffer, depth: .monochrome) == "\u{1B}[0;1mab\u{1B}[0m\n")
    }
}
