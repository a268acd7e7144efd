import ArgumentParser
import Foundation

/// Options shared by the dashboard and `snapshot`: theme and drawing characters.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "Theme: cyberpunk, dark, light, or the path of a .theme file.")
    var theme = "cyberpunk"

    @Flag(name: .long, help: "Draw charts with plain ASCII characters instead of braille.")
    var ascii = false

    func loadTheme() throws -> Theme {
        do {
            return try Theme.load(theme)
        } catch let problem as Theme.Failure {
            throw failure(problem.description, exitCode: 2)
        }
    }
}
