import AlertKit
import ArgumentParser

/// `nexlify-tui alert rules --prometheus`: prints the health rules as a Prometheus
/// alerting-rules file over `export`'s metrics (`PrometheusRules`), with the configuration's
/// thresholds, so a fleet's Prometheus evaluates them.
struct AlertRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print the health rules as a Prometheus alerting-rules file (for nexlify-tui export's metrics).",
        discussion: "nexlify-tui alert rules --prometheus --config neural_config.json > nexlify-rules.yml; then list it under rule_files."
    )

    @Flag(name: .long, help: "Prometheus's alerting-rules format (the only one).")
    var prometheus = false

    @Option(name: .long, help: "The configuration file (neural_config.json): thresholds, for_checks, disabled rules.")
    var config: String?

    @Option(name: .long, help: "Seconds between export's refreshes, which 'for' counts in (as export's --interval).")
    var interval = 10.0

    func validate() throws {
        guard prometheus else { throw ValidationError("give --prometheus (the rules file's format)") }
        guard (1...3600).contains(interval) else { throw ValidationError("--interval must be between 1 and 3600 seconds") }
    }

    func run() throws {
        let settings = try AlertSetup.loadConfig(config)
        Console.out(PrometheusRules.file(thresholds: settings.thresholds, interval: interval).dropLast().description)
    }
}
