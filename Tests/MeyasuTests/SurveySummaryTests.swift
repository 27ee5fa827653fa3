import Foundation
import MeyasuSamples
import Testing
@testable import Meyasu

/// The summary model from the real import of the samples: the city's published figures come out.
@Suite("SurveySummary", .serialized)
struct SurveySummaryTests {
    /// The samples imported once into an in-memory store.
    static let store: MeyasuStore = {
        let store = try! MeyasuStore()
        let importer = try! Fixtures.surveyImporter(store)
        for url in SampleFiles.surveyExports { _ = try! importer.importFile(at: url.path) }
        return store
    }()

    static func summary(_ year: Int, breakdowns: [[SurveyDimension]] = [], minGroup: Int = 5,
                        recorded: [IndicatorFigure] = []) throws -> SurveySummary {
        let years = Set(try store.surveyYearList())
        let current = years.contains(year) ? try store.surveyYear(year, comments: true) : nil
        let cube = current?.cube
        let previous = years.contains(year - 1) ? try store.surveyCube(year: year - 1) : nil
        return SurveySummary(.init(
            year: year, cube: cube, previousCube: previous, totals: try store.surveyYearTotals(),
            bands: try store.surveyBands(), comments: current?.comments ?? [],
            recorded: recorded, indicators: try Fixtures.indicators(), organization: try Fixtures.organization(),
            profile: try Fixtures.surveyProfile(), breakdowns: breakdowns, minGroup: minGroup))
    }

    @Test("Q1–Q4 reproduce the published figures in both years, computed from the responses", arguments: [
        (2023, ["52.2", "77.2", "70.1", "74.5"]),
        (2024, ["60.6", "74.5", "71.2", "76.3"]),
    ])
    func seedFigures(year: Int, expected: [String]) throws {
        let summary = try Self.summary(year)
        for (question, figure) in zip(["Q1", "Q2", "Q3", "Q4"], expected) {
            let row = try #require(summary.questions.first { $0.question.id == question })
            #expect(row.figures?.favourablePercent?.description == figure, "\(question)")
            #expect(!row.differsFromPublished)
        }
        #expect(summary.respondents == (year == 2023 ? 1620 : 1584))
    }

    @Test("FY2024 against FY2023: changes in points, the seed's attainment, significance from the intervals")
    func comparison() throws {
        let summary = try Self.summary(2024)
        let q1 = try #require(summary.questions.first { $0.question.id == "Q1" })
        #expect(q1.change?.points.signed == "+8.4")
        #expect(q1.change?.significant == true)
        #expect(q1.attained == true)
        let q2 = try #require(summary.questions.first { $0.question.id == "Q2" })
        #expect(q2.change?.points.signed == "-2.7")
        #expect(q2.attained == false)
        #expect(summary.questions.map(\.question.id) == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"])
        #expect(q1.question.wording == "自分の職場では効率的に仕事が進められている")
        #expect(q1.figures.map { $0.n < 1584 } == true)  // blanks are not answers
    }

    @Test("The other indicators: published history, targets, and a recorded new year")
    func figures() throws {
        let summary = try Self.summary(2024)
        let leave = try #require(summary.figures.first { $0.indicator.id == "annual_leave_days" })
        #expect(leave.value == .single(FixedDecimal("13.7")!))
        #expect(leave.attained == true)
        let over360 = try #require(summary.figures.first { $0.indicator.id == "overtime_over_360h" })
        #expect(over360.attained == false)
        let later = try Self.summary(2025, recorded: [IndicatorFigure(indicator: "overtime_hours", year: 2025, value: FixedDecimal("11.5")!)])
        let hours = try #require(later.figures.first { $0.indicator.id == "overtime_hours" })
        #expect(hours.value == .single(FixedDecimal("11.5")!))
        #expect(hours.change?.signed == "-0.5")
        #expect(hours.attained == true)
        #expect(later.trends.first { $0.indicator.id == "overtime_hours" }?.years == [2020, 2021, 2022, 2023, 2024, 2025])
    }

    @Test("Small 課 are hidden; comments only for a shown 課 of 10 or more, sorted, scrubbed")
    func breakdown() throws {
        let summary = try Self.summary(2024, breakdowns: [[.department]])
        let groups = try #require(summary.breakdowns.first).groups
        let byName = Dictionary(uniqueKeysWithValues: groups.map { ($0.label, $0) })
        #expect(byName["広報課"]?.suppressed == true)
        #expect(byName["人権・男女共同参画課"]?.suppressed == true)
        #expect(byName["広報課"]?.figures.isEmpty == true)
        #expect(byName["会計課"]?.comments == nil)  // 6 respondents: shown, but no comments
        let citizens = try #require(byName["市民課"])
        #expect(citizens.respondents == 380)
        let comments = try #require(citizens.comments)
        #expect(!comments.isEmpty)
        #expect(comments == comments.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for group in groups { #expect(group.suppressed || group.respondents! >= 5) }
        let all = groups.flatMap { $0.comments ?? [] }.joined()
        for planted in ["渡辺由美", "吉田大輔", "内線1113", "@city.example.lg.jp"] { #expect(!all.contains(planted)) }
    }

    @Test("A larger k hides more, and never a group between 1 and k−1", arguments: [5, 10, 30])
    func threshold(k: Int) throws {
        let summary = try Self.summary(2024, breakdowns: SurveySummary.allBreakdowns, minGroup: k)
        for breakdown in summary.breakdowns {
            for group in breakdown.groups {
                if let respondents = group.respondents { #expect(respondents >= k) }
                for cell in group.figures { if let figures = cell.figures { #expect(figures.n >= k) } }
            }
        }
    }

    @Test("A year without responses shows the published survey figures and no breakdowns")
    func publishedOnly() throws {
        let summary = SurveySummary(.init(year: 2024, cube: nil, indicators: try Fixtures.indicators(),
                                          organization: try Fixtures.organization(), breakdowns: [[.department]]))
        #expect(!summary.hasResponses)
        #expect(summary.respondents == nil)
        let q1 = try #require(summary.questions.first { $0.question.id == "Q1" })
        #expect(q1.figures == nil)
        #expect(q1.percent?.description == "60.6")
        #expect(q1.change?.points.signed == "+8.4")
        #expect(!q1.changeTested)
        #expect(summary.breakdowns.first?.groups.isEmpty == true)
    }
}
