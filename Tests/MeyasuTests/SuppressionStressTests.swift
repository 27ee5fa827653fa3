import Foundation
import Testing
@testable import Meyasu

/// The difference attack on many random years of the fixture, beyond the 40 of `SuppressionTests`.
///
/// `swift test` runs a few years; `Benchmarks/suppression_stress.sh` runs as many as asked
/// (`MEYASU_STRESS_YEARS`, from seed `MEYASU_STRESS_FIRST`, default 41, so the run continues where
/// `SuppressionTests.randomYears` stops) and reads the line this prints.
@Suite("Suppression stress")
struct SuppressionStressTests {
    /// The outcome for one year: the count tables checked (respondents, each question's answers)
    /// and the leaks found, described.
    static func check(seed: Int, k: Int = 5) -> (tables: Int, leaks: [String]) {
        let cube = SuppressionFixture.cube(SuppressionFixture.people(seed: UInt64(seed) * 7919, blanks: seed % 2 == 0))
        let disclosure = Disclosure(tables: BreakdownTables(cube: cube), k: k)
        let cells = disclosure.tables.cells
        let attack = DifferenceAttack(atoms: cube.atoms, k: k)
        func describe(_ found: (total: GroupKey, remainder: Int, taken: [GroupKey])) -> String {
            "\(found.total.values) − \(found.taken.map(\.values)) = \(found.remainder)"
        }
        var leaks: [String] = []
        let shown = cells.indices.filter { disclosure.isShown($0) }
        if let found = attack.find(shown: shown.map { cells[$0].key }, count: { $0.respondents }) {
            leaks.append("seed \(seed) respondents: \(describe(found))")
        }
        for question in cube.questions.indices {
            let withFigures = cells.indices.filter { disclosure.figures($0, question: question) != nil }
            if let found = attack.find(shown: withFigures.map { cells[$0].key }, count: { $0.answers[question].n }) {
                leaks.append("seed \(seed) question \(question + 1): \(describe(found))")
            }
        }
        return (1 + cube.questions.count, leaks)
    }

    @Test("Random years after the first 40: the attack finds nothing (MEYASU_STRESS_YEARS for more)")
    func stress() {
        let environment = ProcessInfo.processInfo.environment
        let years = environment["MEYASU_STRESS_YEARS"].flatMap(Int.init) ?? 4
        let first = environment["MEYASU_STRESS_FIRST"].flatMap(Int.init) ?? 41
        var tables = 0
        var leaks: [String] = []
        for seed in first..<(first + years) {
            let outcome = Self.check(seed: seed)
            tables += outcome.tables
            leaks += outcome.leaks
        }
        for leak in leaks { print("stress leak: \(leak)") }
        // Each count table stands for the 22 published tables (the year, 6 dimensions, 15 pairs).
        print("stress: \(years) years (seeds \(first)–\(first + years - 1)), \(tables) count tables (\(tables * 22) published tables), \(leaks.count) leaks")
        #expect(leaks.isEmpty)
    }
}
