/// The name an alert goes by in Prometheus and Alertmanager: `Nexlify` and the rule in upper
/// camel case (`loss_too_high` → `NexlifyLossTooHigh`; a `custom:<title>` alert → `NexlifyCustom`).
/// The generated Prometheus rules and the alertmanager channel both use it, so Alertmanager
/// groups and de-duplicates the two alike.
public enum AlertName {
    public static func of(rule: String) -> String {
        let base = rule.split(separator: ":").first.map(String.init) ?? rule
        return "Nexlify" + base.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
