import Foundation
import Testing
@testable import AlertKit

/// Each alert channel reads its own block of the config, and the kinds table is the only list
/// of them: the config turns channels on in the table's order, each with its secrets.
@Suite struct ChannelSettingsTests {
    @Test func everyKindReadsItsOwnBlockInTheTablesOrder() throws {
        #expect(ChannelKinds.all.map { $0.key } == ["slack", "webhook", "email", "alertmanager"])
        let text = #"""
            {"alerts": {
              "email": {"enabled": true, "smtp_host": "127.0.0.1", "smtp_port": 2525, "username": "me", "password": "pw-SECRET", "to_addrs": ["a@b"]},
              "webhook": {"url": "https://ops.example/hook-SECRET"},
              "slack": {"enabled": true, "webhook_url": "https://hooks.slack.com/services/T/B/SECRET"}}}
            """#
        let config = try AlertConfig.parse(Data(text.utf8))
        #expect(config.channels.count == 3)
        #expect(config.channels[0] is SlackChannel.Settings && config.channels[1] is WebhookChannel.Settings && config.channels[2] is EmailChannel.Settings)
        #expect(Set(config.secrets) == ["pw-SECRET", "https://ops.example/hook-SECRET", "https://hooks.slack.com/services/T/B/SECRET"])
        #expect(try config.makeChannels().map(\.name) == ["slack", "webhook", "email"])
        #expect(config.channel(EmailChannel.Settings.self)?.port == 2525)
    }

    @Test func aBlockIsOnByItsKindsDefaultUnlessItSaysOtherwise() throws {
        let off = try AlertConfig.parse(Data(#"{"alerts": {"slack": {"enabled": false, "webhook_url": "x"}, "email": {"smtp_host": "h", "to_addrs": ["a@b"]}}}"#.utf8))
        #expect(off.channels.isEmpty, "slack switched off; email is off unless enabled")
        #expect(throws: ConfigFailure(field: "alerts.webhook.url", reason: "not an http(s) URL")) {
            try AlertConfig.parse(Data(#"{"alerts": {"webhook": {"url": "ftp://x"}}}"#.utf8))
        }
    }
}
