import Foundation

/// A hyperparameter value as `experiment.json` stores it: a number, a string, a boolean, or any
/// other JSON value (a list of layer sizes, a nested config, `null`), kept as it is.
public enum HyperparameterValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)
    case json(JSONValue)

    public init(from decoder: Decoder) throws {
        switch try JSONValue(from: decoder) {
        case .bool(let flag): self = .flag(flag)
        case .number(let number): self = .number(number)
        case .string(let text): self = .text(text)
        case let other: self = .json(other)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        case .json(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        case .text(let value): return value
        case .flag(let value): return value ? "true" : "false"
        case .json(let value): return value.compactText
        }
    }
}

/// One experiment's record, as `<experiments>/<id>/experiment.json` holds it in the guide's
/// layout (what `ExperimentTracker` writes; its results are read separately, see
/// `TrackedExperiment`). Earlier versions of ours wrote `created_at`/`completed_at`; both
/// spellings are read.
///
/// ```json
/// {"id": "dqn_baseline_20261125_120000", "name": "dqn_baseline", "created": "2026-11-25T12:00:00.123456",
///  "hyperparameters": {"learning_rate": 0.001, "gamma": 0.99}, "description": "…", "tags": ["dqn"],
///  "results": […], "status": "running", "best_episode": null, "final_metrics": {}}
/// ```
public struct Experiment: Decodable, Equatable, Sendable {
    /// Where an experiment is in its life.
    public enum Status: String, Decodable, Sendable, CaseIterable {
        case running, completed, archived

        public init(from decoder: Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let status = Status(rawValue: text) else {
                let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected one of \(names), found \"\(text)\""))
            }
            self = status
        }
    }

    public var id: String
    public var name: String
    public var description: String
    public var tags: [String]
    public var hyperparameters: [String: HyperparameterValue]
    public var status: Status
    public var createdAt: Date
    public var completedAt: Date?
    public var finalMetrics: [String: Double]

    public init(id: String, name: String, description: String = "", tags: [String] = [], hyperparameters: [String: HyperparameterValue] = [:],
                status: Status = .running, createdAt: Date, completedAt: Date? = nil, finalMetrics: [String: Double] = [:]) {
        self.id = id
        self.name = name
        self.description = description
        self.tags = tags
        self.hyperparameters = hyperparameters
        self.status = status
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.finalMetrics = finalMetrics
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, tags, hyperparameters, status
        case createdAt = "created_at", completedAt = "completed_at", finalMetrics = "final_metrics"
        /// The seed tracker's spellings of the two times.
        case created, completed
    }

    /// Reads our record and the seed tracker's (`created`/`completed` for the times; `results`,
    /// `best_episode` and other keys are its own business here: the results are read as the run's
    /// records). Final metrics that are not numbers are left out.
    public init(from decoder: Decoder) throws {
        let record = try decoder.container(keyedBy: CodingKeys.self)
        id = try record.decode(String.self, forKey: .id)
        name = try record.decodeIfPresent(String.self, forKey: .name) ?? id
        description = try record.decodeIfPresent(String.self, forKey: .description) ?? ""
        tags = try record.decodeIfPresent([String].self, forKey: .tags) ?? []
        hyperparameters = try record.decodeIfPresent([String: HyperparameterValue].self, forKey: .hyperparameters) ?? [:]
        status = try record.decodeIfPresent(Status.self, forKey: .status) ?? .running
        if record.contains(.createdAt) || !record.contains(.created) {
            createdAt = try record.decode(Date.self, forKey: .createdAt)
        } else {
            createdAt = try record.decode(Date.self, forKey: .created)
        }
        completedAt = try record.decodeIfPresent(Date.self, forKey: .completedAt) ?? record.decodeIfPresent(Date.self, forKey: .completed)
        let metrics = try record.decodeIfPresent([String: JSONValue].self, forKey: .finalMetrics) ?? [:]
        finalMetrics = metrics.compactMapValues { value in
            if case .number(let number) = value { return number }
            return nil
        }
    }
}
