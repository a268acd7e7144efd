import Foundation
import MetricsKit
import Testing
@testable import AlertKit

/// Every numeric setting of the config is range-checked with its key named, and every place a
/// duration or count becomes a whole number saturates instead of trapping.
@Suite struct ConfigRangeTests {
    /// Each numeric setting: where it sits in `training_dashboard`, and the values it takes.
    static let settings: [(path: [String], accepted: [Double], rejected: [Double])] = [
        (["alerts", "repeat_seconds"], [1, 14_400, 31_622_400], [0, -1, 0.5, 31_622_401, 1e300, -1e300, 9.3e18]),
        (["alerts", "throttle_window_seconds"], [0, 300, 31_622_400], [-1, 31_622_401, 1e300, -1e300, 9.3e18]),
        (["alerts", "stall_seconds"], [1, 300, 31_622_400], [0, -5, 31_622_401, 1e300, -1e300, 9.3e18]),
        (["alerts", "retry_delay_seconds"], [0, 1, 3600], [-1, 3601, 1e300, -1e300]),
        (["alerts", "retry_attempts"], [1, 100], [0, -1, 101, 2.5, 1e300, 9.3e18]),
        (["alerts", "for_checks"], [1, 1_000_000], [0, -1, 1_000_001, 1.5, 1e300, 9.3e18]),
        (["alerts", "thresholds", "no_improvement_episodes"], [1, 1_000_000_000], [0, -1, 1e10, 1e300, 9.3e18, 0.5]),
        (["alerts", "thresholds", "critical_loss_threshold"], [-1e300, 0, 1e300, 5e-324], []),
        (["alerts", "thresholds", "min_profit_warning"], [-1e300, 0, 1e300, -5e-324], []),
        (["alerts", "thresholds", "trend_window"], [10, 100, 1000], [9, 0, -1, 1001, 50.5, 1e300, 9.3e18]),
        (["alerts", "thresholds", "q_rise_fraction"], [0.001, 0.25, 1000], [0, -0.1, 1001, 1e300]),
        (["alerts", "thresholds", "improvement_sigma"], [0, 0.5, 100], [-0.1, 101, 1e300]),
        (["alerts", "thresholds", "entropy_fraction"], [0, 0.1, 1], [-0.1, 1.1, 1e300]),
        (["alerts", "thresholds", "loss_fall_fraction"], [0.001, 0.2, 1], [0, -0.5, 1.5, 1e300]),
        (["alerts", "thresholds", "max_gradient"], [1e-300, 100, 1e300], [0, -1, 5e-324, -1e300]),
        (["alerts", "thresholds", "gradient_growth_orders"], [0.1, 3, 300], [0, -1, 301, 1e300]),
        (["update_interval_ms"], [250, 60_000], [0, 249, 60_001, -1e300, 1e300]),
    ]

    /// `value` at `path` inside `training_dashboard`, as JSON text.
    static func config(_ path: [String], _ value: String) -> String {
        var text = "{\"\(path.last!)\": \(value)}"
        for key in path.dropLast().reversed() { text = "{\"\(key)\": \(text)}" }
        return "{\"training_dashboard\": \(text)}"
    }

    private func json(_ value: Double) -> String { value.isFinite ? "\(value)" : (value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity")) }

    @Test func everyNumericSettingIsRangeCheckedAndNamedInTheError() throws {
        for setting in Self.settings {
            let key = (["training_dashboard"] + setting.path).joined(separator: ".")
            for value in setting.accepted {
                #expect(throws: Never.self, "\(key) = \(value)") { try DashboardConfig.parse(Data(Self.config(setting.path, json(value)).utf8)) }
            }
            for value in setting.rejected + [.nan, .infinity, -.infinity] {
                do {
                    _ = try DashboardConfig.parse(Data(Self.config(setting.path, json(value)).utf8))
                    Issue.record("\(key) = \(value) was taken")
                } catch let failure as AlertConfig.Failure {
                    #expect(failure.field == key, "\(failure)")
                    #expect(failure.reason.hasPrefix("expected a"), "\(failure)")
                }
            }
        }
    }

    @Test func theBoundsOfEverySettingAreSaidInTheError() throws {
        do {
            _ = try DashboardConfig.parse(Data(Self.config(["alerts", "stall_seconds"], "1e300").utf8))
            Issue.record("taken")
        } catch let failure as AlertConfig.Failure {
            #expect(failure.description == "training_dashboard.alerts.stall_seconds: expected a number from 1 to 31622400")
        }
    }

    /// Values set through the Swift API (not the config file) reach the messages unchecked.
    @Test func durationsInMessagesSaturate() {
        #expect(Int(saturating: 1e300) == .max && Int(saturating: -.infinity) == .min && Int(saturating: .nan) == 0 && Int(saturating: -2.7) == -2)
        #expect(Int(saturating: 9_223_372_036_854_775_807.0) == .max && Int(saturating: 9_223_372_036_854_774_784.0) == 9_223_372_036_854_774_784)
        var thresholds = HealthThresholds.moderate
        thresholds.stallSeconds = .infinity
        let stalled = HealthRules.evaluate(HealthSnapshot(secondsSinceNewEpisode: 1e300), thresholds: thresholds).first { $0.rule == .stalled }
        #expect(stalled?.holds == false && stalled?.message.contains("threshold \(Int.max) s") == true)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let (decision, _) = Throttle.decide(previous: Throttle.Record(lastSent: start, status: .firing), now: start.addingTimeInterval(5),
                                            happening: .firing, repeatInterval: 1e300, force: false)
        #expect(decision == .suppress("sent 5 s ago; repeats after \(Int.max) s"))
        let (event, _) = Throttle.decide(previous: Throttle.Record(lastSent: start, status: .firing, occurrence: "a"), now: start,
                                         happening: .occurred("b"), repeatInterval: 1, force: false, eventInterval: .infinity)
        #expect(event == .suppress("the last was announced 0 s ago; at most one per \(Int.max) s"))
        #expect(AlertEvent.duration(1e300).hasSuffix("m") && AlertEvent.duration(-.infinity) == "\(Int.min)s" && AlertEvent.duration(.nan) == "0s")
    }

    @Test func timesBeyondPythonsRangeAreWrittenAtItsEnds() {
        #expect(LocalTime.isoformat(Date(timeIntervalSince1970: .infinity)).hasPrefix("9999-12-31") || LocalTime.isoformat(Date(timeIntervalSince1970: .infinity)).hasPrefix("10000-01-01"))
        #expect(LocalTime.isoformat(Date(timeIntervalSince1970: -1e300)).hasPrefix("000"))
        #expect(!LocalTime.isoformat(Date(timeIntervalSince1970: .nan)).isEmpty)
        #expect(LocalTime.stamp(Date(timeIntervalSince1970: 1e300)).count >= 15)
    }
}
