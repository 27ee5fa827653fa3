import Foundation
import Hummingbird
import Meyasu

/// HR's survey pages: the summary of any year with the report's charts and heatmap, and its
/// downloads. The summary is built by the same library call as `meyasu survey summary`, so the
/// small-group rules and the difference audit apply exactly as in the CLI.
struct SurveyRoutes: Sendable {
    let services: PortalServices

    func register(on router: Router<PortalContext>) {
        router.get("/survey") { request, context in try page(request, context) }
        router.get("/survey/download") { request, context in try download(request, context) }
        router.get("/api/survey/summary") { request, context in try json(request, context) }
    }

    /// The years with responses or published indicator figures, oldest first.
    func years() throws -> [Int] {
        var years = Set(try services.store.surveyYearList())
        for indicator in services.indicators.indicators { years.formUnion(indicator.publishedValues.keys) }
        for figure in try services.store.indicatorFigures() { years.insert(figure.year) }
        return years.sorted()
    }

    /// The year and comparison year asked for (default: the latest year and the one before).
    func requested(_ request: Request, years: [Int]) throws -> (year: Int, compare: Int)? {
        let fields = request.query
        guard let latest = years.last else { return nil }
        func year(_ name: String) throws -> Int? {
            guard let text = fields.value(name) else { return nil }
            guard let value = Int(text), (2000...2099).contains(value) else {
                throw PortalError(.badRequest, "\(name) は 2024 のような年度（西暦）で指定してください。")
            }
            return value
        }
        let chosen = try year("year") ?? latest
        guard years.contains(chosen) else {
            throw PortalError(.notFound, "\(FiscalYear.label(chosen))の回答も指標の値もありません。")
        }
        let compare = try year("compare") ?? chosen - 1
        if compare == chosen { throw PortalError(.badRequest, "比較する年度は別の年度を選んでください。") }
        return (chosen, compare)
    }

    func summary(year: Int, compare: Int, breakdowns: [[SurveyDimension]]) throws -> SurveySummary {
        let space = services.workspace
        return try space.surveySummary(store: services.store, organization: services.organization,
                                       indicators: services.indicators, profiles: services.profiles,
                                       year: year, compareYear: compare, breakdowns: breakdowns)
    }

    /// Every single dimension, as the CLI's html and json formats show by default (the 課 one
    /// carries the heatmap).
    static let reportBreakdowns = SurveyDimension.allCases.map { [$0] }

    func page(_ request: Request, _ context: PortalContext) throws -> Response {
        _ = try context.require(.hr, .admin)
        let years = try self.years()
        var values: [String: Any] = ["query": ""]
        if let (year, compare) = try requested(request, years: years) {
            let summary = try self.summary(year: year, compare: compare, breakdowns: Self.reportBreakdowns)
            values["report"] = SurveySummaryRenderer().htmlBody(summary)
            values["query"] = "year=\(year)&compare=\(compare)"
            values["years"] = years.reversed().map { ["year": $0, "label": FiscalYear.label($0), "selected": $0 == year] as [String: Any] }
            values["compareYears"] = years.reversed().filter { $0 != year }.map {
                ["year": $0, "label": FiscalYear.label($0), "selected": $0 == compare && request.query.value("compare") != nil] as [String: Any]
            }
        }
        return services.pages.page("survey", values, context: context)
    }

    func download(_ request: Request, _ context: PortalContext) throws -> Response {
        _ = try context.require(.hr, .admin)
        guard let (year, compare) = try requested(request, years: try years()) else {
            throw PortalError(.notFound, "集計できる年度がありません。")
        }
        let format: SurveySummaryRenderer.Format
        switch request.query.value("format") ?? "csv" {
        case "csv": format = .csv
        case "json": format = .json
        case "html": format = .html
        default: throw PortalError(.badRequest, "format は csv、json、html のどれかです。")
        }
        // The CSV has every breakdown, single and paired: it is what HR opens in Excel.
        let breakdowns = format == .csv ? SurveySummary.allBreakdowns : Self.reportBreakdowns
        let text = SurveySummaryRenderer().render(try summary(year: year, compare: compare, breakdowns: breakdowns), as: format)
        let (type, ext) = switch format {
        case .csv: ("text/csv; charset=utf-8", "csv")
        case .json: ("application/json; charset=utf-8", "json")
        default: ("text/html; charset=utf-8", "html")
        }
        let name = "survey-\(year).\(ext)"
        return Download.response(text, contentType: type, fileName: "職員アンケート-\(year).\(ext)", asciiName: name)
    }

    func json(_ request: Request, _ context: PortalContext) throws -> Response {
        _ = try context.require(.hr, .admin)
        guard let (year, compare) = try requested(request, years: try years()) else {
            throw PortalError(.notFound, "there is no survey year yet; an admin imports the survey export first.")
        }
        return JSONBody.text(SurveySummaryRenderer().render(try summary(year: year, compare: compare, breakdowns: Self.reportBreakdowns), as: .json))
    }
}
