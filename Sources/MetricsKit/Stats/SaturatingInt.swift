/// Whole numbers from doubles that never trap: `Int(_ : Double)` kills the process on NaN, ±∞
/// and anything beyond `Int`'s range, and numbers from files and configs can be any of those.
///
/// ```swift
/// Int(saturating: 12.7)            // 12 (towards zero, as Int(_:))
/// Int(saturating: 1e300)           // Int.max
/// Int(saturating: -.infinity)      // Int.min
/// Int(saturating: .nan)            // 0
/// ```
extension Int {
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9_223_372_036_854_775_807.0 {
            self = .max
        } else if value <= -9_223_372_036_854_775_808.0 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
