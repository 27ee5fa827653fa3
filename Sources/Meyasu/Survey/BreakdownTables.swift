/// Every group the summary can publish for one year — the whole year, the groups of each
/// dimension, the groups of each pair of dimensions — with their counts, and the totals they add
/// up to (the equations a reader could use to work out a hidden group by difference).
///
/// 部局 and 課 nest: when every respondent of a 課 is in one 部局 (as the import ensures), the
/// group "that 部局 and that 課" is the 課 itself, so the two are one cell, and a 部局's total is
/// the sum of its 課 (and of its respondents who gave no 課).
public struct BreakdownTables: Sendable {
    public struct Cell: Sendable {
        public var key: GroupKey
        public var respondents: Int
        /// Answer counts per question, in the cube's question order.
        public var answers: [AnswerCounts]
        /// True for a group some table shows (at most two fixed dimensions); false for a finer
        /// group that only takes part in an equation and is never shown.
        public var publishable: Bool
    }

    /// A total (`parent`) and the disjoint groups that make it up (`children`), split along
    /// one dimension. Only groups with respondents take part.
    public struct Equation: Sendable, Equatable {
        public var parent: Int
        public var children: [Int]
    }

    /// A total split along 部局 and 課 at once. A reader may take away, 部局 by 部局, either
    /// the 部局's group or the groups of its 課 (and of its respondents who gave no 課), so what
    /// stays unknown is the unknown 課 groups of the 部局 whose own group is unknown.
    public struct Nest: Sendable, Equatable {
        public struct Bureau: Sendable, Equatable {
            /// The total's group for the 部局; nil when it has no cell.
            public var cell: Int?
            /// The total's groups for the 部局's 課 and for its respondents without a 課.
            public var leaves: [Int]
        }

        public var parent: Int
        public var bureaus: [Bureau]
    }

    public let year: Int
    public let questions: [SurveyQuestion]
    /// The year's atoms (its cells of the full cross-classification), as the cube gave them.
    public let atoms: [SurveyCube.Atom]
    public let cells: [Cell]
    public let equations: [Equation]
    /// The totals split along 部局 and 課 together (the whole year and each single group of
    /// the other dimensions).
    public let nests: [Nest]
    private let index: [GroupKey: Int]
    /// The 部局 of each 課, where the year's responses give every respondent of the 課 one 部局.
    private let bureauOf: [Int32: Int32]
    /// The one 課 of each 部局 that has only one (and no respondent without a 課): the 部局's
    /// group is that 課's group.
    private let soleDepartment: [Int32: Int32]

