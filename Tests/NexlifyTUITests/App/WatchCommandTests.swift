import Foundation
import Testing
import TestSupport

/// `watch --once` and `alert test` against real HTTP receivers on 127.0.0.1.
@Suite struct WatchCommandTests {
    private func config(_ scratch: ScratchDirectory, slack: String?, webhook: String?, extra: String = "") -> String {
        let slackPart = slack.map { #""slack": {"enabled": true, "webhook_url": "\#($0)"},"# } ?? ""
        let webhookPart = webhook.map { #""webhook": {"enabled": true, "url": "\#($0)"},"# } ?? ""
        return scratch.write("neural_config.json", #"{"training_dashboard": {"alerts": {"enabled": true, \#(slackPart) \#(webhookPart) \#(extra) "thresholds": "moderate"}}}"#)
    }

    private func run(_ scratch: ScratchDirectory, _ name: String, _ lines: [String]) -> String {
        scratch.write("\(name)/episodes.jsonl", lines.joined(separator: "\n") + "\n")
        return scratch.path + "/" + name
    }

    @Test func onceExitsZeroOneOrTwoAndDeliversEachAlertOnce() throws {
        let scratch = ScratchDirectory()
        let receiver = try HTTPReceiver()
        let configPath = config(scratch, slack: receiver.url + "/slack-SECRET-TOKEN", webhook: receiver.url + "/hook-SECRET-TOKEN")
        let healthy = run(scratch, "healthy", [#"{"episode": 0, "profit": 5, "loss": 0.5}"#, #"{"episode": 1, "profit": 6, "loss": 0.4}"#])
        let warning = run(scratch, "warning", [#"{"episode": 0, "profit": 5}"#, #"{"episode": 1, "profit": -900}"#])
        let critical = run(scratch, "critical", [#"{"episode": 0, "profit": 5, "loss": 0.5}"#, #"{"episode": 1, "profit": 6, "loss": NaN}"#])

        let ok = try BinaryRunner.run(["watch", "--run", healthy, "--config", configPath, "--once"])
        #expect(ok.status == 0, "\(ok.standardError)")
        let warned = try BinaryRunner.run(["watch", "--run", warning, "--config", configPath, "--once"])
        #expect(warned.status == 1)
        #expect(warned.standardOutput.contains("[WARNING] Profit below warning level"))
        let failed = try BinaryRunner.run(["watch", "--run", critical, "--config", configPath, "--once"])
        #expect(failed.status == 2)
        #expect(failed.standardOutput.contains("[CRITICAL] NaN or Infinity in loss"))
        #expect(failed.standardOutput.contains("was NaN or infinite at episode 1"))

        // Run again: the state beside the run remembers what was sent.
        let again = try BinaryRunner.run(["watch", "--run", warning, "--config", configPath, "--once"])
        #expect(again.status == 1)
        #expect(again.standardOutput.isEmpty)

        let bodies = receiver.requests.map(\.body)
        #expect(bodies.filter { $0.contains("profit_too_low") }.count == 1, "one webhook post for the warning")
        #expect(bodies.filter { $0.contains("Profit below warning level") && $0.contains("attachments") }.count == 1, "one Slack post")
        let audit = try String(contentsOfFile: warning + "/alerts.jsonl", encoding: .utf8)
        // The warning, and the run's best profit announced once (an info event).
        #expect(audit.split(separator: "\n").map { $0.contains("profit_too_low") ? "warning" : ($0.contains("new_best") ? "best" : "?") } == ["warning", "best"])
        for text in [ok.standardOutput, ok.standardError, warned.standardOutput, warned.standardError, failed.standardOutput, audit] {
            #expect(!text.contains("SECRET-TOKEN"))
        }
    }

    @Test func alertTestReportsEachChannelAndHidesSecrets() throws {
        let scratch = ScratchDirectory()
        let receiver = try HTTPReceiver(statuses: [200, 403, 403])
        let configPath = config(scratch, slack: receiver.url + "/SECRET-A", webhook: receiver.url + "/SECRET-B")
        let output = try BinaryRunner.run(["alert", "test", "--config", configPath])
        #expect(output.status == 1)
        #expect(output.standardOutput.contains("slack: delivered"))
        #expect(output.standardOutput.contains("webhook: FAILED — HTTP 403"))
        #expect(output.standardOutput.contains("(not retried)"))
        #expect(!(output.standardOutput + output.standardError).contains("SECRET"))
        #expect(receiver.requests.count == 2)

        let down = config(scratch, slack: nil, webhook: "http://127.0.0.1:9/SECRET-C")
        let refused = try BinaryRunner.run(["alert", "test", "--config", down])
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("webhook: FAILED — connection refused"))
        #expect(!refused.standardOutput.contains("SECRET"))
    }

    @Test func alertTestSendsEmailOverSTARTTLSAndExplainsAWrongPassword() throws {
        let scratch = ScratchDirectory()
        let server = try SMTPServer(user: "trainer", password: "Right-PASSWORD-1")
        func emailConfig(_ password: String) -> String {
            scratch.write("email-\(password).json", #"{"alerts": {"email": {"enabled": true, "smtp_host": "127.0.0.1", "smtp_port": \#(server.port), "username": "trainer", "password": "\#(password)", "to_addrs": ["ops@example.test"], "ca_file": "\#(server.certificate)"}}}"#)
        }
        let delivered = try BinaryRunner.run(["alert", "test", "--config", emailConfig("Right-PASSWORD-1")])
        #expect(delivered.status == 0, "\(delivered.standardOutput)\(delivered.standardError)")
        #expect(delivered.standardOutput.contains("email: delivered"))
        #expect(server.messages.count == 1)
        #expect(server.messages.first?.contains("Subject: [nexlify] [INFO] Test alert") == true)
        let rejected = try BinaryRunner.run(["alert", "test", "--config", emailConfig("Wrong-PASSWORD-2")])
        #expect(rejected.status == 1)
        #expect(rejected.standardOutput.contains("email: FAILED — authentication failed"))
        for text in [delivered.standardOutput, delivered.standardError, rejected.standardOutput, rejected.standardError] + server.messages {
            #expect(!text.contains("PASSWORD"))
        }
        let envConfig = scratch.write("env.json", #"{"alerts": {"email": {"enabled": true, "smtp_host": "127.0.0.1", "username": "u", "password_env": "NEXLIFY_TEST_UNSET_VARIABLE", "to_addrs": ["a@b"]}}}"#)
        let missingVariable = try BinaryRunner.run(["alert", "test", "--config", envConfig])
        #expect(missingVariable.status == 2)
        #expect(missingVariable.standardError.contains("alerts.email.password_env: the environment variable NEXLIFY_TEST_UNSET_VARIABLE is not set"))
    }

    @Test func anInvalidConfigIsRejectedWithTheFieldAndReason() throws {
        let scratch = ScratchDirectory()
        let bad = scratch.write("bad.json", #"{"alerts": {"slack": {"enabled": true, "webhook_url": "not a url SECRET"}}}"#)
        let output = try BinaryRunner.run(["alert", "test", "--config", bad])
        #expect(output.status == 2)
        #expect(output.standardError.contains("alerts.slack.webhook_url: not an http(s) URL"))
        #expect(!output.standardError.contains("SECRET"))
        let preset = scratch.write("preset.json", #"{"alerts": {"thresholds": "wild"}}"#)
        let presetOutput = try BinaryRunner.run(["watch", "--run", scratch.path, "--config", preset, "--once"])
        #expect(presetOutput.standardError.contains("alerts.thresholds: unknown preset \"wild\""))
    }
}

/// At-least-once delivery with the real binary: a receiver that never answers, a kill -9 in the
/// middle of a delivery, SIGTERM with deliveries under way, a corrupt state file.
@Suite struct WatchDeliveryTests {
    private func config(_ scratch: ScratchDirectory, _ name: String, webhook: String) -> String {
        scratch.write(name, #"{"training_dashboard": {"alerts": {"enabled": true, "webhook": {"enabled": true, "url": "\#(webhook)"}, "thresholds": "moderate", "disabled_rules": ["new_best"]}}}"#)
    }

    private func criticalRun(_ scratch: ScratchDirectory) -> String {
        scratch.write("run/episodes.jsonl", #"{"episode": 0, "profit": 5, "loss": 0.5}"# + "\n" + #"{"episode": 1, "profit": 6, "loss": NaN}"# + "\n")
        return scratch.path + "/run"
    }

    /// Starts `nexlify-tui arguments…` in the background with default signal handling.
    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryRunner.binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killedMidDeliveryTheAlertIsDeliveredAtTheNextStart() throws {
        let scratch = ScratchDirectory()
        let run = criticalRun(scratch)
        let hanging = try HTTPReceiver(answers: ["hang"])
        let watcher = try start(["watch", "--run", run, "--config", config(scratch, "hanging.json", webhook: hanging.url)])
        #expect(hanging.waitForRequests(1), "the alert never reached the receiver")
        kill(watcher.processIdentifier, SIGKILL)
        watcher.waitUntilExit()
        let state = try String(contentsOfFile: run + "/alert_state.json", encoding: .utf8)
        #expect(state.contains("\"pending\"") && state.contains("non_finite"), "the delivery under way is pending on disk")

        let receiver = try HTTPReceiver()
        let restarted = try BinaryRunner.run(["watch", "--run", run, "--config", config(scratch, "working.json", webhook: receiver.url), "--once"])
        #expect(restarted.status == 2)
        let bodies = receiver.requests.map(\.body)
        #expect(bodies.count == 1 && bodies[0].contains("\"rule\":\"non_finite\"") && bodies[0].contains("\"status\":\"firing\""), "\(bodies)")
        #expect(!bodies.contains { $0.contains("\"status\":\"resolved\"") })
        // Delivered now: a third start sends nothing.
        let third = try BinaryRunner.run(["watch", "--run", run, "--config", config(scratch, "working.json", webhook: receiver.url), "--once"])
        #expect(third.status == 2 && receiver.requests.count == 1)
    }

    @Test func sigtermWithAHangingReceiverExitsWithinTheGraceAndKeepsThePending() throws {
        let scratch = ScratchDirectory()
        let run = criticalRun(scratch)
        let hanging = try HTTPReceiver(answers: ["hang"])
        let watcher = try start(["watch", "--run", run, "--config", config(scratch, "hanging.json", webhook: hanging.url)])
        #expect(hanging.waitForRequests(1))
        let start = Date()
        kill(watcher.processIdentifier, SIGTERM)
        watcher.waitUntilExit()
        let took = Date().timeIntervalSince(start)
        #expect(took < 3.5, "took \(took) s to exit")
        #expect(watcher.terminationStatus == 128 + SIGTERM)
        #expect(try String(contentsOfFile: run + "/alert_state.json", encoding: .utf8).contains("non_finite"))
    }

    @Test func onceTwiceOnUnchangedFilesSendsNoSpuriousResolved() throws {
        let scratch = ScratchDirectory()
        let run = criticalRun(scratch)
        let receiver = try HTTPReceiver()
        let path = config(scratch, "config.json", webhook: receiver.url)
        for _ in 0..<3 { #expect(try BinaryRunner.run(["watch", "--run", run, "--config", path, "--once"]).status == 2) }
        #expect(receiver.requests.count == 1 && receiver.requests[0].body.contains("\"status\":\"firing\""))
    }

    @Test func aCorruptStateFileIsReportedOnceAndKeptAside() throws {
        let scratch = ScratchDirectory()
        let run = criticalRun(scratch)
        scratch.write("run/alert_state.json", "/*\"*/2E+")
        let receiver = try HTTPReceiver()
        let path = config(scratch, "config.json", webhook: receiver.url)
        let first = try BinaryRunner.run(["watch", "--run", run, "--config", path, "--once"])
        #expect(first.status == 2)
        #expect(first.standardError.contains("alert_state.json was unreadable (not valid JSON: unexpected '/' where a value should be at byte 0); kept as alert_state.json.corrupt-"), "\(first.standardError)")
        #expect(receiver.requests.count == 1, "the rules start again from the data")
        let second = try BinaryRunner.run(["watch", "--run", run, "--config", path, "--once"])
        #expect(!second.standardError.contains("unreadable"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).contains { $0.hasPrefix("alert_state.json.corrupt-") })
    }
}

/// What `watch` prints about a run comes from the run's files: escape sequences in a metric's
/// name, or in a config value echoed by an error, never reach the terminal.
@Suite struct WatchOutputSanitisingTests {
    @Test func alertLinesAndConfigErrorsAreEscaped() throws {
        let scratch = ScratchDirectory()
        scratch.write("run/episodes.jsonl", #"{"episode": 0, "profit": 5, "\u001b]2;PWNED\u0007loss\nFAKE": NaN}"# + "\n")
        let config = scratch.write("config.json", #"{"alerts": {"enabled": true}}"#)
        let watch = try BinaryRunner.run(["watch", "--run", scratch.path + "/run", "--config", config, "--once"])
        #expect(watch.status == 2)
        #expect(watch.standardOutput.contains(#"[CRITICAL] NaN or Infinity in \u001b]2;PWNED\u0007loss\nFAKE"#), "\(watch.standardOutput)")
        let bad = scratch.write("bad.json", #"{"alerts": {"disabled_rules": ["\u001b[2J\u001b]0;T\u0007"]}}"#)
        let rejected = try BinaryRunner.run(["watch", "--run", scratch.path + "/run", "--config", bad, "--once"])
        #expect(rejected.status == 2 && rejected.standardError.contains("unknown rule"), "\(rejected.standardError)")
        for text in [watch.standardOutput, watch.standardError, rejected.standardError] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(text.debugDescription)")
            #expect(!text.split(separator: "\n").contains { $0.hasPrefix("FAKE") })
        }
    }
}

/// The training script's own alerts (the seed's `alerts.log`) are shown, never sent again.
@Suite struct TrainerAlertsCommandTests {
    @Test func snapshotShowsThemAndWatchDoesNotResendThem() throws {
        let scratch = ScratchDirectory()
        scratch.write("logs/dqn/episodes.jsonl", #"{"episode": 0, "profit": 5, "loss": 0.5}"# + "\n")
        scratch.write("logs/alerts.log", #"{"timestamp": "2026-12-01T06:21:00.1", "level": "critical", "title": "NaN Value Detected", "message": "loss is NaN\u001b]2;x\u0007", "data": {}}"# + "\n")
        let snapshot = try BinaryRunner.run(["snapshot", "--run", scratch.path + "/logs/dqn", "--color"], environment: ["COLORTERM": "truecolor"])
        #expect(snapshot.status == 0)
        #expect(snapshot.standardOutput.contains("06:21:00 NaN Value Detected: loss is NaN]2;x"), "\(snapshot.standardOutput.suffix(600))")
        #expect(!snapshot.standardOutput.contains("\u{1B}]2;"), "sanitised")
        let receiver = try HTTPReceiver()
        let config = scratch.write("config.json", #"{"alerts": {"enabled": true, "webhook": {"enabled": true, "url": "\#(receiver.url)"}, "disabled_rules": ["new_best"]}}"#)
        let watch = try BinaryRunner.run(["watch", "--run", scratch.path + "/logs/dqn", "--config", config, "--once"])
        #expect(watch.status == 0 && receiver.requests.isEmpty, "\(receiver.requests.map(\.body))")
    }
}

/// Durations of any size in the config file: `watch` names the key and exits 2, never traps.
@Suite struct WatchConfigRangeTests {
    @Test(arguments: ["stall_seconds", "repeat_seconds", "throttle_window_seconds", "retry_delay_seconds"])
    func aDurationOutOfRangeIsNamed(key: String) throws {
        let scratch = ScratchDirectory()
        let run = scratch.write("run/episodes.jsonl", "{\"episode\": 0, \"profit\": 1}\n")
        for value in ["1e300", "-1e300", "9.3e18", "-1"] {
            let config = scratch.write("config.json", "{\"alerts\": {\"\(key)\": \(value)}}")
            let result = try BinaryRunner.run(["watch", "--run", run, "--config", config, "--once"])
            #expect(result.status == 2 && result.standardError.contains("alerts.\(key): expected a number from"), "\(value): \(result.standardError)")
        }
    }
}
