import ArgumentParser
import Foundation

/// Options shared by the dashboard and `snapshot`: theme and drawing characters.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "Theme: cyberpunk, dark, light, or the path of a .theme file (default: cyberpunk, or the config's training_dashboard.theme).")
    var theme: String?

    /// The theme asked for, else `fallback` (a config's), else cyberpunk.
    func themeName(orElse fallback: String? = nil) -> String { theme ?? fallback ?? "cyberpunk" }

    @Flag(name: .long, help: "Draw charts with plain ASCII characters instead of braille.")
    var ascii = false

    func loadTheme(orElse fallback: String? = nil) throws -> Theme {
        do {
            return try Theme.load(themeName(orElse: fallback))
        } catch let problem as Theme.Failure {
            throw failure(problem.description, exitCode: 2)
        }
    }
}
