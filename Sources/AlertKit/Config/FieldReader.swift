import Foundation
import MetricsKit

/// Typed reads of a JSON object's fields, failing with the field's full name.
struct FieldReader {
    let fields: [String: JSONValue]
    let prefix: String

    func failure(_ key: String, _ reason: String) -> ConfigFailure {
        ConfigFailure(field: name(key), reason: reason)
    }

    /// The field's full name (`training_dashboard.alerts.for_checks`).
    private func name(_ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw failure(key, "expected true or false")
        }
    }

    /// A finite number within `range` (by default any finite number): every setting has bounds,
    /// so that no later duration, product or conversion of it can overflow or trap.
    func number(_ key: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let value)? where value.isFinite && range.contains(value): return value
        default:
            let bounded = range.lowerBound > -Double.greatestFiniteMagnitude || range.upperBound < Double.greatestFiniteMagnitude
            throw failure(key, bounded ? "expected a number from \(HealthRules.format(range.lowerBound)) to \(HealthRules.format(range.upperBound))" : "expected a number")
        }
    }

    /// A whole number within `minimum...maximum` (never a trap on a huge or fractional value).
    func integer(_ key: String, minimum: Int, maximum: Int) throws -> Int? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let value)? where value >= Double(minimum) && value <= Double(maximum):
            if let whole = Int(exactly: value) { return whole }
            throw failure(key, "expected a whole number from \(minimum) to \(maximum)")
        default: throw failure(key, "expected a whole number from \(minimum) to \(maximum)")
        }
    }

    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw failure(key, "expected a string")
        }
    }

    func strings(_ key: String) throws -> [String] {
        switch fields[key] {
        case nil, .null?: return []
        case .array(let items)?:
            return try items.map {
                guard case .string(let value) = $0 else { throw failure(key, "expected a list of strings") }
                return value
            }
        default: throw failure(key, "expected a list of strings")
        }
    }

    func object(_ key: String) throws -> FieldReader? {
        switch fields[key] {
        case nil, .null?: return nil
        case .object(let value)?: return FieldReader(fields: value, prefix: name(key))
        default: throw failure(key, "expected an object")
        }
    }

    /// An http(s) URL; the reason never repeats the value (it may be a secret).
    func url(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else { throw failure(key, "missing") }
        guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw failure(key, "not an http(s) URL")
        }
        return value
    }
}
