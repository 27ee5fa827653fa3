import ArgumentParser
import Foundation
import Logging
import Meyasu

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import LoGo Form CSV exports.",
        subcommands: [ImportProposalsCommand.self, ImportSurveyCommand.self]
    )
}

struct ImportProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: "Import proposal-form exports (cumulative exports are fine: only new responses are added).",
        discussion: "Each file is one transaction: it lands whole or not at all. Then the search index and the similar-proposal links are brought up to date in transactions of their own (--defer-index leaves that to `meyasu index` or the next search). Exit 0: all imported; 3: imported with some rows reported; 65: a file rejected whole; 66: a file cannot be opened; 75: the database is busy."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var input: ImportInputOptions

    @OptionGroup var form: ImportFormOptions

    @Flag(name: .long, help: "Store the files only; leave the search index and the similar-proposal links to `meyasu index` or the next command that reads them.")
    var deferIndex = false

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let tools = try ImportSetup.tools(space, input: input, form: form)
        let importer = try mapErrors { try space.proposalImporter(tools) }
        let options = ProposalImporter.Options(dryRun: input.dryRun, encoding: input.textEncoding, profile: form.profile)
        let (store, dryRun, deferIndex) = (tools.store, input.dryRun, deferIndex)
        try ImportRun.files(input, space: space, index: {
            importer.releaseRouter()
            return IndexPhase.run(store: store, dryRun: dryRun, deferred: deferIndex)
        }) { file in
            try importer.importFile(at: file, options: options)
        }
    }
}

/// The phase of `meyasu import proposals` after the files: the search index and the similar-proposal
/// links brought up to date (`MeyasuStore.refreshDerivedData`), in transactions of their own. The
/// files are committed by then, so a failure here does not change the import's exit status: what
/// is left is done by `meyasu index` or the next command that reads the index.
struct IndexPhase: Encodable {
    enum Status: String, Encodable {
        /// The catch-up ran: every proposal is indexed.
        case done
        /// --defer-index: it did not run.
        case deferred
        /// It stopped on a database error; `error` says why.
        case failed
        /// A dry run stores nothing, so there is nothing to index.
        case skipped
    }

    var status: Status
    /// Proposals added to the index and linked by this run.
    var proposals = 0
    /// Proposals still not indexed afterwards (nil when that could not be read).
    var pending: Int?
    var seconds: Double?
    var error: String?

    static func run(store: MeyasuStore, dryRun: Bool, deferred: Bool) -> IndexPhase {
        if dryRun { return IndexPhase(status: .skipped, pending: nil) }
        if deferred { return IndexPhase(status: .deferred, pending: try? store.derivedDataPending()) }
        do {
            let (report, seconds) = try timed { try store.refreshDerivedData() }
            return IndexPhase(status: .done, proposals: report.proposals, pending: 0, seconds: seconds)
        } catch {
            let message = (error as? StoreError)?.message ?? "the database reported an unexpected error."
            return IndexPhase(status: .failed, pending: try? store.derivedDataPending(), error: message)
        }
    }

    /// The line of the text report.
    var text: String? {
        let waiting = "wait for `meyasu index` or the next search"
        switch status {
        case .skipped: return nil
        case .done:
            return proposals == 0 ? "search index: up to date (nothing new to add).\n"
                : "search index: \(proposals) proposals added and linked in \(String(format: "%.2f", seconds ?? 0)) s.\n"
        case .deferred:
            return "search index: deferred (--defer-index); \(pending.map(String.init) ?? "the new") proposals \(waiting).\n"
        case .failed:
            return "search index: not brought up to date; \(pending.map(String.init) ?? "the new") proposals \(waiting).\n"
        }
    }

    enum CodingKeys: String, CodingKey { case status, proposals, pending, seconds, error }
}

struct ImportSurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Import staff-survey exports (cumulative exports are fine: only new responses are added).",
        discussion: "Each file is one transaction and one fiscal year (年度, April to March): --year, else the year of the rows' 回答日時; a file whose rows span two fiscal years is rejected unless --year is given. Exit 0: all imported; 3: imported with some rows reported; 65: a file rejected whole; 66: a file cannot be opened; 75: the database is busy."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var input: ImportInputOptions

    @OptionGroup var form: ImportFormOptions

    @Option(name: .long, help: ArgumentHelp("Count every response in this fiscal year (e.g. 2024 for 令和6年度) instead of taking it from 回答日時.", valueName: "YYYY"))
    var year: Int?

    func validate() throws {
        if let year, !(2000...2099).contains(year) {
            throw ValidationError("--year \(year) is not a fiscal year Meyasu takes; give the year in which the 年度 starts, e.g. 2024 for 令和6年度.")
        }
    }

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let tools = try ImportSetup.tools(space, input: input, form: form)
        let importer = space.surveyImporter(tools)
        let options = SurveyImporter.Options(dryRun: input.dryRun, encoding: input.textEncoding, profile: form.profile,
                                             fiscalYear: year)
        try ImportRun.files(input, space: space) { file in
            try importer.importFile(at: file, options: options)
        }
    }
}

