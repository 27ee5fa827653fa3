/// What may be shown of one year's breakdowns: which groups (their respondent counts and
/// everything else about them) and, for each question, whose figures.
///
/// A question's figures rest on the group's answers to it, which can be fewer than its
/// respondents (blank cells); so the same rules run again on each question's answer counts,
/// starting from the groups already hidden.
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
        let publishable = tables.cells.map(\.publishable)
        let hiddenGroup = suppression.hidden(counts: tables.cells.map(\.respondents), publishable: publishable,
                                             equations: tables.equations, nests: tables.nests)
        self.hiddenGroup = hiddenGroup
        hiddenFigures = tables.questions.indices.map { question in
            suppression.hidden(counts: tables.cells.map { $0.answers[question].n }, publishable: publishable,
                               equations: tables.equations, nests: tables.nests, initial: hiddenGroup)
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
