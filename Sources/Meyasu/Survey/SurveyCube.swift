/// One question of the survey as stored: its id and wording.
public struct SurveyQuestion: Sendable, Equatable {
    /// The form profile's question id, e.g. Q1.
    public var id: String
    /// The question as asked.
    public var wording: String

    public init(id: String, wording: String) {
        self.id = id
        self.wording = wording
    }
}

/// A band a response can be counted under: a 部局, a 課 (by its code), an age band …
public struct SurveyBand: Sendable, Equatable {
    public var id: Int32
    public var dimension: SurveyDimension
    public var label: String

    public init(id: Int32, dimension: SurveyDimension, label: String) {
        self.id = id
        self.dimension = dimension
        self.label = label
    }
}

/// Every response of one fiscal year collapsed to its distinct combinations of groups (atoms):
/// for each, how many responded and how they answered each question. Every published figure
/// is a sum over atoms, so one pass over the responses is all the summary needs.
public struct SurveyCube: Sendable {
    /// A combination of groups: one band id per dimension (in `SurveyDimension.allCases` order),
    /// 0 where the respondent did not answer.
    public struct Atom: Sendable, Equatable {
        public var groups: [Int32]
        public var respondents: Int
        /// Answer counts per question, in the cube's question order.
        public var answers: [AnswerCounts]
    }

    public var year: Int
    public var questions: [SurveyQuestion]
    public var atoms: [Atom]

    public init(year: Int, questions: [SurveyQuestion], atoms: [Atom]) {
        self.year = year
        self.questions = questions
        self.atoms = atoms
    }

    /// Respondents in the year.
    public var respondents: Int { atoms.reduce(0) { $0 + $1.respondents } }

    /// Builds a cube one response at a time.
    public struct Builder: Sendable {
        private let year: Int
        private let questions: [SurveyQuestion]
        private var index: [Int64: Int] = [:]
        private var groups: [[Int32]] = []
        private var respondents: [Int] = []
        /// Flat answer counts: atom × question × value.
        private var counts: [Int] = []
        private var lastKey: Int64 = -1
        private var lastAtom = 0

        public init(year: Int, questions: [SurveyQuestion]) {
            self.year = year
            self.questions = questions
        }

        /// Adds one response: its band id per dimension (0 for no answer; each below 2^10) and
        /// its answers 1…5 per question (0 for blank).
        public mutating func add(groups row: (Int32, Int32, Int32, Int32, Int32, Int32), answers: (Int) -> Int) {
            let key = Int64(row.0) | Int64(row.1) << 10 | Int64(row.2) << 20 | Int64(row.3) << 30
                | Int64(row.4) << 40 | Int64(row.5) << 50
            let atom: Int
            if key == lastKey {
                atom = lastAtom
            } else if let found = index[key] {
                atom = found
            } else {
                atom = groups.count
                index[key] = atom
                groups.append([row.0, row.1, row.2, row.3, row.4, row.5])
                respondents.append(0)
                counts.append(contentsOf: repeatElement(0, count: questions.count * 5))
            }
            lastKey = key
            lastAtom = atom
            respondents[atom] += 1
            let base = atom * questions.count * 5
            for question in 0..<questions.count {
                let value = answers(question)
                if value > 0 { counts[base + question * 5 + value - 1] += 1 }
            }
        }

        /// Adds the responses another builder of the same year and questions has counted.
        public mutating func merge(_ other: Builder) {
            let width = questions.count * 5
            for (key, theirs) in other.index {
                let atom: Int
                if let found = index[key] {
                    atom = found
                } else {
                    atom = groups.count
                    index[key] = atom
                    groups.append(other.groups[theirs])
                    respondents.append(0)
                    counts.append(contentsOf: repeatElement(0, count: width))
                }
                respondents[atom] += other.respondents[theirs]
                for offset in 0..<width { counts[atom * width + offset] += other.counts[theirs * width + offset] }
            }
        }

        public func build() -> SurveyCube {
            var atoms: [Atom] = []
            atoms.reserveCapacity(groups.count)
            let width = questions.count * 5
            for atom in groups.indices {
                let answers = (0..<questions.count).map { question in
                    AnswerCounts(counts: Array(counts[(atom * width + question * 5)..<(atom * width + question * 5 + 5)]))
                }
                atoms.append(Atom(groups: groups[atom], respondents: respondents[atom], answers: answers))
            }
            // A stable order, whatever order the responses came in.
            atoms.sort { $0.groups.lexicographicallyPrecedes($1.groups) }
            return SurveyCube(year: year, questions: questions, atoms: atoms)
        }
    }
}
