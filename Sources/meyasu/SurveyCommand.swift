import ArgumentParser
import Foundation
import Meyasu

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "The staff survey's yearly summary.",
        subcommands: [SurveySummaryCommand.self]
    )
}

extension SurveySummaryRenderer.Format: ExpressibleByArgument {}

struct SurveySummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "The programme's indicators against their targets, every question's figures and breakdowns, with no group under k shown.",
        discussion: """
            DIMENSION is 部局, 課, 年代, 性別, 職種 or 役職 (or bureau, department, age, gender, job, position), a pair such as 課×性別 or department,gender, or `all` for every single dimension and every pair; repeat --by for several. Without --by, table and csv show the indicators only, json and html every single dimension (html always has the question × 課 heatmap). Groups of fewer than survey.min_group respondents, and groups that would let one be worked out by difference, are shown as 非表示.
            """
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("The fiscal year (e.g. 2024 for 令和6年度).", valueName: "YYYY"))
    var year: Int

    @Option(name: .long, help: ArgumentHelp("The year to compare with (default: the year before).", valueName: "YYYY"))
    var compare: Int?

    @Option(name: .long, help: ArgumentHelp("A breakdown: a dimension, a pair, or all (repeatable).", valueName: "DIMENSION"))
    var by: [String] = []

    @Option(name: .long, help: "table, csv, json or html.")
    var format: SurveySummaryRenderer.Format = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var out: String?

    func validate() throws {
        for candidate in [year] + (compare.map { [$0] } ?? []) where !(2000...2099).contains(candidate) {
            throw ValidationError("\(candidate) is not a fiscal year Meyasu takes; give the year in which the 年度 starts, e.g. 2024 for 令和6年度.")
        }
        if compare == year { throw ValidationError("--compare must be another year than --year.") }
        _ = try breakdowns()
    }

    /// The breakdowns asked for, each a dimension or a pair, without repeats.
    func breakdowns() throws -> [[SurveyDimension]] {
        var out: [[SurveyDimension]] = []
        for value in by {
            if value.lowercased() == "all" {
                out += SurveySummary.allBreakdowns
                continue
            }
            let names = value.split(whereSeparator: { "×,xX*+".contains($0) })
            let dimensions = names.compactMap { SurveyDimension(name: $0) }
            guard !names.isEmpty, names.count <= 2, dimensions.count == names.count, Set(dimensions).count == names.count else {
                throw ValidationError("--by \(value) is not a breakdown; use 部局, 課, 年代, 性別, 職種 or 役職, a pair such as 課×性別, or all.")
            }
            out.append(dimensions.sorted())
        }
        if by.isEmpty && (format == .json || format == .html) { out = SurveyDimension.allCases.map { [$0] } }
        if format == .html && !out.contains([.department]) { out.insert([.department], at: 0) }
        var seen = Set<[SurveyDimension]>()
        return out.filter { seen.insert($0).inserted }
    }

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let (organization, indicators, profiles, store) = try mapErrors {
            (try space.loadOrganization(), try space.loadIndicators(), try space.loadProfiles(), try space.openStore())
        }
        let compareYear = compare ?? year - 1
        let years = Set(try mapErrors { try store.surveyYearList() })
        let recorded = try mapErrors { try store.indicatorFigures() }
        let published = indicators.indicators.contains { $0.publishedValues[year] != nil } || recorded.contains { $0.year == year }
        if !years.contains(year) && !published {
            let known = years.sorted().map(String.init).joined(separator: ", ")
            throw Failure("there are no survey responses and no indicator figures for \(FiscalYear.label(year)); \(known.isEmpty ? "import a survey export first with `meyasu import survey`" : "years with responses: \(known)").", .usage)
        }
        let wanted = try breakdowns()
        let summary = try mapErrors {
            try space.surveySummary(store: store, organization: organization, indicators: indicators, profiles: profiles,
                                    year: year, compareYear: compareYear, breakdowns: wanted)
        }
        let text = SurveySummaryRenderer().render(summary, as: format)
        guard let out else {
            printOut(text)
            return
        }
        guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
            throw Failure("\(out) cannot be written; check the folder and its permissions.", .noInput)
        }
        printOut("wrote \(out)\n")
    }
}

struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "The programme's non-survey indicator figures.",
        subcommands: [FiguresImportCommand.self]
    )
}

struct FiguresImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Record a year's non-survey indicator figures from a CSV (indicator,fiscal_year,value[,part]).",
        discussion: "Each file is one transaction. A row for a year indicators.yaml already publishes, or one recorded before, is already present when the value is the same and a reported conflict when it differs. Exit 0: all recorded; 3: some rows reported; 65: the file rejected whole; 66: it cannot be opened. See docs/survey.md."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var input: ImportInputOptions

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let (store, indicators) = try mapErrors { (try space.openStore(), try space.loadIndicators()) }
        let importer = FiguresImporter(store: store, indicators: indicators)
        try ImportRun.files(input, space: space) { file in
            try importer.importFile(at: file, dryRun: input.dryRun, encoding: input.textEncoding)
        }
    }
}
