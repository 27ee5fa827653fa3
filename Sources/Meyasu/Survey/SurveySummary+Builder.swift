#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension SurveySummary {
    /// What the summary is made from: the store's data and the workspace's configuration.
    public struct Inputs: Sendable {
        public var year: Int
        /// The year compared with; nil for the year before.
        public var compareYear: Int?
        /// This year's and the compared year's responses; nil when none were imported.
        public var cube: SurveyCube?
        public var previousCube: SurveyCube?
        /// Every year with responses (for trends), including the two above.
        public var totals: [Int: SurveyYearTotals]
        public var bands: [SurveyBand]
        /// This year's comments by 課 band id, already scrubbed at import.
        public var comments: [(department: Int32, text: String)]
        public var recorded: [IndicatorFigure]
        public var indicators: IndicatorSet
        public var organization: Organization
        /// The survey form profile, for the order of the bands; nil to sort them by name.
        public var profile: FormProfile?
        /// The breakdowns to include, each one dimension or a pair.
        public var breakdowns: [[SurveyDimension]]
        public var minGroup: Int
        public var minCommentGroup: Int

        public init(year: Int, compareYear: Int? = nil, cube: SurveyCube?, previousCube: SurveyCube? = nil,
                    totals: [Int: SurveyYearTotals] = [:], bands: [SurveyBand] = [],
                    comments: [(department: Int32, text: String)] = [], recorded: [IndicatorFigure] = [],
                    indicators: IndicatorSet, organization: Organization, profile: FormProfile? = nil,
                    breakdowns: [[SurveyDimension]] = [], minGroup: Int = 5, minCommentGroup: Int = 10) {
            self.year = year
            self.compareYear = compareYear
            self.cube = cube
            self.previousCube = previousCube
            self.totals = totals
            self.bands = bands
            self.comments = comments
            self.recorded = recorded
            self.indicators = indicators
            self.organization = organization
            self.profile = profile
            self.breakdowns = breakdowns
            self.minGroup = minGroup
            self.minCommentGroup = minCommentGroup
        }
    }

    /// Every single dimension and every pair, in order.
    public static var allBreakdowns: [[SurveyDimension]] {
        let dimensions = SurveyDimension.allCases
        return dimensions.map { [$0] } + dimensions.enumerated().flatMap { first in
            dimensions.dropFirst(first.offset + 1).map { [first.element, $0] }
        }
    }

    /// Makes the summary. Each year's groups are hidden by that year's own data (so a year's
    /// published figures are the same whichever year it is compared with).
    public init(_ inputs: Inputs) {
        let k = inputs.minGroup
        let compareYear = inputs.compareYear ?? inputs.year - 1
        let disclosure = inputs.cube.map { Disclosure(tables: BreakdownTables(cube: $0), k: k) }
        let previousDisclosure = inputs.previousCube.map { Disclosure(tables: BreakdownTables(cube: $0), k: k) }

        year = inputs.year
        self.compareYear = compareYear
        minGroup = k
        minCommentGroup = inputs.minCommentGroup
        source = inputs.indicators.source
        hasResponses = inputs.cube.map { !$0.atoms.isEmpty } ?? false
        respondents = disclosure.flatMap { $0.tables.cells.isEmpty || !$0.isShown(0) ? nil : $0.tables.cells[0].respondents }
        previousRespondents = previousDisclosure.flatMap { $0.tables.cells.isEmpty || !$0.isShown(0) ? nil : $0.tables.cells[0].respondents }

        // Questions: every one answered this year, and every one an indicator names.
        var questionList = inputs.cube?.questions.filter { question in
            let index = inputs.cube!.questions.firstIndex(of: question)!
            return inputs.cube!.atoms.contains { $0.answers[index].n > 0 }
        } ?? []
        for indicator in inputs.indicators.indicators {
            guard let survey = indicator.survey, !questionList.contains(where: { $0.id == survey.question }) else { continue }
            questionList.append(SurveyQuestion(id: survey.question, wording: survey.wording))
        }
        func wholeYear(_ disclosure: Disclosure?, _ question: String) -> QuestionFigures? {
            guard let disclosure, !disclosure.tables.cells.isEmpty,
                  let index = disclosure.tables.questions.firstIndex(where: { $0.id == question }) else { return nil }
            return disclosure.figures(0, question: index)
        }
        let questionRows = questionList.map { question in
            let indicator = inputs.indicators.indicator(question: question.id)
            let published = indicator?.publishedValues
            func single(_ value: IndicatorValue?) -> FixedDecimal? {
                if case .single(let number)? = value { return number }
                return nil
            }
            return QuestionRow(
                question: SurveyQuestion(id: question.id, wording: indicator?.survey?.wording ?? question.wording),
                indicator: indicator, figures: wholeYear(disclosure, question.id), previous: wholeYear(previousDisclosure, question.id),
                published: single(published?[inputs.year]), previousPublished: single(published?[compareYear]))
        }
        questions = questionRows

        // Other indicators: indicators.yaml's history and what was recorded since.
        let recorded = Self.recordedValues(inputs.recorded, indicators: inputs.indicators)
        figures = inputs.indicators.indicators.filter { $0.survey == nil }.map { indicator in
            var values = indicator.publishedValues
            values.merge(recorded[indicator.id] ?? [:]) { _, new in new }
            return FigureRow(indicator: indicator, value: values[inputs.year], previous: values[compareYear])
        }

        trends = Self.trends(inputs, recorded: recorded)

        // Breakdowns.
        let labels = GroupLabels(bands: inputs.bands, organization: inputs.organization, profile: inputs.profile)
        var commentsByDepartment: [Int32: [String]] = [:]
        for comment in inputs.comments { commentsByDepartment[comment.department, default: []].append(comment.text) }
        breakdowns = inputs.breakdowns.map { dimensions in
            guard let disclosure, let cube = inputs.cube else { return Breakdown(dimensions: dimensions, groups: []) }
            let tables = disclosure.tables
            var groups: [Group] = []
            for key in labels.keys(for: dimensions, in: cube) {
                guard let cell = tables.cell(key) else { continue }
                let shown = disclosure.isShown(cell)
                var group = Group(labels: dimensions.map { labels.label($0, key[$0]) },
                                  respondents: shown ? tables.cells[cell].respondents : nil, figures: [], comments: nil)
                if shown {
                    group.figures = questionRows.map { row in
                        guard let index = cube.questions.firstIndex(where: { $0.id == row.question.id }) else { return GroupFigures() }
                        var previous: QuestionFigures?
                        if let previousDisclosure, let previousCell = previousDisclosure.tables.cell(key),
                           let previousIndex = previousDisclosure.tables.questions.firstIndex(where: { $0.id == row.question.id }) {
                            previous = previousDisclosure.figures(previousCell, question: previousIndex)
                        }
                        return GroupFigures(figures: disclosure.figures(cell, question: index), previous: previous)
                    }
                    if dimensions == [.department], key[.department] > 0, tables.cells[cell].respondents >= inputs.minCommentGroup {
                        // Sorted by text, so their order says nothing about who answered when.
                        // (By their bytes: a Unicode-aware comparison costs much more and orders no better.)
                        group.comments = Self.sortedBytewise(commentsByDepartment[key[.department]] ?? [])
                    }
                }
                groups.append(group)
            }
            return Breakdown(dimensions: dimensions, groups: groups)
        }
    }

    /// `texts` in the order of their UTF-8 bytes: first by their first sixteen bytes as two
    /// numbers, then, where those are equal, byte by byte.
    static func sortedBytewise(_ texts: [String]) -> [String] {
        var keyed = texts.indices.map { index -> (high: UInt64, low: UInt64, index: Int) in
            var words: (UInt64, UInt64) = (0, 0)
            var length = 0
            for byte in texts[index].utf8.prefix(16) {
                if length < 8 { words.0 |= UInt64(byte) << UInt64(56 - 8 * length) } else { words.1 |= UInt64(byte) << UInt64(56 - 8 * (length - 8)) }
                length += 1
            }
            return (words.0, words.1, index)
        }
        keyed.sort { ($0.high, $0.low) != ($1.high, $1.low) ? ($0.high, $0.low) < ($1.high, $1.low) : bytewiseLess(texts[$0.index], texts[$1.index]) }
        return keyed.map { texts[$0.index] }
    }

    /// `left` before `right` in the order of their UTF-8 bytes.
    static func bytewiseLess(_ left: String, _ right: String) -> Bool {
        var (left, right) = (left, right)
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }

    /// Recorded figures by indicator and year, shaped like indicators.yaml's values.
    static func recordedValues(_ recorded: [IndicatorFigure], indicators: IndicatorSet) -> [String: [Int: IndicatorValue]] {
        var out: [String: [Int: IndicatorValue]] = [:]
        let byIndicator = Dictionary(grouping: recorded, by: \.indicator)
        for (id, figures) in byIndicator {
            guard let indicator = indicators.indicator(id) else { continue }
            for (year, entries) in Dictionary(grouping: figures, by: \.year) {
                if let parts = indicator.parts {
                    let values = parts.compactMap { part in entries.first { $0.part == part }.map { (name: part, value: $0.value) } }
                    if values.count == parts.count { out[id, default: [:]][year] = .parts(values) }
                } else if let entry = entries.first(where: { $0.part.isEmpty }) {
                    out[id, default: [:]][year] = .single(entry.value)
                }
            }
        }
        return out
    }

    static func trends(_ inputs: Inputs, recorded: [String: [Int: IndicatorValue]]) -> [Trend] {
        inputs.indicators.indicators.map { indicator in
            var computed: [Int: IndicatorValue] = [:]
            if let survey = indicator.survey {
                for (year, totals) in inputs.totals where totals.respondents >= inputs.minGroup {
                    if let answers = totals.answers[survey.question], answers.n >= inputs.minGroup,
                       let percent = QuestionFigures(answers).favourablePercent {
                        computed[year] = .single(percent)
                    }
                }
            } else {
                computed = recorded[indicator.id] ?? [:]
            }
            var values: [Int: (IndicatorValue, Bool)] = [:]
            for (year, value) in indicator.publishedValues { values[year] = (value, false) }
            for (year, value) in computed { values[year] = (value, true) }
            let names: [String?] = indicator.parts ?? [nil]
            let series = names.enumerated().map { position, name in
                Trend.Series(name: name, points: values.keys.sorted().compactMap { year in
                    let (value, computed) = values[year]!
                    switch value {
                    case .single(let number): return Trend.Point(year: year, value: number, computed: computed)
                    case .parts(let parts): return position < parts.count ? Trend.Point(year: year, value: parts[position].value, computed: computed) : nil
                    }
                })
            }
            return Trend(indicator: indicator, series: series)
        }
    }
}

