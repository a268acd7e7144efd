import Foundation
import MetricsKit
import Testing
import TestSupport

/// `export` serving a directory of runs, scraped by a real Prometheus on 127.0.0.1 and read
/// back through its HTTP API: what Prometheus holds equals what `summary --json` says.
@Suite(.serialized) struct ExportCommandTests {
    /// A run with every role's metric, 60 episodes (so the recent average is of the last 50).
    private func writeRun(_ scratch: ScratchDirectory, _ name: String, profitShift: Double) {
        var episodes: [String] = []
        var models: [String] = []
        for episode in 0..<60 {
            let profit = Double(episode % 17) * 3.5 - 20 + profitShift
            episodes.append(#"{"episode": \#(episode), "profit": \#(profit), "sharpe": \#(Double(episode) / 40), "win_rate": 0.55, "#
                + #""drawdown": -\#(Double(episode % 5)), "epsilon": \#(1 - Double(episode) / 100), "learning_rate": 0.0003}"#)
            models.append(#"{"episode": \#(episode), "loss": \#(2.0 / Double(episode + 1)), "q_values": {"mean": \#(Double(episode) / 10), "std": 1}}"#)
        }
        _ = scratch.write("runs/\(name)/episodes.jsonl", episodes.joined(separator: "\n") + "\n{broken\n")
        _ = scratch.write("runs/\(name)/model_metrics.jsonl", models.joined(separator: "\n") + "\n")
    }

    private func startExport(_ arguments: [String]) throws -> (process: BackgroundProcess, url: String) {
        let process = try BackgroundProcess(BinaryRunner.binary, ["export", "--listen", "127.0.0.1:0", "--interval", "1"] + arguments)
        let line = try #require(process.nextLine(), "export said nothing")
        let url = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }, "no address in: \(line)")
        return (process, String(url))
    }

    @Test func aScrapeServesEveryRunsFiguresAndRuleStates() throws {
        let scratch = ScratchDirectory()
        writeRun(scratch, "dqn", profitShift: 0)
        writeRun(scratch, "ppo \"quoted\"", profitShift: -900)
        let (process, url) = try startExport(["--run", scratch.path + "/runs", "--host", "gpu1", "--metric", "win_rate", "--metric", "absent"])
        let response = try #require(HTTPFetch.get(url))
        #expect(response.status == 200 && response.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(response.body.contains(#"nexlify_episodes{run="dqn",host="gpu1"} 60"#))
        #expect(response.body.contains(#"nexlify_skipped_lines{run="dqn",host="gpu1"} 1"#))
        #expect(response.body.contains(#"run="ppo \"quoted\"""#))
        #expect(response.body.contains(#"nexlify_alert_firing{run="ppo \"quoted\"",host="gpu1",rule="profit_too_low",severity="warning"} 1"#))
        #expect(response.body.contains(#"nexlify_alert_firing{run="dqn",host="gpu1",rule="profit_too_low",severity="warning"} 0"#))
        #expect(response.body.contains(#"nexlify_metric{run="dqn",host="gpu1",metric="win_rate"} 0.55"#))
        #expect(!response.body.contains(#"metric="absent""#))
        let open = try #require(HTTPFetch.get(url, headers: ["Accept": "application/openmetrics-text;version=1.0.0"]))
        #expect(open.contentType == "application/openmetrics-text; version=1.0.0; charset=utf-8" && open.body.hasSuffix("# EOF\n"))
        #expect(HTTPFetch.get(url.replacingOccurrences(of: "/metrics", with: "/nothing"))?.status == 404)
        #expect(process.isRunning)
    }

