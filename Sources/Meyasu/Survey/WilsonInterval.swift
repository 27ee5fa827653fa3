import Foundation

/// The Wilson score interval of a proportion: where the true favourable share plausibly lies,
/// given `successes` out of `trials`. Unlike the normal approximation it stays inside 0…1 and
/// behaves for small groups and shares near 0 or 1.
public struct WilsonInterval: Sendable, Equatable {
    /// The normal quantile for 95 % (two-sided).
    public static let z95 = 1.959964

    /// Lower and upper bound, as fractions of 1.
    public var low: Double
    public var high: Double

    /// The interval for `successes` of `trials`; `trials` must be positive.
    public init(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        precondition(trials > 0 && (0...trials).contains(successes), "a proportion needs 0 <= successes <= trials > 0")
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        // At 0 and 1 the formula gives the bound exactly up to rounding error; clamp it.
        low = successes == 0 ? 0 : max(0, centre - half)
        high = successes == trials ? 1 : min(1, centre + half)
    }

    /// True when the two intervals share at least one point.
    public func overlaps(_ other: WilsonInterval) -> Bool {
        low <= other.high && other.low <= high
    }

    /// The bounds as percentages to one decimal (the nearest: they are not exact figures).
    public var percent: (low: FixedDecimal, high: FixedDecimal) {
        (FixedDecimal.nearest(low * 100, scale: 1), FixedDecimal.nearest(high * 100, scale: 1))
    }
}
