import Foundation

/// A hyperparameter value as `experiment.json` stores it: a number, a string or a boolean.
public enum HyperparameterValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .flag(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        case .text(let value): return value
        case .flag(let value): return value ? "true" : "false"
        }
    }
}

/// One experiment's record, as `<experiments>/<id>/experiment.json` holds it (readable by a
/// Python script: snake_case keys, ISO 8601 times).
///
/// ```json
/// {"id": "dqn_baseline_20261125_120000", "name": "dqn_baseline", "description": "…", "tags": ["dqn"],
///  "hyperparameters": {"learning_rate": 0.001, "gamma": 0.99}, "status": "running",
///  "created_at": "2026-11-25T12:00:00Z", "completed_at": null, "final_metrics": {}}
/// ```
public struct Experiment: Codable, Equatable, Sendable {
    /// Where an experiment is in its life.
    public enum Status: String, Codable, Sendable, CaseIterable {
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
    }
}
