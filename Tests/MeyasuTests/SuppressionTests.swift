import Foundation
import MeyasuSamples
import Testing
@testable import Meyasu

/// A small synthetic year with awkward groups, and an attacker who knows every shown number.
enum SuppressionFixture {
    // Band ids: 部局 1–3, 課 11–15, 年代 31–34, 性別 21–23, 職種 41–42, 役職 51–52.
    static let bureauOf: [Int32: Int32] = [11: 1, 12: 1, 13: 2, 14: 2, 15: 3]

    /// One response: its bands (課, 性別, 年代, 職種, 役職) and its answer to the two questions (0 = blank).
    struct Person {
        var bureau: Int32, department: Int32, gender: Int32, age: Int32, job: Int32, position: Int32
        var answers: [Int]
    }

    /// 課 11 has 12 respondents, 9 men and 3 women (the difference attack's target); the other 課
    /// are 40, 25, 7 and 3 strong. Everything else is spread by a fixed pseudo-random sequence.
    /// With `blanks`, some respondents leave 性別, 年代 or their 課 unanswered (keeping the 部局).
    static func people(seed: UInt64 = 7, blanks: Bool = false) -> [Person] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var out: [Person] = []
        for (department, size) in [(Int32(11), 12), (12, 40), (13, 25), (14, 7), (15, 3)] {
            for index in 0..<size {
                var gender: Int32 = department == 11 ? (index < 9 ? 21 : 22) : Int32(21 + next(3))
                var age = Int32(31 + next(4))
                var section = department
                if blanks && department != 11 {
                    if next(12) == 0 { gender = 0 }
                    if next(15) == 0 { age = 0 }
                    if next(15) == 0 { section = 0 }
                }
                let answers = [next(6), next(20) == 0 ? 0 : 1 + next(5)]
                out.append(Person(bureau: bureauOf[department]!, department: section, gender: gender, age: age,
                                  job: Int32(41 + next(2)), position: Int32(51 + next(2)), answers: answers))
            }
        }
        return out
    }

    static func cube(_ people: [Person]) -> SurveyCube {
        var builder = SurveyCube.Builder(year: 2024, questions: [SurveyQuestion(id: "Q1", wording: "一"), SurveyQuestion(id: "Q2", wording: "二")])
        for person in people {
            builder.add(groups: (person.bureau, person.department, person.age, person.gender, person.job, person.position)) {
                person.answers[$0]
            }
        }
        return builder.build()
    }
}

/// Brute force over the published numbers: for every shown total, every way of taking away
/// shown groups that lie inside it and are disjoint from each other, looking for a remainder of
/// 1…k−1 people. "Inside" and "disjoint" are what a reader knows without the data: a group
/// inside a total fixes the same bands (a 課 is inside its 部局, as organization.yaml says);
/// two groups are disjoint when they fix one dimension to different bands.
struct DifferenceAttack {
    let atoms: [SurveyCube.Atom]
    let k: Int
    /// The 部局 of each 課 (public: organization.yaml).
    var bureauOf: [Int32: Int32] = SuppressionFixture.bureauOf

    /// The band `key` fixes for `dimension`, the 部局 following from a fixed 課.
    private func band(_ key: GroupKey, _ dimension: SurveyDimension) -> Int32 {
        if dimension == .bureau, key[.bureau] == GroupKey.free, key[.department] > 0, let bureau = bureauOf[key[.department]] {
            return bureau
        }
        return key[dimension]
    }

    func inside(_ inner: GroupKey, _ outer: GroupKey) -> Bool {
        SurveyDimension.allCases.allSatisfy { outer[$0] == GroupKey.free || band(inner, $0) == outer[$0] }
    }

    func disjoint(_ first: GroupKey, _ second: GroupKey) -> Bool {
        SurveyDimension.allCases.contains { dimension in
            let (a, b) = (band(first, dimension), band(second, dimension))
            return a != GroupKey.free && b != GroupKey.free && a != b
        }
    }

