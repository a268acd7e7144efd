import Foundation

/// The one way command output reaches standard output and standard error: text from files (ids,
/// names, paths, reasons, alert messages, config values) can hold escape sequences, and none may
/// reach the terminal. `field` makes one value printable on one line (a newline in a name shows as
/// `\n` instead of faking a row); `out` and `error` write lines after escaping every control
/// character but the newlines and tabs the command itself laid out.
///
/// ```swift
/// Console.out("\(Console.field(id))  running")     // "dqn\u001b]2;x  running"
/// Console.report("no experiment \(id)")             // "nexlify-tui: no experiment …" on standard error
/// ```
enum Console {
    /// `text` with every control character, including newlines, escaped: one printable line.
    static func field(_ text: String) -> String {
        escaped(text, keepingLayout: false)
    }

    /// Writes `text` and a newline to standard output.
    static func out(_ text: String) {
        write(escaped(text, keepingLayout: true) + "\n", to: STDOUT_FILENO)
    }

    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        write(escaped(text, keepingLayout: true) + "\n", to: STDERR_FILENO)
    }

    /// Writes `nexlify-tui: <message>` to standard error, as one line (anything from a file in
    /// the message is escaped).
    static func report(_ message: String) {
        error("nexlify-tui: " + field(message))
    }

    /// Escapes C0 and C1 control characters, DEL and the invisible format characters that reorder
    /// or hide text (bidi overrides, zero-width joiners) as `\n`, `\t` or `\u001b`; with
    /// `keepingLayout`, newlines and tabs are kept.
    static func escaped(_ text: String, keepingLayout: Bool) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = value < 0x20 || (value >= 0x7F && value < 0xA0) || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator
            guard control else {
                result.append(scalar)
                continue
            }
            switch value {
            case 0x0A: result.append(contentsOf: keepingLayout ? "\n".unicodeScalars : "\\n".unicodeScalars)
            case 0x09: result.append(contentsOf: keepingLayout ? "\t".unicodeScalars : "\\t".unicodeScalars)
            case 0x0D: result.append(contentsOf: "\\r".unicodeScalars)
            default:
                let hex = String(value, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            }
        }
        return String(result)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        // Standard output is buffered by `print` elsewhere (ArgumentParser's help): flush it first.
        fflush(nil)
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Foundation.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
