import Foundation
import Testing
@testable import MetricsKit

@Suite struct RunFilterTests {
    /// Three runs with records, and one plain MetricsLogger run without.
    private let entries: [RunEntry] = {
        func entry(_ name: String, tags: [String], learningRate: Double?, optimizer: String, best: Double?, final: [String: Double] = [:]) -> RunEntry {
            var entry = RunEntry(name: name, path: "/runs/" + name)
            var hyperparameters: [String: HyperparameterValue] = ["optimizer": .text(optimizer), "double_q": .flag(name.contains("double"))]
            if let learningRate { hyperparameters["learning_rate"] = .number(learningRate) }
            entry.experiment = Experiment(id: name, name: name, description: "", tags: tags, hyperparameters: hyperparameters, status: .running,
                                          createdAt: Date(timeIntervalSince1970: 0), completedAt: nil, finalMetrics: final)
            entry.bestProfit = best
            entry.latestProfit = best.map { $0 - 30 }
            entry.episodes = 100
            return entry
        }
        var plain = RunEntry(name: "sb3_monitor_run", path: "/runs/sb3_monitor_run")
        plain.bestProfit = 500
        plain.latestProfit = 480
        return [
            entry("dqn_baseline", tags: ["dqn", "baseline"], learningRate: 0.001, optimizer: "Adam", best: 120),
            entry("dqn_double_lr", tags: ["DQN"], learningRate: 0.0005, optimizer: "adam", best: 90, final: ["total_episodes": 1000]),
            entry("ppo_clip", tags: ["ppo"], learningRate: 0.0003, optimizer: "SGD", best: .nan),
            plain,
        ]
    }()

    private func names(_ text: String) throws -> [String] {
        let filter = try RunFilter.parse(text)
        return entries.filter { filter?.matches($0) ?? true }.map(\.name)
    }

    @Test func wordsTagsAndComparisons() throws {
        #expect(try names("") == entries.map(\.name))
        #expect(try names("dqn") == ["dqn_baseline", "dqn_double_lr"])
        #expect(try names("BASE") == ["dqn_baseline"], "a word matches tags too, in any case")
        #expect(try names("tag:dqn") == ["dqn_baseline", "dqn_double_lr"])
        #expect(try names("tag:dq") == [], "tag: matches whole tags")
        #expect(try names("learning_rate<0.001") == ["dqn_double_lr", "ppo_clip"])
        #expect(try names("learning_rate <= 0.001") == ["dqn_baseline", "dqn_double_lr", "ppo_clip"])
        #expect(try names("learning_rate>=1e-3") == ["dqn_baseline"])
        #expect(try names("profit>=100") == ["sb3_monitor_run"], "profit is the latest profit")
        #expect(try names("best_profit>=100") == ["dqn_baseline", "sb3_monitor_run"], "NaN passes no comparison")
        #expect(try names("optimizer=adam") == ["dqn_baseline", "dqn_double_lr"])
        #expect(try names("optimizer!=adam") == ["ppo_clip"], "a run without the field never matches")
        #expect(try names("double_q=true") == ["dqn_double_lr"])
        #expect(try names("total_episodes==1000") == ["dqn_double_lr"], "final metrics are fields too")
        #expect(try names("episodes>0 and status=waiting") == ["dqn_baseline", "dqn_double_lr", "ppo_clip"])
    }

    @Test func andBindsTighterThanOrAndParenthesesAndNot() throws {
        #expect(try names("tag:ppo or tag:dqn and learning_rate<0.001") == ["dqn_double_lr", "ppo_clip"])
        #expect(try names("(tag:ppo or tag:dqn) and learning_rate<0.001") == ["dqn_double_lr", "ppo_clip"])
        #expect(try names("(tag:ppo or tag:baseline) and learning_rate>0.0004") == ["dqn_baseline"])
        #expect(try names("not dqn") == ["ppo_clip", "sb3_monitor_run"])
        #expect(try names("not (dqn or ppo)") == ["sb3_monitor_run"])
        #expect(try names("dqn AND NOT tag:baseline") == ["dqn_double_lr"])
        #expect(try names("\"monitor run\"") == [])
        #expect(try names("name=\"ppo_clip\"") == ["ppo_clip"])
        #expect(try RunFilter.parse("tag:dqn and learning_rate<0.001")?.fields == ["learning_rate"])
    }

    @Test func malformedFiltersSayWhatAndWhere() {
        let cases: [(String, String, Int)] = [
            ("learning_rate<", "'learning_rate<' needs a value after it", 15),
            ("learning_rate< and dqn", "'learning_rate<' needs a value after it", 16),
            ("<0.001", "'<' needs a field name before it, as in learning_rate<0.001", 1),
            ("dqn and", "'and' needs a term after it", 8),
            ("or dqn", "'or' needs a term before it", 1),
            ("(tag:dqn or ppo", "'(' is never closed", 1),
            ("dqn)", "')' without a matching '('", 4),
            ("dqn ppo", "expected 'and' or 'or' before 'ppo'", 5),
            ("profit => 5", "'profit=' needs a value after it", 9),
            ("profit ! 5", "'!' is not a comparison; use <, <=, >, >=, = or !=", 8),
            ("name=\"dqn", "a quoted value is never closed", 6),
            ("tag:", "'tag:' needs a tag name, as in tag:dqn", 1),
            ("(", "'(' needs a term after it", 2),
        ]
        for (text, message, column) in cases {
            #expect(throws: RunFilter.ParseError(column: column, message: message), "\(text)") { try RunFilter.parse(text) }
        }
        #expect("\(RunFilter.ParseError(column: 3, message: "x"))" == "x (at column 3)")
    }
}