    /// A remainder of 1…k−1 found by subtracting disjoint shown groups from a shown total, or nil.
    /// - Parameter count: what is counted in an atom (respondents, or answers to a question).
    func find(shown keys: [GroupKey], count: (SurveyCube.Atom) -> Int) -> (total: GroupKey, remainder: Int, taken: [GroupKey])? {
        let sets: [Set<Int>] = keys.map { key in Set(atoms.indices.filter { key.contains(atoms[$0].groups) && count(atoms[$0]) > 0 }) }
        for (totalIndex, totalKey) in keys.enumerated() where !sets[totalIndex].isEmpty {
            let members = sets[totalIndex].sorted()
            let within = keys.indices.filter { $0 != totalIndex && !sets[$0].isEmpty && inside(keys[$0], totalKey) }
            // The shown groups inside the total, by their first atom.
            var startingAt: [Int: [Int]] = [:]
            for group in within { startingAt[sets[group].min()!, default: []].append(group) }
            var covered = Set<Int>()
            var taken: [Int] = []
            var proof: [Int] = []
            func search(_ position: Int, _ remainder: Int) -> Int? {
                if remainder >= k { return nil }
                if position == members.count {
                    proof = taken
                    return remainder > 0 ? remainder : nil
                }
                let atom = members[position]
                if covered.contains(atom) { return search(position + 1, remainder) }
                if let found = search(position + 1, remainder + count(atoms[atom])) { return found }
                for group in startingAt[atom] ?? [] where taken.allSatisfy({ disjoint(keys[$0], keys[group]) }) {
                    covered.formUnion(sets[group])
                    taken.append(group)
                    defer { covered.subtract(sets[group]); taken.removeLast() }
                    if let found = search(position + 1, remainder) { return found }
                }
                return nil
            }
            if let remainder = search(0, 0) { return (totalKey, remainder, proof.map { keys[$0] }) }
        }
        return nil
    }
}

@Suite("Suppression and Disclosure")
struct SuppressionTests {
    @Test("No group under k is shown, and no shown total minus shown groups leaves 1…k−1", arguments: [5, 3, 10])
    func bruteForce(k: Int) throws {
        let cube = SuppressionFixture.cube(SuppressionFixture.people())
        let disclosure = Disclosure(tables: BreakdownTables(cube: cube), k: k)
        let cells = disclosure.tables.cells
        let shown = cells.indices.filter { disclosure.isShown($0) }
        #expect(shown.allSatisfy { cells[$0].respondents >= k })
        let attack = DifferenceAttack(atoms: cube.atoms, k: k)
        let found = attack.find(shown: shown.map { cells[$0].key }) { $0.respondents }
        #expect(found == nil, "respondents: \(String(describing: found))")
        for question in cube.questions.indices {
            let withFigures = cells.indices.filter { disclosure.figures($0, question: question) != nil }
            #expect(withFigures.allSatisfy { cells[$0].answers[question].n >= k })
            let leak = attack.find(shown: withFigures.map { cells[$0].key }) { $0.answers[question].n }
            #expect(leak == nil, "question \(question): \(String(describing: leak))")
        }
    }

    @Test("A 課 of 12 with 3 women: neither its women nor its men are shown, yet the 課 is")
    func twelveWithThreeWomen() throws {
        let cube = SuppressionFixture.cube(SuppressionFixture.people())
        let tables = BreakdownTables(cube: cube)
        let disclosure = Disclosure(tables: tables, k: 5)
        let department = GroupKey.everyone.fixing(.department, to: 11)
        let women = try #require(tables.cell(department.fixing(.gender, to: 22)))
        let men = try #require(tables.cell(department.fixing(.gender, to: 21)))
        let whole = try #require(tables.cell(department))
        #expect(tables.cells[women].respondents == 3)
        #expect(tables.cells[men].respondents == 9)
        #expect(disclosure.isShown(whole))
        #expect(!disclosure.isShown(women))
        #expect(!disclosure.isShown(men))
    }