    public init(cube: SurveyCube) {
        year = cube.year
        questions = cube.questions
        atoms = cube.atoms
        var bureaus: [Int32: Set<Int32>] = [:]
        for atom in cube.atoms where atom.groups[SurveyDimension.department.index] > 0 {
            bureaus[atom.groups[SurveyDimension.department.index], default: []].insert(atom.groups[SurveyDimension.bureau.index])
        }
        let bureauOf = bureaus.compactMapValues { $0.count == 1 && $0.first! > 0 ? $0.first! : nil }
        self.bureauOf = bureauOf
        var departmentsOf: [Int32: Set<Int32>] = [:]
        for atom in cube.atoms where atom.groups[SurveyDimension.bureau.index] > 0 {
            departmentsOf[atom.groups[SurveyDimension.bureau.index], default: []].insert(atom.groups[SurveyDimension.department.index])
        }
        let soleDepartment = departmentsOf.compactMapValues { departments -> Int32? in
            guard departments.count == 1, let only = departments.first, only > 0 else { return nil }
            return only
        }.filter { bureauOf[$0.value] == $0.key }
        self.soleDepartment = soleDepartment

        func canonical(_ key: GroupKey) -> GroupKey? {
            Self.canonical(key, bureauOf: bureauOf, soleDepartment: soleDepartment)
        }
        let dimensions = SurveyDimension.allCases
        let pairs = dimensions.enumerated().flatMap { first in dimensions.dropFirst(first.offset + 1).map { (first.element, $0) } }
        let bureauPairs = dimensions.filter { $0 != .bureau && $0 != .department }

        /// The equations' parents for an atom, with the dimensions each is split along.
        func parents(_ atom: SurveyCube.Atom) -> [(GroupKey, [SurveyDimension])] {
            var out: [(GroupKey, [SurveyDimension])] = [(.everyone, dimensions)]
            for dimension in dimensions {
                out.append((GroupKey.everyone.fixing(dimension, to: atom.groups[dimension.index]), dimensions.filter { $0 != dimension }))
            }
            // A 部局's pair groups add up over its 課: split them along 課.
            for other in bureauPairs {
                let key = GroupKey.everyone.fixing(.bureau, to: atom.groups[0]).fixing(other, to: atom.groups[other.index])
                out.append((key, [.department]))
            }
            return out
        }

        // Pass 1: every group an atom belongs to that a table shows or an equation needs.
        var sums: [GroupKey: (Int, [AnswerCounts])] = [:]
        for atom in cube.atoms {
            var keys: Set<GroupKey> = [.everyone]
            for dimension in dimensions {
                if let key = canonical(GroupKey.everyone.fixing(dimension, to: atom.groups[dimension.index])) { keys.insert(key) }
            }
            for (first, second) in pairs {
                let key = GroupKey.everyone.fixing(first, to: atom.groups[first.index]).fixing(second, to: atom.groups[second.index])
                if let key = canonical(key) { keys.insert(key) }
            }
            for (parent, splits) in parents(atom) {
                for dimension in splits {
                    if let child = canonical(parent.fixing(dimension, to: atom.groups[dimension.index])) { keys.insert(child) }
                }
            }
            for key in keys {
                var entry = sums[key] ?? (0, Array(repeating: AnswerCounts(), count: cube.questions.count))
                entry.0 += atom.respondents
                for question in cube.questions.indices { entry.1[question].add(atom.answers[question]) }
                sums[key] = entry
            }
        }
        let keys = sums.keys.sorted()
        cells = keys.map { Cell(key: $0, respondents: sums[$0]!.0, answers: sums[$0]!.1, publishable: $0.fixed.count <= 2) }
        var index: [GroupKey: Int] = [:]
        for (position, key) in keys.enumerated() { index[key] = position }
        self.index = index

        // Pass 2: which groups make up which total, one equation per parent and dimension.
        struct Split: Hashable {
            var parent: GroupKey
            var dimension: SurveyDimension
        }
        var members: [Split: Set<Int>] = [:]
        for atom in cube.atoms {
            for (parent, splits) in parents(atom) {
                guard let parentKey = canonical(parent) else { continue }
                for dimension in splits {
                    guard let child = canonical(parent.fixing(dimension, to: atom.groups[dimension.index])),
                          child != parentKey, let childIndex = index[child] else { continue }
                    members[Split(parent: parentKey, dimension: dimension), default: []].insert(childIndex)
                }
            }
        }
        // Pass 3: the totals a reader can split along 部局 and 課 together.
        var nests: [Nest] = []
        var parentKeys: [GroupKey] = [.everyone]
        for dimension in bureauPairs {
            let values = Set(cube.atoms.map { $0.groups[dimension.index] }).sorted()
            parentKeys += values.map { GroupKey.everyone.fixing(dimension, to: $0) }
        }
        let bureauValues = Set(cube.atoms.map { $0.groups[SurveyDimension.bureau.index] }).sorted()
        let departmentValues = Set(cube.atoms.map { $0.groups[SurveyDimension.department.index] }).filter { $0 > 0 }.sorted()
        for parentKey in parentKeys {
            guard let parent = index[parentKey] else { continue }
            var bureaus: [Nest.Bureau] = []
            for bureau in bureauValues {
                let bureauKey = parentKey.fixing(.bureau, to: bureau)
                let bureauCell = canonical(bureauKey).flatMap { index[$0] }
                var leaves = departmentValues.filter { bureauOf[$0] == bureau }
                    .compactMap { canonical(parentKey.fixing(.department, to: $0)).flatMap { index[$0] } }
                if bureau > 0, let blank = canonical(bureauKey.fixing(.department, to: GroupKey.noAnswer)).flatMap({ index[$0] }) {
                    leaves.append(blank)
                }
                if bureau == 0 { leaves = bureauCell.map { [$0] } ?? [] }
                bureaus.append(Nest.Bureau(cell: bureauCell, leaves: leaves))
            }
            // 課 whose respondents are not all in one 部局 cannot be placed: no nest then.
            if departmentValues.allSatisfy({ bureauOf[$0] != nil }) { nests.append(Nest(parent: parent, bureaus: bureaus)) }
        }
        self.nests = nests

        equations = members.compactMap { split, children -> (Int, Int, Equation)? in
            guard let parent = index[split.parent] else { return nil }
            return (parent, split.dimension.index, Equation(parent: parent, children: children.sorted()))
        }
        .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        .map(\.2)
    }

    /// The key the group is stored under: a 部局 with a single 課 is that 課; a 部局 fixed
    /// beside its own 課 is dropped (the 課 decides it); nil for a group that cannot have
    /// members (a 課 beside another 部局).
    static func canonical(_ key: GroupKey, bureauOf: [Int32: Int32], soleDepartment: [Int32: Int32]) -> GroupKey? {
        var key = key
        if key[.department] == GroupKey.free, let only = soleDepartment[key[.bureau]] {
            key[.department] = only
            key[.bureau] = GroupKey.free
        }
        let department = key[.department]
        guard department > 0, let bureau = bureauOf[department], key[.bureau] != GroupKey.free else { return key }
        return key[.bureau] == bureau ? key.fixing(.bureau, to: GroupKey.free) : nil
    }

    /// `key` with the 部局 of a fixed 課 filled in (a reader knows it from organization.yaml); nil
    /// when `key` fixes another 部局 for that 課, so that no one can be in it.
    func inferredKey(_ key: GroupKey) -> GroupKey? {
        guard key[.department] > 0, let bureau = bureauOf[key[.department]] else { return key }
        if key[.bureau] == GroupKey.free { return key.fixing(.bureau, to: bureau) }
        return key[.bureau] == bureau ? key : nil
    }

    /// The cell of the group `key`; nil when it has no respondents (or cannot have any).
    public func cell(_ key: GroupKey) -> Int? {
        Self.canonical(key, bureauOf: bureauOf, soleDepartment: soleDepartment).flatMap { index[$0] }
    }
}