/// What every import command takes: the files, --dry-run, --format and --encoding.
struct ImportInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The CSV files to import.", valueName: "FILE"))
    var files: [String]

    @Flag(name: .long, help: "Check everything and report, but store nothing.")
    var dryRun = false

    @Option(name: .long, help: "text or json.")
    var format: ReportFormat = .text

    @Option(name: .long, help: ArgumentHelp("Force the encoding: utf-8 or cp932 (default: detected from the bytes).", valueName: "NAME"))
    var encoding: String?

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    var textEncoding: TextEncoding? { encoding.flatMap(TextEncoding.init(option:)) }

    func validate() throws {
        if let encoding, TextEncoding(option: encoding) == nil {
            throw ValidationError("--encoding \(encoding) is not known; use utf-8 or cp932.")
        }
    }
}

/// What the imports of LoGo exports take beyond that: the form profile and the roster.
struct ImportFormOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use this form profile id instead of matching headers.", valueName: "ID"))
    var profile: String?

    @Option(name: .long, help: ArgumentHelp("The HR staff list (CSV 職員番号,氏名,ふりがな,所属) for recognising names in free text; overrides privacy.roster.", valueName: "FILE"))
    var roster: String?
}

/// What both imports open (`Workspace.importTools`), with the CLI's options and exit codes.
enum ImportSetup {
    static func tools(_ space: Workspace, input: ImportInputOptions, form: ImportFormOptions) throws -> Workspace.ImportTools {
        try mapErrors { try space.importTools(roster: form.roster, dryRun: input.dryRun) }
    }
}

/// The part every import command shares: one file after another, each reported as it is done,
/// and the exit status of the most serious outcome.
enum ImportRun {
    /// - Parameter index: run after the last file (not when the database failed on the way), for
    ///   its own line of the report.
    static func files(_ input: ImportInputOptions, space: Workspace, index: (() -> IndexPhase)? = nil,
                      _ importFile: (String) throws -> FileImportReport) throws {
        let (files, format) = (input.files, input.format)
        if KeyFile.isExposed(space.keyURL) {
            Failure("warning: the key file \(space.config.keyFile) can be read by other users; run chmod 600 on it.", .success).report()
        }
        var reports: [FileImportReport] = []
        for file in files {
            do {
                let report = try mapErrors { try importFile(file) }
                reports.append(report)
                if format == .text { printOut(ImportReportText.render(report)) }
                if let error = report.error { Failure(error, .fileRejected).report() }
            } catch let failure as Failure {
                // The database failed (busy, full): the files before this one are committed; say so, then stop.
                if format == .json { printOut(ImportReportJSON.render(reports, exitCode: failure.exitCode.rawValue)) }
                throw failure
            }
        }
        let phase = index?()
        if let phase {
            if format == .text, let line = phase.text { printOut(line) }
            if let error = phase.error {
                Failure("warning: the search index was not brought up to date: \(error) Run `meyasu index` when the database is free; the next search also does it.", .success).report()
            }
        }
        let status = ImportReportStatus.exitStatus(reports)
        if format == .json { printOut(ImportReportJSON.render(reports, index: phase, exitCode: status.rawValue)) }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

enum ImportReportStatus {
    static func exitStatus(_ reports: [FileImportReport]) -> ExitStatus {
        if reports.contains(where: { $0.status == .rejected && $0.errorCode == .unreadable }) { return .noInput }
        if reports.contains(where: { $0.status == .rejected }) { return .fileRejected }
        if reports.contains(where: \.hasRowProblems) { return .rowsReported }
        return .success
    }
}

/// `--format json` of an import: described by `schemas/import-report.schema.json`.
enum ImportReportJSON {
    struct Output: Encodable {
        var files: [File]
        var index: IndexPhase?
        var exitCode: Int32

        enum CodingKeys: String, CodingKey { case files, index, exitCode = "exit_code" }
    }

    struct File: Encodable {
        var file: String
        var status: String
        var encoding: String?
        var bom: Bool?
        var encodingForced: Bool?
        var profile: String?
        var batchID: Int64?
        var counts: ImportCounts
        var redactions: [String: Int]
        var ignoredColumns: [String]
        var problems: [RowProblem]
        var fiscalYear: Int?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case file, status, encoding, profile, counts, problems, error, redactions
            case bom
            case encodingForced = "encoding_forced"
            case batchID = "batch_id"
            case fiscalYear = "fiscal_year"
            case ignoredColumns = "ignored_columns"
        }
    }

    static func render(_ reports: [FileImportReport], index: IndexPhase? = nil, exitCode: Int32) -> String {
        let output = Output(files: reports.map { report in
            File(file: report.file, status: report.status.rawValue, encoding: report.sniff?.encoding.rawValue,
                 bom: report.sniff.map { $0.bomLength > 0 }, encodingForced: report.sniff?.forced, profile: report.profile,
                 batchID: report.batchID, counts: report.counts,
                 redactions: Dictionary(uniqueKeysWithValues: report.redactions.counts.map { ($0.key.rawValue, $0.value) }),
                 ignoredColumns: report.ignoredColumns,
                 problems: report.problems, fiscalYear: report.fiscalYear, error: report.error)
        }, index: index, exitCode: exitCode)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(output)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