    @Test("Without complementary suppression the attack finds the 3 women (the checker can fail)")
    func attackWorks() throws {
        let cube = SuppressionFixture.cube(SuppressionFixture.people())
        let tables = BreakdownTables(cube: cube)
        // Primary suppression only: hide what is under 5, nothing else.
        let shown = tables.cells.indices.filter { tables.cells[$0].publishable && tables.cells[$0].respondents >= 5 }
        let found = DifferenceAttack(atoms: cube.atoms, k: 5).find(shown: shown.map { tables.cells[$0].key }) { $0.respondents }
        #expect(found != nil)
    }

    @Test("A 部局 is the sum of its 課: a 課 under k in a 部局 with one other 課 hides that 課 too")
    func nesting() throws {
        let cube = SuppressionFixture.cube(SuppressionFixture.people())
        let tables = BreakdownTables(cube: cube)
        let disclosure = Disclosure(tables: tables, k: 5)
        // 部局 3 is 課 15 alone (3 respondents): the 部局×課 group is the 課 itself, one cell.
        #expect(tables.cell(GroupKey.everyone.fixing(.bureau, to: 3).fixing(.department, to: 15))
                == tables.cell(GroupKey.everyone.fixing(.department, to: 15)))
        #expect(tables.cell(GroupKey.everyone.fixing(.bureau, to: 1).fixing(.department, to: 15)) == nil)
        let bureau2 = try #require(tables.cell(GroupKey.everyone.fixing(.bureau, to: 2)))
        let small = try #require(tables.cell(GroupKey.everyone.fixing(.department, to: 14)))
        let large = try #require(tables.cell(GroupKey.everyone.fixing(.department, to: 13)))
        #expect(tables.cells[small].respondents == 7)
        // Either the 部局 or both of its 課 may be shown, never the 部局 with exactly one of them.
        let shown = [bureau2, small, large].map { disclosure.isShown($0) }
        #expect(shown != [true, true, false] && shown != [true, false, true])
    }

    @Test("Many random years, some with unanswered bands: the attack never succeeds", arguments: Array(1...40))
    func randomYears(seed: Int) throws {
        let cube = SuppressionFixture.cube(SuppressionFixture.people(seed: UInt64(seed) * 7919, blanks: seed % 2 == 0))
        let disclosure = Disclosure(tables: BreakdownTables(cube: cube), k: 5)
        let cells = disclosure.tables.cells
        let shown = cells.indices.filter { disclosure.isShown($0) }
        let attack = DifferenceAttack(atoms: cube.atoms, k: 5)
        let found = attack.find(shown: shown.map { cells[$0].key }) { $0.respondents }
        #expect(found == nil, "\(found.map { "\($0.total.values) − \($0.taken.map(\.values)) = \($0.remainder)" } ?? "")")
        for question in cube.questions.indices {
            let withFigures = cells.indices.filter { disclosure.figures($0, question: question) != nil }
            let leak = attack.find(shown: withFigures.map { cells[$0].key }) { $0.answers[question].n }
            #expect(leak == nil, "question \(question): \(leak.map { "\($0.total.values) − \($0.taken.map(\.values)) = \($0.remainder)" } ?? "")")
        }
    }
}

@Suite("Suppression on the sample years")
struct SampleSuppressionTests {
    @Test("The attack finds nothing in the real breakdowns of the samples", arguments: [("survey-fy2023.csv", 2023), ("survey-fy2024.csv", 2024)])
    func sample(file: String, year: Int) throws {
        let store = try MeyasuStore()
        let export = try #require(SampleFiles.surveyExports.first { $0.lastPathComponent == file })
        _ = try Fixtures.surveyImporter(store).importFile(at: export.path)
        let cube = try store.surveyCube(year: year)
        let bands = try store.surveyBands()
        let organization = try Fixtures.organization()
        // The public structure: each 課's 部局, from organization.yaml.
        var bureauOf: [Int32: Int32] = [:]
        for band in bands where band.dimension == .department {
            let bureau = organization.department(band.label)!.bureau
            bureauOf[band.id] = bands.first { $0.dimension == .bureau && $0.label == bureau }!.id
        }
        let disclosure = Disclosure(tables: BreakdownTables(cube: cube), k: 5)
        let cells = disclosure.tables.cells
        let shown = cells.indices.filter { disclosure.isShown($0) }
        #expect(shown.count > 100)
        var attack = DifferenceAttack(atoms: cube.atoms, k: 5)
        attack.bureauOf = bureauOf
        let found = attack.find(shown: shown.map { cells[$0].key }) { $0.respondents }
        #expect(found == nil, "\(found.map { "\($0.total.values) − \($0.taken.map(\.values)) = \($0.remainder)" } ?? "")")
    }
}

