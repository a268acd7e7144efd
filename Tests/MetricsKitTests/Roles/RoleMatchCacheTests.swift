import Testing
@testable import MetricsKit

/// The remembered role matches: the same answer as matching afresh, a new answer when the run's
/// names change, and a bound on what is held.
@Suite struct RoleMatchCacheTests {
    @Test func aNewMetricNameIsMatchedAfresh() {
        let roles = MetricRoles.standard
        #expect(roles.name(for: .sharpe, among: ["loss", "profit"]) == nil)
        #expect(roles.name(for: .sharpe, among: ["loss", "profit", "eval/sharpe_ratio"]) == "eval/sharpe_ratio")
        #expect(roles.name(for: .sharpe, among: ["loss", "profit"]) == nil, "the longer list's answer is not reused")
        #expect(roles.name(for: .loss, among: ["loss", "profit"]) == "loss")
    }

    @Test func itAsksOncePerKeyAndStartsAgainWhenFull() {
        let cache = RoleMatchCache(capacity: 3)
        var asked = 0
        let key = RoleMatchCache.Key(role: .profit, names: ["profit"])
        for _ in 0..<5 { _ = cache.name(for: key) { asked += 1; return "profit" } }
        #expect(asked == 1)
        for index in 0..<3 { _ = cache.name(for: .init(role: .loss, names: ["m\(index)"])) { nil } }
        #expect(cache.count == 1, "the fourth answer found it full: it started again with that one")
        _ = cache.name(for: key) { asked += 1; return "profit" }
        #expect(asked == 2)
    }
}
