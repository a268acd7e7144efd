import Foundation

/// A real Prometheus (Debian's `prometheus`, which `.ci/run` installs) on a loopback port,
/// scraping the given targets every second into a scratch database; queried through its HTTP API.
public final class PrometheusServer {
    public let url: String
    private let process: BackgroundProcess

    /// Starts it and waits (at most 60 s) until its API answers.
    public init(scraping targets: [String], in directory: String) throws {
        let binary = "/usr/bin/prometheus"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BackgroundProcess.Failure(description: "prometheus is not installed (apt-get install prometheus; .ci/run does)")
        }
        let config = (directory as NSString).appendingPathComponent("prometheus.yml")
        let list = targets.map { "'\($0)'" }.joined(separator: ", ")
        try """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: nexlify
                static_configs:
                  - targets: [\(list)]
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let port = HTTPFetch.freePort()
        url = "http://127.0.0.1:\(port)"
        process = try BackgroundProcess(binary, ["--config.file=\(config)", "--storage.tsdb.path=\(directory)/tsdb",
                                                 "--web.listen-address=127.0.0.1:\(port)"],
                                        errorLog: (directory as NSString).appendingPathComponent("prometheus.log"))
        try process.waitUntilReady(url + "/-/ready", what: "prometheus", log: (directory as NSString).appendingPathComponent("prometheus.log"))
    }

    /// The samples of an instant query: each series' labels and value.
    public func query(_ expression: String) -> [(labels: [String: String], value: Double)] {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        guard let body = HTTPFetch.get(url + "/api/v1/query?query=" + encoded)?.body.data(using: .utf8),
              let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let data = json["data"] as? [String: Any], let results = data["result"] as? [[String: Any]] else { return [] }
        return results.compactMap { result in
            guard let labels = result["metric"] as? [String: String], let pair = result["value"] as? [Any], pair.count == 2,
                  let text = pair[1] as? String, let value = Double(text) else { return nil }
            return (labels, value)
        }
    }

    /// Waits (at most `timeout` seconds, without holding a thread) until `expression` has a
    /// sample and gives the samples.
    public func samples(of expression: String, timeout: TimeInterval = 30) async -> [(labels: [String: String], value: Double)] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let samples = query(expression)
            if !samples.isEmpty || Date() > deadline { return samples }
            try? await Task.sleep(for: .milliseconds(300))
        }
    }
}
