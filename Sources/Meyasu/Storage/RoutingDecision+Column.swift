import Foundation

extension RoutingDecision {
    /// The `proposal.routing` column: JSON written by hand (JSONEncoder costs more per row than
    /// routing does), with scores rounded to four decimals.
    func columnJSON() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        func number(_ value: Double) {
            Self.appendRounded(value, to: &out)
        }
        UTF8Bytes.append(#"{"department":"#, to: &out)
        JSONText.appendQuoted(department, to: &out)
        UTF8Bytes.append(#","confidence":"#, to: &out)
        number(confidence)
        UTF8Bytes.append(confident ? #","confident":true"# : #","confident":false"#, to: &out)
        UTF8Bytes.append(#","candidates":["#, to: &out)
        // By index: the elements are read where they are, not copied (a retain and a release each).
        for index in candidates.indices {
            if index > 0 { out.append(0x2C) }
            UTF8Bytes.append(#"{"department":"#, to: &out)
            JSONText.appendQuoted(candidates[index].department, to: &out)
            UTF8Bytes.append(#","score":"#, to: &out)
            number(candidates[index].score)
            out.append(0x7D)
        }
        UTF8Bytes.append(#"],"words":["#, to: &out)
        for index in words.indices {
            if index > 0 { out.append(0x2C) }
            JSONText.appendQuoted(words[index], to: &out)
        }
        UTF8Bytes.append(hintAgreed ? #"],"hint_agreed":true}"# : #"],"hint_agreed":false}"#, to: &out)
        return out
    }

    /// Appends `value` rounded to four decimals, written exactly as Swift writes that Double
    /// (`"\(rounded)"`: 0.5, 0.0125, 1.0, -0.0) without making a String: the quotient of a
    /// whole number of ten-thousandths by 10,000 prints as that decimal, trailing zeros dropped.
    /// Values of a million or more (never a score) go through Swift's own description.
    static func appendRounded(_ value: Double, to out: inout [UInt8]) {
        let rounded = (value * 10000).rounded() / 10000
        guard rounded.isFinite, abs(rounded) < 1_000_000 else {
            out.append(contentsOf: "\(rounded)".utf8)
            return
        }
        if rounded.sign == .minus { out.append(0x2D) }
        let units = Int((abs(value) * 10000).rounded())
        var whole = units / 10000
        var fraction = units % 10000
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        var count = 0
        repeat {
            withUnsafeMutableBytes(of: &digits) { $0[count] = UInt8(0x30 + whole % 10) }
            whole /= 10
            count += 1
        } while whole > 0
        withUnsafeBytes(of: digits) { bytes in
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(bytes[index]) }
        }
        out.append(0x2E)
        if fraction == 0 {
            out.append(0x30)
            return
        }
        var divisor = 1000
        while fraction > 0 {
            out.append(UInt8(0x30 + fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// Reads the column back; nil for proposals stored before routing existed.
    static func fromColumn(_ text: String?) -> RoutingDecision? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(RoutingDecision.self, from: Data(text.utf8))
    }
}
