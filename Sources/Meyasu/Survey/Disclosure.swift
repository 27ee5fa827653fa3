/// What may be shown of one year's breakdowns: which groups (their respondent counts and
/// everything else about them) and, for each question, whose figures.
///
/// A question's figures rest on the group's answers to it, which can be fewer than its
/// respondents (blank cells); so the same rules run again on each question's answer counts,
/// starting from the groups already hidden.
///
/// After the rules, `SuppressionAudit` checks what is about to be shown against every
/// subtraction a reader can make across all the tables at once, and against every combination of
/// the tables' sums that pins a hidden cell; when it finds a remainder (or a pinned cell) of
/// 1…k−1, the smallest group it rests on is hidden too, the rules run again, and the audit again,
/// until it finds nothing.
public struct Disclosure: Sendable {
    public let tables: BreakdownTables
    public let k: Int
    /// Per cell: hidden as a group.
    public let hiddenGroup: [Bool]
    /// Per question, per cell: figures hidden.
    public let hiddenFigures: [[Bool]]

    public init(tables: BreakdownTables, k: Int) {
        self.tables = tables
        self.k = k
        let suppression = Suppression(k: k)
        let audit = SuppressionAudit(tables: tables, k: k)
        let publishable = tables.cells.map(\.publishable)

        /// The rules, then the audit, until the audit finds nothing to add.
        func decide(cellCounts: [Int], atomCounts: [Int], initial: [Bool]?) -> [Bool] {
            var hidden = suppression.hidden(counts: cellCounts, publishable: publishable,
                                            equations: tables.equations, nests: tables.nests, initial: initial)
            while true {
                let shown = publishable.indices.map { publishable[$0] && !hidden[$0] }
                guard let leak = audit.leak(cellCounts: cellCounts, atomCounts: atomCounts, shown: shown)
                    ?? audit.pinned(cellCounts: cellCounts, shown: shown) else { break }
                // The cheapest way to spoil it: hide the smallest group it rests on (never the whole year).
                guard let extra = leak.taken.filter({ $0 != 0 && shown[$0] }).min(by: { (cellCounts[$0], $0) < (cellCounts[$1], $1) }) else {
                    // The last resort, as for the rules: show nothing but the whole year.
                    for cell in publishable.indices where publishable[cell] && cell != 0 { hidden[cell] = true }
                    break
                }
                hidden[extra] = true
                hidden = suppression.hidden(counts: cellCounts, publishable: publishable,
                                            equations: tables.equations, nests: tables.nests, initial: hidden)
            }
            return hidden
        }

        let hiddenGroup = decide(cellCounts: tables.cells.map(\.respondents), atomCounts: tables.atoms.map(\.respondents), initial: nil)
        self.hiddenGroup = hiddenGroup
        hiddenFigures = tables.questions.indices.map { question in
            decide(cellCounts: tables.cells.map { $0.answers[question].n }, atomCounts: tables.atoms.map { $0.answers[question].n },
                   initial: hiddenGroup)
        }
    }

    /// True when the cell is shown as a group (its respondents).
    public func isShown(_ cell: Int) -> Bool {
        tables.cells[cell].publishable && !hiddenGroup[cell]
    }

    /// The figures of `question` for the cell, or nil when they are hidden.
    public func figures(_ cell: Int, question: Int) -> QuestionFigures? {
        guard isShown(cell), !hiddenFigures[question][cell] else { return nil }
        return QuestionFigures(tables.cells[cell].answers[question])
    }
}
