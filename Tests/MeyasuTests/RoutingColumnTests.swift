import Foundation
import Testing
@testable import Meyasu

/// The `proposal.routing` column is written by hand; its numbers must read exactly as Swift's own
/// description of the rounded value, which the column held before.
@Suite("RoutingDecision: the routing column")
struct RoutingColumnTests {
    private func written(_ value: Double) -> String {
        var out: [UInt8] = []
        RoutingDecision.appendRounded(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test("Scores rounded to four decimals read as Swift describes the rounded Double", arguments: [
        0, -0.0, 0.5, 1, 0.0125, 0.00004, 0.00005, -0.00005, 0.99995, 0.123449999, 12.3456789, -3.25, 999_999.99994,
        1_000_000, 123_456_789.5, .infinity, -.infinity, .nan, 1e-300, 0.1 + 0.2,
    ])
    func examples(value: Double) {
        #expect(written(value) == "\((value * 10000).rounded() / 10000)")
    }

    @Test("Every multiple of a ten-thousandth up to 50, and random values, read the same")
    func many() {
        var mismatches: [Double] = []
        for units in 0...500_000 {
            for value in [Double(units) / 10000, -Double(units) / 10000] where written(value) != "\((value * 10000).rounded() / 10000)" {
                mismatches.append(value)
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let value = Double.random(in: -2...2, using: &generator) * (Bool.random(using: &generator) ? 1 : 1000)
            if written(value) != "\((value * 10000).rounded() / 10000)" { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
