/// HR's yearly summary: the programme's indicators (survey and others) against their targets,
/// every question's figures, and the breakdowns asked for — with nothing that shows a group of
/// fewer than k respondents, directly or by difference. A pure value: `SurveySummary.Builder`
/// makes it from what the store holds; renderers print it.
public struct SurveySummary: Sendable {
    /// One survey question with its figures and, when it measures one, its indicator.
    public struct QuestionRow: Sendable {
        public var question: SurveyQuestion
        public var indicator: Indicator?
        /// This year's figures; nil when the year has no responses or they are hidden (fewer
        /// than k answers in the whole year).
        public var figures: QuestionFigures?
        /// The compared year's figures, under the same rule.
        public var previous: QuestionFigures?
        /// What indicators.yaml publishes for this year and the compared one.
        public var published: FixedDecimal?
        public var previousPublished: FixedDecimal?

        /// This year's percent favourable: computed, else the published figure.
        public var percent: FixedDecimal? { figures?.favourablePercent ?? published }
        public var previousPercent: FixedDecimal? { previous?.favourablePercent ?? previousPublished }

        /// The change in points; `significant` only when both years are computed.
        public var change: Change? {
            if let figures, let previous, let change = figures.change(from: previous) { return change }
            guard let now = percent, let then = previousPercent else { return nil }
            return Change(points: now - then, significant: false)
        }

        /// Whether both years were computed, so the change's significance is known.
        public var changeTested: Bool { figures != nil && previous != nil }

        /// Whether the indicator's target is met this year; nil without a target or a figure.
        public var attained: Bool? {
            indicator?.target?.attained(current: percent, previous: previousPercent)
        }

        /// True when the computed figure differs from the one indicators.yaml publishes.
        public var differsFromPublished: Bool {
            guard let computed = figures?.favourablePercent, let published else { return false }
            return computed != published
        }
    }

    /// One indicator that is not a survey question, with its figures from indicators.yaml and
    /// `meyasu figures import`.
    public struct FigureRow: Sendable {
        public var indicator: Indicator
        public var value: IndicatorValue?
        public var previous: IndicatorValue?

        /// The change of the figure the target is judged on (the gap, for an indicator with parts).
        public var change: FixedDecimal? {
            guard let value, let previous else { return nil }
            return value.comparable - previous.comparable
        }

        public var attained: Bool? {
            guard let value else { return nil }
            return indicator.target?.attained(current: value.comparable, previous: previous?.comparable)
        }
    }

    /// One question's figures for one group.
    public struct GroupFigures: Sendable {
        /// Nil when hidden.
        public var figures: QuestionFigures?
        /// The compared year's percent favourable for the same group, when shown there too.
        public var previous: QuestionFigures?

        public var change: Change? {
            guard let figures, let previous else { return nil }
            return figures.change(from: previous)
        }
    }

    /// One group of a breakdown.
    public struct Group: Sendable {
        /// The band of each of the breakdown's dimensions (a 課 by its name; 無回答 for no answer).
        public var labels: [String]
        /// Nil when the group is hidden.
        public var respondents: Int?
        /// Per question, in `questions` order; empty when the group is hidden.
        public var figures: [GroupFigures]
        /// Free-text comments (already scrubbed), only for a shown 課 of at least the comment
        /// threshold; nil otherwise.
        public var comments: [String]?

        public var suppressed: Bool { respondents == nil }
        /// `人事課`, `人事課×女性`.
        public var label: String { labels.joined(separator: "×") }
    }

    /// A breakdown by one dimension or a pair.
    public struct Breakdown: Sendable {
        public var dimensions: [SurveyDimension]
        public var groups: [Group]
        /// `課`, `課×性別`.
        public var label: String { dimensions.map(\.label).joined(separator: "×") }
        /// `department`, `department×gender`.
        public var id: String { dimensions.map(\.rawValue).joined(separator: "×") }
    }

    /// An indicator's figures over every known year: one series, or one per part.
    public struct Trend: Sendable {
        public struct Point: Sendable {
            public var year: Int
            public var value: FixedDecimal
            /// True when computed from the imported survey or recorded with `meyasu figures
            /// import`; false when taken from indicators.yaml.
            public var computed: Bool
        }

        public struct Series: Sendable {
            /// The part's name (男性); nil for an indicator without parts.
            public var name: String?
            public var points: [Point]
        }

        public var indicator: Indicator
        public var series: [Series]
        /// Every year with a figure, in order.
        public var years: [Int] { Array(Set(series.flatMap { $0.points.map(\.year) })).sorted() }
    }

    public var year: Int
    public var compareYear: Int?
    /// Respondents this year (nil when there are fewer than k, which hides the whole year).
    public var respondents: Int?
    public var previousRespondents: Int?
    /// k and the comment threshold the summary was made with.
    public var minGroup: Int
    public var minCommentGroup: Int
    public var questions: [QuestionRow]
    public var figures: [FigureRow]
    public var breakdowns: [Breakdown]
    public var trends: [Trend]
    /// Where the published figures come from (indicators.yaml's `source`).
    public var source: String?
    /// True when the year has imported responses (else survey indicators show published figures).
    public var hasResponses: Bool
}
