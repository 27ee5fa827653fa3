/// An exact decimal number, `units` × 10^−`scale`: published figures (52.2 %, 12.0 時間) and
/// computed ones (a favourable share rounded half up) without binary floating point, so that
/// 52.25 rounds to 52.3 and 12.0 stays 12.0.
public struct FixedDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value in units of 10^−scale.
    public var units: Int
    /// Digits after the decimal point.
    public var scale: Int

    public init(units: Int, scale: Int) {
        precondition((0...9).contains(scale), "scale out of range")
        self.units = units
        self.scale = scale
    }

    /// A whole number.
    public init(_ integer: Int) {
        self.init(units: integer, scale: 0)
    }

    /// Reads `52.2`, `-3`, `12.0`, `0.5` (ASCII or full-width digits, `.` or `．`, an optional
    /// sign, at most 9 decimals); nil for anything else (a `%` or a unit is not part of it).
    public init?(_ text: some StringProtocol) {
        var digits: [Int] = []
        var scale: Int?
        var negative = false
        var started = false
        for scalar in String(text).trimmingWhitespace().unicodeScalars {
            var value = scalar.value
            if (0xFF10...0xFF19).contains(value) || value == 0xFF0E || value == 0xFF0D || value == 0xFF0B { value -= 0xFEE0 }
            switch value {
            case 0x30...0x39:
                digits.append(Int(value - 0x30))
                if scale != nil { scale! += 1 }
                started = true
            case 0x2E:
                guard scale == nil, started else { return nil }
                scale = 0
            case 0x2D, 0x2B, 0x2212:
                guard !started, digits.isEmpty, !negative else { return nil }
                negative = value != 0x2B
            default:
                return nil
            }
        }
        guard !digits.isEmpty, scale != 0, (scale ?? 0) <= 9, digits.count <= 18 else { return nil }
        let units = digits.reduce(0) { $0 * 10 + $1 }
        self.init(units: negative ? -units : units, scale: scale ?? 0)
    }

    /// `numerator / denominator` rounded half up (away from zero at exactly .5) to `scale`
    /// decimals, in integer arithmetic. Both must be non-negative and the denominator positive.
    public static func ratio(_ numerator: Int, _ denominator: Int, scale: Int) -> FixedDecimal {
        precondition(numerator >= 0 && denominator > 0, "ratio of non-negative counts only")
        let scaled = numerator * power(scale)
        var units = scaled / denominator
        if 2 * (scaled % denominator) >= denominator { units += 1 }
        return FixedDecimal(units: units, scale: scale)
    }

    /// The share `part / whole` as a percentage rounded half up to `scale` decimals.
    public static func percent(_ part: Int, of whole: Int, scale: Int = 1) -> FixedDecimal {
        ratio(part * 100, whole, scale: scale)
    }

    /// The same value with `scale` decimals (only ever adding zeros).
    public func rescaled(to newScale: Int) -> FixedDecimal {
        precondition(newScale >= scale, "rescaling would lose digits")
        return FixedDecimal(units: units * Self.power(newScale - scale), scale: newScale)
    }

    /// `value` (a fraction of 1 or a percentage, not a count) rounded to the nearest `scale`
    /// decimals, for figures that are not exact in the first place (interval bounds).
    public static func nearest(_ value: Double, scale: Int) -> FixedDecimal {
        FixedDecimal(units: Int((value * Double(power(scale))).rounded(.toNearestOrAwayFromZero)), scale: scale)
    }

    public var double: Double { Double(units) / Double(Self.power(scale)) }

    public var isZero: Bool { units == 0 }

    /// `52.2`, `-0.5`, `12.0`, `3`.
    public var description: String {
        guard scale > 0 else { return String(units) }
        let magnitude = units.magnitude
        let divisor = UInt(Self.power(scale))
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: scale - fraction.count) + fraction
        return (units < 0 ? "-" : "") + "\(magnitude / divisor).\(fraction)"
    }

    /// With a leading + for positive values (a change), e.g. `+8.4`, `-2.7`, `0.0`.
    public var signed: String { units > 0 ? "+" + description : description }

    public static func - (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal {
        let scale = max(lhs.scale, rhs.scale)
        return FixedDecimal(units: lhs.rescaled(to: scale).units - rhs.rescaled(to: scale).units, scale: scale)
    }

    public var magnitude: FixedDecimal { FixedDecimal(units: abs(units), scale: scale) }

    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.rescaled(to: scale).units < rhs.rescaled(to: scale).units
    }

    public static func == (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.rescaled(to: scale).units == rhs.rescaled(to: scale).units
    }

    public func hash(into hasher: inout Hasher) {
        // Equal values hash alike whatever their scale: strip trailing zeros first.
        var units = units
        var scale = scale
        while scale > 0 && units % 10 == 0 {
            units /= 10
            scale -= 1
        }
        hasher.combine(units)
        hasher.combine(scale)
    }

    static func power(_ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