@Suite("SuppressionAudit")
struct SuppressionAuditTests {
    /// The figures the rules of `Suppression` alone hide (as before the audit): the groups, then
    /// each question's answer counts starting from them.
    static func rulesOnly(_ tables: BreakdownTables, k: Int = 5) -> (groups: [Bool], figures: [[Bool]]) {
        let suppression = Suppression(k: k)
        let publishable = tables.cells.map(\.publishable)
        let groups = suppression.hidden(counts: tables.cells.map(\.respondents), publishable: publishable,
                                        equations: tables.equations, nests: tables.nests)
        let figures = tables.questions.indices.map { question in
            suppression.hidden(counts: tables.cells.map { $0.answers[question].n }, publishable: publishable,
                               equations: tables.equations, nests: tables.nests, initial: groups)
        }
        return (groups, figures)
    }

    @Test("The stress run's leak (seed 233, Q1: everyone minus six groups across 年代, 性別, 職種 = 4) is closed")
    func stressLeak() throws {
        let cube = SuppressionFixture.cube(SuppressionFixture.people(seed: 233 * 7919, blanks: false))
        let tables = BreakdownTables(cube: cube)
        let attack = DifferenceAttack(atoms: cube.atoms, k: 5)
        let cells = tables.cells
        // The rules alone leave it: the answers to Q1 of four people, by difference.
        let old = Self.rulesOnly(tables)
        let oldShown = cells.indices.filter { cells[$0].publishable && !old.figures[0][$0] }
        let leak = try #require(attack.find(shown: oldShown.map { cells[$0].key }) { $0.answers[0].n })
        #expect(leak.total == .everyone && leak.remainder == 4 && leak.taken.count == 6)
        #expect(Set(leak.taken.flatMap(\.fixed)) == [.age, .gender, .job])
        // The audit finds it in what the rules would publish …
        let audit = SuppressionAudit(tables: tables, k: 5)
        let found = audit.leak(cellCounts: cells.map { $0.answers[0].n }, atomCounts: cube.atoms.map { $0.answers[0].n },
                               shown: cells.indices.map { cells[$0].publishable && !old.figures[0][$0] })
        #expect(found?.total == 0 && found.map { $0.remainder > 0 && $0.remainder < 5 } == true)
        // … and what is published finds nothing, for the groups and every question.
        let disclosure = Disclosure(tables: tables, k: 5)
        let shown = cells.indices.filter { disclosure.isShown($0) }
        #expect(attack.find(shown: shown.map { cells[$0].key }) { $0.respondents } == nil)
        for question in cube.questions.indices {
            let withFigures = cells.indices.filter { disclosure.figures($0, question: question) != nil }
            #expect(attack.find(shown: withFigures.map { cells[$0].key }) { $0.answers[question].n } == nil, "question \(question)")
        }
    }

    /// One 課 of 76 whose every group of one or two dimensions has 11 or more people, yet everyone
    /// minus (20代, 男性), (30代, 事務) and (女性, 技術) leaves the 3 people of (20代, 女性, 事務)
    /// and (30代, 男性, 技術): the three groups are pairwise disjoint and lie in three different
    /// tables, so no rule about one total sees it.
    static func triangle() -> [SuppressionFixture.Person] {
        // (年代 31 = 20代 / 32 = 30代, 性別 21 = 男性 / 22 = 女性, 職種 41 = 事務 / 42 = 技術): people.
        let sizes: [((Int32, Int32, Int32), Int)] = [
            ((31, 21, 41), 10), ((31, 21, 42), 10), ((32, 21, 41), 10), ((32, 22, 41), 10),
            ((32, 22, 42), 10), ((31, 22, 42), 10), ((31, 22, 41), 2), ((32, 21, 42), 1),
            ((31, 21, 41), 13),
        ]
        return sizes.flatMap { bands, size in
            (0..<size).map { _ in
                SuppressionFixture.Person(bureau: 1, department: 11, gender: bands.1, age: bands.0, job: bands.2, position: 51, answers: [5, 4])
            }
        }
    }

