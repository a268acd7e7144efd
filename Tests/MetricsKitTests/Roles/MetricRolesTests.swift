import Foundation
import Testing
import TestSupport
@testable import MetricsKit

/// The one table of which metric plays which role: candidates from the guide and the formats,
/// the order names are matched in, the config's overrides, and the win-rate definition.
@Suite struct MetricRolesTests {
    private func store(_ lines: [String]) -> RunStore {
        let directory = TemporaryDirectory()
        directory.write("run/episodes.jsonl", lines.joined(separator: "\n") + "\n")
        let source = try! RunSource(path: directory.file("run"), mustExist: true)
        source.readToEnd()
        return source.store
    }

    @Test func candidatesStartWithTheGuidesNameAndCarryWhatEachFormatDeclares() {
        for role in MetricRole.allCases {
            #expect(MetricRoles.standard.candidates(for: role).first == role.guideName)
        }
        #expect(MetricRoles.standard.candidates(for: .profit).contains("rollout/ep_rew_mean"))
        #expect(MetricRoles.standard.candidates(for: .loss).contains("train/loss") && MetricRoles.standard.candidates(for: .loss).contains("Loss/train"))
        // Every format's declaration is in the table, so a new format's names need no other edit.
        for format in LogFormats.all {
            for (role, names) in format.roleNames {
                #expect(names.allSatisfy(MetricRoles.standard.candidates(for: role).contains), "\(format.name)")
            }
        }
    }

    @Test func exactNamesWinThenNamesWithoutCaseOrSeparatorsThenLastParts() {
        let roles = MetricRoles.standard
        #expect(roles.name(for: .profit, among: ["custom/profit", "rollout/ep_rew_mean"]) == "rollout/ep_rew_mean")
        #expect(roles.name(for: .qValues, among: ["q/mean", "q/std"]) == "q/mean")
        #expect(roles.name(for: .qStd, among: ["q/mean", "Q/Std"]) == "Q/Std")
        #expect(roles.name(for: .sharpe, among: ["custom/sharpe", "loss"]) == "custom/sharpe")
        #expect(roles.name(for: .sharpe, among: ["eval/sharpe_ratio"]) == "eval/sharpe_ratio")
        #expect(roles.name(for: .drawdown, among: ["custom/drawdown"]) == "custom/drawdown")
        #expect(roles.name(for: .loss, among: ["train/entropy_loss", "train/approx_kl"]) == nil)
        #expect(roles.name(for: .profit, among: []) == nil)
    }

    @Test func anOverrideIsTheOnlyNameTakenForItsRole() throws {
        let roles = try MetricRoles(config: ["profit": "my_pnl", "q_values": "critic/q"])
        #expect(roles.name(for: .profit, among: ["profit", "my_pnl"]) == "my_pnl")
        #expect(roles.name(for: .profit, among: ["profit"]) == nil)
        #expect(roles.name(for: .qValues, among: ["critic/q", "q_mean"]) == "critic/q")
        #expect(roles.name(for: .loss, among: ["loss"]) == "loss")
        #expect(throws: MetricRoles.Failure(key: "profits", reason: "no such role; the roles are " + MetricRole.allCases.map(\.rawValue).joined(separator: ", "))) {
            try MetricRoles(config: ["profits": "x"])
        }
    }

    @Test func modelMetricRolesLookAtModelMetricsFirst() {
        let directory = TemporaryDirectory()
        directory.write("run/episodes.jsonl", #"{"episode": 1, "profit": 1, "loss": 50}"# + "\n")
        directory.write("run/model_metrics.jsonl", #"{"episode": 1, "loss": 0.5}"# + "\n")
        let source = try! RunSource(path: directory.file("run"), mustExist: true)
        source.readToEnd()
        #expect(MetricRoles.standard.series(for: .loss, in: source.store)?.statistics.latest?.value == 0.5)
        #expect(MetricRoles.standard.series(for: .profit, in: source.store)?.statistics.latest?.value == 1)
    }

    @Test func aTensorBoardRunsCustomTagsFindTheirRoles() throws {
        let directory = TemporaryDirectory()
        let bytes = TensorBoardEventFile.bytes(steps: 50, tags: ["custom/sharpe", "custom/drawdown", "q/mean", "q/std", "rollout/ep_rew_mean"])
        FileManager.default.createFile(atPath: directory.file("events.out.tfevents.1.host.1.0"), contents: Data(bytes))
        let source = try RunSource(path: directory.path, mustExist: true)
        source.readToEnd()
        let roles = MetricRoles.standard
        #expect(roles.name(for: .sharpe, in: source.store) == "custom/sharpe")
        #expect(roles.name(for: .drawdown, in: source.store) == "custom/drawdown")
        #expect(roles.name(for: .qValues, in: source.store) == "q/mean")
        #expect(roles.name(for: .qStd, in: source.store) == "q/std")
        #expect(roles.name(for: .profit, in: source.store) == "rollout/ep_rew_mean")
    }

    @Test func winRateIsTheLoggedRateInPercentElseTheRollingShareOfProfitableEpisodes() {
        let logged = store((0..<10).map { #"{"episode": \#($0), "profit": 1, "win_rate": 0.\#($0)}"# })
        #expect(WinRate.latest(in: logged, roles: .standard) == 90)
        let percent = store((0..<10).map { #"{"episode": \#($0), "profit": 1, "win_rate": \#($0 * 10)}"# })
        #expect(WinRate.latest(in: percent, roles: .standard) == 90)
        // 40 episodes, the last 20 of which alternate: the rolling share is 50 %, the whole run's 75 %.
        let profits = store((0..<40).map { #"{"episode": \#($0), "profit": \#($0 < 20 || $0 % 2 == 0 ? 1 : -1)}"# })
        #expect(WinRate.latest(in: profits, roles: .standard) == 50)
        #expect(WinRate.latest(in: store([#"{"episode": 0, "sharpe": 1}"#]), roles: .standard) == nil)
    }

    @Test func theProfitableShareSpansTheWholeSeriesHistoryIncluded() throws {
        var series = MetricSeries(recentCapacity: 64, maxBuckets: 16)
        for x in 0..<10_000 { series.append(x: x, x % 4 == 0 ? -1 : 1) }
        let shares = WinRate.profitableShare(series)
        let first = try #require(shares.first), last = try #require(shares.last)
        #expect(first.x < 1_000 && last.x == 9_999)
        #expect(shares.filter { $0.x < Double(series.recentX[0]) }.allSatisfy { $0.percent == 75 })
        #expect(last.percent == 75)
    }
}