    /// A TensorBoard run and the guide's snapshot series are served as `summary` reads them; a
    /// FIFO given as the log is refused by name.
    @Test func everyFormatIsServedAsSummaryReadsIt() throws {
        let scratch = ScratchDirectory()
        let tensorBoard = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tensorboard/scalars").path
        let episodes = (0..<7).map { #"{"timestamp": "2026-12-01T06:20:4\#($0).5", "episode": \#($0), "profit": \#($0).5}"# }
        _ = scratch.write("seed/dqn_20261201_062048.json", #"{"experiment_name": "dqn", "timestamp": "20261201_062048", "episode_metrics": ["#
                          + episodes.joined(separator: ",") + #"], "model_metrics": []}"#)
        for (run, name) in [(tensorBoard, "scalars"), (scratch.path + "/seed/dqn", "dqn")] {
            let summary = try BinaryRunner.run(["summary", "--run", run, "--json"])
            let figures = try #require(JSONSerialization.jsonObject(with: Data(summary.standardOutput.utf8)) as? [String: Any])
            let count = try #require(figures["episodes"] as? Int)
            #expect(count > 0)
            let (process, url) = try startExport(["--run", run, "--host", "h"])
            let body = try #require(HTTPFetch.get(url)).body
            #expect(body.contains(#"nexlify_episodes{run="\#(name)",host="h"} \#(count)"#), "\(body.prefix(600))")
            withExtendedLifetime(process) {}
        }
        let fifo = scratch.path + "/fifo/episodes.jsonl"
        try FileManager.default.createDirectory(atPath: scratch.path + "/fifo", withIntermediateDirectories: true)
        #expect(mkfifo(fifo, 0o600) == 0)
        let refused = try BinaryRunner.run(["export", "--listen", "127.0.0.1:0", "--run", fifo])
        #expect(refused.status == 2 && refused.standardError.contains("is a FIFO (named pipe), not a log file"), "\(refused.standardError)")
    }

    @Test func prometheusHoldsWhatSummarySays() async throws {
        let scratch = ScratchDirectory()
        writeRun(scratch, "dqn", profitShift: 0)
        let (process, url) = try startExport(["--run", scratch.path + "/runs"])
        let target = url.replacingOccurrences(of: "http://", with: "").replacingOccurrences(of: "/metrics", with: "")
        try FileManager.default.createDirectory(atPath: scratch.path + "/prometheus", withIntermediateDirectories: true)
        let prometheus = try PrometheusServer(scraping: [target], in: scratch.path + "/prometheus")
        let summary = try BinaryRunner.run(["summary", "--json", "--run", scratch.path + "/runs/dqn"])
        // Our reader, not JSONSerialization (which rounds 0.41000000000000003 to 0.41).
        guard case .object(let expected) = try JSONReader.value(of: Data(summary.standardOutput.utf8)) else {
            Issue.record("summary --json gave no object: \(summary.standardOutput)")
            return
        }
        let pairs: [(metric: String, key: String)] = [
            ("nexlify_episodes", "episodes"), ("nexlify_latest_episode", "latest_episode"), ("nexlify_best_profit", "best_profit"),
            ("nexlify_best_episode", "best_episode"), ("nexlify_recent_average_profit", "recent_average_profit"),
            ("nexlify_sharpe", "latest_sharpe"), ("nexlify_epsilon", "latest_epsilon"), ("nexlify_loss", "latest_loss"),
            ("nexlify_skipped_lines", "skipped_lines"),
        ]
        for (metric, key) in pairs {
            let samples = await prometheus.samples(of: metric + #"{run="dqn"}"#)
            guard case .number(let value)? = expected[key] else {
                Issue.record("summary has no \(key)")
                continue
            }
            #expect(samples.count == 1 && samples.first?.value == value, "\(metric): \(samples.map(\.value)) vs summary's \(key) \(value)")
            #expect(samples.first?.labels["job"] == "nexlify" && samples.first?.labels["host"] != nil)
        }
        #expect(await prometheus.samples(of: #"nexlify_win_rate{run="dqn"}"#).first?.value == 0.55)
        #expect(await prometheus.samples(of: #"nexlify_q_mean{run="dqn"}"#).first?.value == 5.9)
        #expect(await prometheus.samples(of: #"nexlify_alert_firing{run="dqn",rule="loss_too_high"}"#).first?.value == 0)
        // Scrapes went well: Prometheus took the exposition as it is.
        #expect(await prometheus.samples(of: #"up{job="nexlify"}"#).first?.value == 1)
        #expect(process.isRunning)
    }
}
