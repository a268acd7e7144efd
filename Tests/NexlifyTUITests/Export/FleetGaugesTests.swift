import AlertKit
import Foundation
import Testing
@testable import NexlifyTUI

/// The gauges are one table: what `/metrics` serves is that table (each name once, in its
/// order), and every series the Prometheus rules file names is one it serves.
@Suite struct FleetGaugesTests {
    @Test func metricsServesTheTableAndTheRulesNameOnlyWhatItServes() throws {
        let names = FleetGauges.table.map(\.name)
        #expect(Set(names).count == names.count, "a gauge twice in the table")
        let served = FleetGauges.families(of: []).map(\.name)
        #expect(served == names + [FleetGauges.alertFiring, "nexlify_metric"])
        let rules = PrometheusRules.file(thresholds: .moderate, interval: 10)
        let series = try Regex("nexlify_[a-z_]+")
        let named = Set(rules.matches(of: series).map { String(rules[$0.range]) })
        #expect(!named.isEmpty)
        #expect(named.isSubset(of: Set(served)), "named but not served: \(named.subtracting(served).sorted())")
    }
}