/// How groups are named and ordered: 課 by their organization.yaml name and order, bands in
/// the form profile's order, 無回答 last.
struct GroupLabels {
    static let noAnswer = "無回答"
    private var label: [Int32: String] = [:]
    private var rank: [Int32: Int] = [:]

    init(bands: [SurveyBand], organization: Organization, profile: FormProfile?) {
        var bureauOrder: [String] = []
        for department in organization.departments where !bureauOrder.contains(department.bureau) {
            bureauOrder.append(department.bureau)
        }
        for band in bands {
            switch band.dimension {
            case .department:
                let position = organization.departments.firstIndex { $0.code == band.label }
                label[band.id] = position.map { organization.departments[$0].section } ?? band.label
                rank[band.id] = position ?? Int.max / 2
            case .bureau:
                label[band.id] = band.label
                rank[band.id] = bureauOrder.firstIndex(of: band.label) ?? Int.max / 2
            default:
                label[band.id] = band.label
                let order = profile?.columns.first { $0.field == band.dimension.rawValue }?.bands ?? []
                rank[band.id] = order.firstIndex(of: band.label) ?? Int.max / 2
            }
        }
    }

    func label(_ dimension: SurveyDimension, _ value: Int32) -> String {
        value == GroupKey.noAnswer ? Self.noAnswer : label[value] ?? String(value)
    }

    /// The band values of `dimension` present in the cube, in display order.
    func values(_ dimension: SurveyDimension, in cube: SurveyCube) -> [Int32] {
        Set(cube.atoms.map { $0.groups[dimension.index] }).sorted { left, right in
            if (left == GroupKey.noAnswer) != (right == GroupKey.noAnswer) { return right == GroupKey.noAnswer }
            let (a, b) = (rank[left] ?? Int.max, rank[right] ?? Int.max)
            return a != b ? a < b : label(dimension, left) < label(dimension, right)
        }
    }

    /// Every group of a breakdown, in display order (empty combinations are skipped later).
    func keys(for dimensions: [SurveyDimension], in cube: SurveyCube) -> [GroupKey] {
        var keys: [GroupKey] = [.everyone]
        for dimension in dimensions {
            let values = values(dimension, in: cube)
            keys = keys.flatMap { key in values.map { key.fixing(dimension, to: $0) } }
        }
        return keys
    }
}
