/// `numpy.mean` and `numpy.std` bit for bit: numpy sums with its pairwise summation, not in
/// order, and the guide's statistics (`recent_avg_profit`, Q-value summaries, experiment
/// summaries) are numpy's. The order of additions, as numpy does it for a float64 array: fewer
/// than 8 values in order; 8 to 128 in eight partial sums over whole blocks of eight, combined
/// `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the rest in order; more than 128
/// split at `n / 2 - (n / 2) % 8` and the halves' sums added.
///
/// ```swift
/// NumpyMean.mean([0.1, 0.2, 0.3])   // what numpy.mean gives, to the last digit
/// NumpyMean.std([1, 2, 3])          // population standard deviation, numpy's
/// ```
public enum NumpyMean {
    /// numpy's `add.reduce` of `values`.
    public static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { pairwise($0, start: 0, count: $0.count) }
    }

    /// `numpy.mean(values)`; NaN for no values.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : sum(values) / Double(values.count)
    }

    /// `numpy.std(values)`: the square root of the mean of the squared deviations, each sum numpy's.
    public static func std(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let centre = mean(values)
        return mean(values.map { ($0 - centre) * ($0 - centre) }).squareRoot()
    }

    private static func pairwise(_ values: UnsafeBufferPointer<Double>, start: Int, count: Int) -> Double {
        if count < 8 {
            var total = 0.0
            for index in start..<start + count { total += values[index] }
            return total
        }
        if count <= 128 {
            var r = (values[start], values[start + 1], values[start + 2], values[start + 3],
                     values[start + 4], values[start + 5], values[start + 6], values[start + 7])
            let whole = count - count % 8
            var index = start + 8
            while index < start + whole {
                r.0 += values[index]; r.1 += values[index + 1]; r.2 += values[index + 2]; r.3 += values[index + 3]
                r.4 += values[index + 4]; r.5 += values[index + 5]; r.6 += values[index + 6]; r.7 += values[index + 7]
                index += 8
            }
            var total = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
            for rest in start + whole..<start + count { total += values[rest] }
            return total
        }
        var half = count / 2
        half -= half % 8
        return pairwise(values, start: start, count: half) + pairwise(values, start: start + half, count: count - half)
    }
}
