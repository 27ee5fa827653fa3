/// A year's figure of a non-survey indicator recorded with `meyasu figures import`.
public struct IndicatorFigure: Sendable, Equatable {
    /// The indicator's id in indicators.yaml.
    public var indicator: String
    /// The part (男性, 女性) for an indicator with parts; empty otherwise.
    public var part: String
    public var year: Int
    public var value: FixedDecimal

    public init(indicator: String, part: String = "", year: Int, value: FixedDecimal) {
        self.indicator = indicator
        self.part = part
        self.year = year
        self.value = value
    }
}

/// What a whole year's responses come to: respondents and each question's answers, for the
/// trend of every known year.
public struct SurveyYearTotals: Sendable, Equatable {
    public var respondents: Int
    /// Answers per question id.
    public var answers: [String: AnswerCounts]

    public init(respondents: Int, answers: [String: AnswerCounts]) {
        self.respondents = respondents
        self.answers = answers
    }
}

extension SurveyYearTotals {
    /// The totals of a cube (a year already read in full).
    public init(_ cube: SurveyCube) {
        var answers: [String: AnswerCounts] = [:]
        for (index, question) in cube.questions.enumerated() {
            var counts = AnswerCounts()
            for atom in cube.atoms { counts.add(atom.answers[index]) }
            answers[question.id] = counts
        }
        self.init(respondents: cube.respondents, answers: answers)
    }
}