    @Test("A leak across three tables that the rules miss: the audit finds it and the published tables close it")
    func constructedLeak() throws {
        let cube = SuppressionFixture.cube(Self.triangle())
        let tables = BreakdownTables(cube: cube)
        let cells = tables.cells
        // Nothing is small, so the rules hide nothing …
        #expect(cells.allSatisfy { $0.respondents >= 11 })
        let old = Self.rulesOnly(tables)
        #expect(!old.groups.contains(true))
        // … and the brute force finds the 3 by difference.
        let attack = DifferenceAttack(atoms: cube.atoms, k: 5)
        let leak = try #require(attack.find(shown: cells.map(\.key)) { $0.respondents })
        #expect(leak.remainder == 3)
        let audit = SuppressionAudit(tables: tables, k: 5)
        let found = try #require(audit.leak(cellCounts: cells.map(\.respondents), atomCounts: cube.atoms.map(\.respondents),
                                            shown: cells.map { _ in true }))
        #expect(found.total == 0 && found.remainder == 3)
        #expect(cells[0].respondents - found.taken.reduce(0) { $0 + cells[$1].respondents } == 3)

        let disclosure = Disclosure(tables: tables, k: 5)
        let shown = cells.indices.filter { disclosure.isShown($0) }
        #expect(shown.count < cells.count && disclosure.isShown(0))
        #expect(attack.find(shown: shown.map { cells[$0].key }) { $0.respondents } == nil)
        #expect(audit.leak(cellCounts: cells.map(\.respondents), atomCounts: cube.atoms.map(\.respondents),
                           shown: cells.indices.map { disclosure.isShown($0) }) == nil)
    }

    @Test("The same year gives the same hidden cells every time")
    func deterministic() {
        let cube = SuppressionFixture.cube(SuppressionFixture.people(seed: 233 * 7919))
        let first = Disclosure(tables: BreakdownTables(cube: cube), k: 5)
        let second = Disclosure(tables: BreakdownTables(cube: cube), k: 5)
        #expect(first.hiddenGroup == second.hiddenGroup && first.hiddenFigures == second.hiddenFigures)
    }
}

@Suite("SuppressionAudit: pinned cells")
struct PinnedCellTests {
    @Test("With primary suppression only, the sums pin a hidden group (the check can fail)")
    func findsTheWomen() throws {
        let cube = SuppressionFixture.cube(SuppressionFixture.people())
        let tables = BreakdownTables(cube: cube)
        // Primary suppression only: every group of 5 or more shown, the women (3) among the hidden.
        let shown = tables.cells.map { $0.publishable && $0.respondents >= 5 }
        let audit = SuppressionAudit(tables: tables, k: 5)
        let found = try #require(audit.pinned(cellCounts: tables.cells.map(\.respondents), shown: shown))
        #expect(!shown[found.total] && found.remainder > 0 && found.remainder < 5)
        #expect(tables.cells[found.total].respondents == found.remainder)
    }

    @Test("What is published pins no hidden cell of 1…k−1, for the groups and every question", arguments: Array(1...12))
    func nothingPinned(seed: Int) {
        let cube = SuppressionFixture.cube(SuppressionFixture.people(seed: UInt64(seed) * 7919, blanks: seed % 2 == 0))
        let tables = BreakdownTables(cube: cube)
        let disclosure = Disclosure(tables: tables, k: 5)
        let audit = SuppressionAudit(tables: tables, k: 5)
        #expect(audit.pinned(cellCounts: tables.cells.map(\.respondents), shown: tables.cells.indices.map { disclosure.isShown($0) }) == nil)
        for question in tables.questions.indices {
            let shown = tables.cells.indices.map { disclosure.figures($0, question: question) != nil }
            #expect(audit.pinned(cellCounts: tables.cells.map { $0.answers[question].n }, shown: shown) == nil, "question \(question)")
        }
    }
}
