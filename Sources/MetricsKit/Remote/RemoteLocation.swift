/// A run on another machine, named as scp and ssh name it: `host:path`, `user@host:path`, or
/// `ssh://user@host:port/path`. A local path is never taken for one: a name with a `/` before
/// its first `:` (`./a:b`, `/data/x:y`) or with nothing before the `:` is a local path, as scp
/// decides.
///
/// Everything that reaches `ssh`'s command line is checked first: the host and user are plain
/// names (letters, digits, `.`, `-`, `_`, and `[…]` around an IPv6 address), never starting with
/// `-` (so they cannot be taken for an option), the port is a number, and the path holds no
/// newline or NUL (it travels in a line of the remote reader's protocol).
///
/// ```swift
/// let location = try RemoteLocation.parse("me@gpu1:training_logs/dqn")!
/// location.host            // "gpu1"
/// location.display         // "me@gpu1:training_logs/dqn"
/// RemoteLocation.looksRemote("training_logs/dqn")   // false
/// ```
public struct RemoteLocation: Hashable, Sendable, CustomStringConvertible {
    /// Why a name that looks remote cannot be used.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public let user: String?
    public let host: String
    public let port: Int?
    /// The path on the host: relative to the login's home directory unless it starts with `/`.
    public let path: String

    public init(user: String?, host: String, port: Int?, path: String) throws(Failure) {
        guard Self.isPlainName(host, allowBrackets: true) else {
            throw Failure(description: "\(host.debugDescription) is not a host name (letters, digits, '.', '-', '_'; not starting with '-')")
        }
        if let user, !Self.isPlainName(user, allowBrackets: false) {
            throw Failure(description: "\(user.debugDescription) is not a user name (letters, digits, '.', '-', '_'; not starting with '-')")
        }
        if let port, !(1...65535).contains(port) { throw Failure(description: "port \(port) is not between 1 and 65535") }
        guard !path.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) else {
            throw Failure(description: "the remote path holds a line break or NUL: name another path")
        }
        self.user = user
        self.host = host
        self.port = port
        // `~/x` is `x` in the home directory, where the remote reader starts (`~` is not expanded
        // inside the quotes the path travels in).
        var path = path.isEmpty || path == "~" ? "." : path
        if path.hasPrefix("~/") { path.removeFirst(2) }
        self.path = path.isEmpty ? "." : path
    }

    /// Whether `argument` names a remote run rather than a local path.
    public static func looksRemote(_ argument: String) -> Bool {
        if argument.hasPrefix("ssh://") { return true }
        guard let colon = argument.firstIndex(of: ":") else { return false }
        let before = argument[..<colon]
        return !before.isEmpty && !before.contains("/")
    }

    /// The remote location `argument` names, nil when it names a local path.
    public static func parse(_ argument: String) throws(Failure) -> RemoteLocation? {
        guard looksRemote(argument) else { return nil }
        if argument.hasPrefix("ssh://") { return try parseURL(String(argument.dropFirst("ssh://".count))) }
        // `[::1]:path`: the colon that ends the host comes after the bracket.
        let hostEnd: String.Index
        if let open = argument.firstIndex(of: "["), let close = argument.firstIndex(of: "]"), open < close,
           argument[argument.index(after: close)...].first == ":" {
            hostEnd = argument.index(after: close)
        } else {
            hostEnd = argument.firstIndex(of: ":")!
        }
        let (user, host) = splitUser(String(argument[..<hostEnd]))
        return try RemoteLocation(user: user, host: host, port: nil, path: String(argument[argument.index(after: hostEnd)...]))
    }

    private static func parseURL(_ rest: String) throws(Failure) -> RemoteLocation {
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(authority.count))
        // ssh://host/~/x and ssh://host/x: a path after the authority is absolute unless it starts with /~.
        if path.hasPrefix("/~") { path.removeFirst() }
        let (user, hostAndPort) = splitUser(String(authority))
        var host = hostAndPort
        var port: Int?
        if let colon = hostAndPort.lastIndex(of: ":"), !hostAndPort[colon...].contains("]") {
            guard let number = Int(hostAndPort[hostAndPort.index(after: colon)...]) else {
                throw Failure(description: "ssh://\(String(authority.debugDescription)): the port is not a number")
            }
            port = number
            host = String(hostAndPort[..<colon])
        }
        return try RemoteLocation(user: user, host: host, port: port, path: path.isEmpty ? "." : path)
    }

    private static func splitUser(_ authority: String) -> (String?, String) {
        guard let at = authority.lastIndex(of: "@") else { return (nil, authority) }
        return (String(authority[..<at]), String(authority[authority.index(after: at)...]))
    }

    private static func isPlainName(_ name: String, allowBrackets: Bool) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "-") else { return false }
        var body = Substring(name)
        if allowBrackets, name.hasPrefix("["), name.hasSuffix("]"), name.count > 2 {
            body = name.dropFirst().dropLast()
            return body.utf8.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        return body.utf8.allSatisfy { byte in
            isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// The host as ssh is given it, with the user: `me@gpu1`.
    public var destination: String { user.map { "\($0)@\(host)" } ?? host }

    /// The connection: one per distinct user, host and port.
    public var link: RemoteLocation.Link { Link(user: user, host: host, port: port) }

    /// How the run is named in the runs view and status line: `gpu1:training_logs/dqn`.
    public var display: String { "\(destination)\(port.map { ":\($0)" } ?? ""):\(path)" }

    public var description: String { display }

    /// One SSH connection's end: the runs named on the same user, host and port share it.
    public struct Link: Hashable, Sendable, CustomStringConvertible {
        public let user: String?
        public let host: String
        public let port: Int?

        /// `gpu1`, `me@gpu1`, `me@gpu1:2222`: how the status line names it.
        public var description: String { (user.map { "\($0)@" } ?? "") + host + (port.map { ":\($0)" } ?? "") }
    }
}
