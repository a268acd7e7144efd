import Foundation

/// Reads the bytes of a theme file as `--theme PATH` does, for tools that check theme files
/// (and the fuzzer): how many roles it sets and the lines it did not understand.
///
/// ```swift
/// ThemeFile.read(Array("profit = #00ff00\nbad line".utf8))   // (roles: 1, warnings: ["line 2: expected key = #rrggbb"])
/// ```
public enum ThemeFile {
    public static func read(_ bytes: [UInt8]) -> (roles: Int, warnings: [String]) {
        let theme = Theme.parse(String(decoding: bytes, as: UTF8.self), name: "file", fallback: nil)
        return (Theme.Role.allCases.filter { theme.has($0) }.count, theme.warnings)
    }
}
