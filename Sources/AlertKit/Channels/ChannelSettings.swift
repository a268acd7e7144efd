/// What the config says of one alert channel: enough to make it, and the values never to show.
/// Each channel's settings live in the channel's own file and are read from its block of the
/// config (`ConfiguredChannelSettings`); `ChannelKinds.all` lists them, so a new channel is one
/// file plus one row.
///
/// ```swift
/// let config = try AlertConfig.parse(Data(#"{"alerts": {"webhook": {"url": "https://ops.example/hook"}}}"#.utf8))
/// config.channel(WebhookChannel.Settings.self)?.url   // "https://ops.example/hook"
/// try config.channels.map { try $0.makeChannel() }
/// ```
public protocol ChannelSettings: Sendable {
    /// Values never to show in messages and logs (webhook URLs, passwords).
    var secrets: [String] { get }
    func makeChannel() throws -> AlertChannel
}

/// Settings read from the channel's block of the alert config.
protocol ConfiguredChannelSettings: ChannelSettings {
    /// The block's key (`"slack"`).
    static var key: String { get }
    /// Whether a block without `"enabled"` turns the channel on.
    static var enabledByDefault: Bool { get }
    /// Reads the block; a bad field fails with its full name.
    init(block: FieldReader) throws
}
