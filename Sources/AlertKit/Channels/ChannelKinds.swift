/// The alert channels the config can turn on, one row each, in the order they are made.
///
/// ```swift
/// ChannelKinds.all.map { $0.key }   // ["slack", "webhook", "email", "alertmanager"]
/// ```
enum ChannelKinds {
    static let all: [any ConfiguredChannelSettings.Type] = [
        SlackChannel.Settings.self,
        WebhookChannel.Settings.self,
        EmailChannel.Settings.self,
        AlertmanagerChannel.Settings.self,
    ]
}
