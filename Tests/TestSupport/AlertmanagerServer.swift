import Foundation

/// A real Alertmanager (Debian's `prometheus-alertmanager`, which `.ci/run` installs) on a
/// loopback port, without clustering, routing every alert (grouped by `alertname`, 2 s group
/// wait) to one webhook.
public final class AlertmanagerServer {
    public let url: String
    private let process: BackgroundProcess

    /// Starts it and waits (at most 60 s) until it is ready.
    public init(webhook: String, in directory: String) throws {
        let binary = "/usr/bin/prometheus-alertmanager"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BackgroundProcess.Failure(description: "alertmanager is not installed (apt-get install prometheus-alertmanager; .ci/run does)")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = (directory as NSString).appendingPathComponent("alertmanager.yml")
        try """
            route:
              receiver: hook
              group_by: ['alertname']
              group_wait: 2s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url: '\(webhook)'
                    send_resolved: false
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let port = HTTPFetch.freePort()
        url = "http://127.0.0.1:\(port)"
        process = try BackgroundProcess(binary, ["--config.file=\(config)", "--storage.path=\(directory)/data",
                                                 "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address="],
                                        errorLog: (directory as NSString).appendingPathComponent("alertmanager.log"))
        try process.waitUntilReady(url + "/-/ready", what: "alertmanager", log: (directory as NSString).appendingPathComponent("alertmanager.log"))
    }

    /// Its alert groups: each group's labels and its alerts' labels.
    public func groups() -> [(labels: [String: String], alerts: [[String: String]])] {
        guard let body = HTTPFetch.get(url + "/api/v2/alerts/groups")?.body.data(using: .utf8),
              let groups = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { return [] }
        return groups.map { group in
            ((group["labels"] as? [String: String]) ?? [:], ((group["alerts"] as? [[String: Any]]) ?? []).compactMap { $0["labels"] as? [String: String] })
        }
    }

    /// The alerts it holds as active, each one's labels.
    public func activeAlerts() -> [[String: String]] {
        guard let body = HTTPFetch.get(url + "/api/v2/alerts?active=true&silenced=false&inhibited=false")?.body.data(using: .utf8),
              let alerts = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { return [] }
        return alerts.compactMap { ($0["status"] as? [String: Any])?["state"] as? String == "active" ? $0["labels"] as? [String: String] : nil }
    }
}
