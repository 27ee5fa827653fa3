import Foundation

extension Workspace {
    /// The survey's summary for `year` against `compareYear`, read from the store and this
    /// workspace's settings (the CLI's `survey summary`, the demo and the portal's HR pages).
    /// Suppression is part of building it: nothing that reads it can skip the small-group rules.
    public func surveySummary(store: MeyasuStore, organization: Organization, indicators: IndicatorSet,
                              profiles: [FormProfile], year: Int, compareYear: Int,
                              breakdowns: [[SurveyDimension]]) throws -> SurveySummary {
        let years = Set(try store.surveyYearList())
        // Comments are shown only in the 課 breakdown.
        let current = years.contains(year) ? try store.surveyYear(year, comments: breakdowns.contains([.department])) : nil
        let cube = current?.cube
        let previousCube = years.contains(compareYear) ? try store.surveyCube(year: compareYear) : nil
        var totals = try store.surveyYearTotals(skipping: Set([cube?.year, previousCube?.year].compactMap { $0 }))
        for cube in [cube, previousCube].compactMap({ $0 }) { totals[cube.year] = SurveyYearTotals(cube) }
        return SurveySummary(SurveySummary.Inputs(
            year: year, compareYear: compareYear, cube: cube, previousCube: previousCube, totals: totals,
            bands: try store.surveyBands(), comments: current?.comments ?? [],
            recorded: try store.indicatorFigures(), indicators: indicators, organization: organization,
            profile: profiles.first { $0.kind == .survey }, breakdowns: breakdowns,
            minGroup: config.survey.minGroup, minCommentGroup: config.survey.minCommentGroup))
    }
}
