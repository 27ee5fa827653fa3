import Foundation
import GRDB
import MeyasuSamples
import Testing
@testable import Meyasu

/// `meyasu import survey`: the proposal import's rules (one transaction per file, idempotent
/// cumulative exports, bad rows reported and stored, never a cell's content) plus the survey's
/// own: answers 5…1, blanks as no answer, bands only, 部局 and 課 from organization.yaml, the
/// fiscal year and nothing finer.
@Suite("SurveyImporter")
struct SurveyImporterTests {
    let folder = TemporaryFolder()
    let store: MeyasuStore

    init() throws {
        store = try MeyasuStore(path: folder.url.appendingPathComponent("t.sqlite").path)
    }

    private func run(_ name: String, _ rows: [String], header: String = Fixtures.surveyHeader,
                     options: SurveyImporter.Options = .init()) throws -> FileImportReport {
        let path = folder.write(name, utf8: ([header] + rows).joined(separator: "\r\n") + "\r\n", bom: true)
        return try Fixtures.surveyImporter(store).importFile(at: path, options: options)
    }

    private func count(_ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    // MARK: the samples

    @Test("The samples import whole, each into its fiscal year; the CP932 file adds nothing")
    func samples() throws {
        let importer = try Fixtures.surveyImporter(store)
        var reports: [String: FileImportReport] = [:]
        for url in SampleFiles.surveyExports { reports[url.lastPathComponent] = try importer.importFile(at: url.path) }
        #expect(reports.count == 3)
        #expect(reports["survey-fy2023.csv"]?.counts.imported == 1620)
        #expect(reports["survey-fy2023.csv"]?.fiscalYear == 2023)
        #expect(reports["survey-fy2024-cp932.csv"]?.sniff?.encoding == .cp932)
        let fy2024 = (reports["survey-fy2024-cp932.csv"]?.counts.imported ?? 0) + (reports["survey-fy2024.csv"]?.counts.imported ?? 0)
        #expect(fy2024 == 1584)
        #expect(reports.values.allSatisfy { $0.counts.badRows == 0 && $0.counts.conflicts == 0 })
        // 10 comments hold identifiers; two of them a full name and an extension each.
        #expect(reports["survey-fy2023.csv"]?.redactions.total == 12)
        #expect(try count("SELECT COUNT(*) FROM survey_response WHERE fiscal_year = 2023") == 1620)
        #expect(try count("SELECT COUNT(*) FROM survey_response WHERE fiscal_year = 2024") == 1584)
        #expect(try count("SELECT COUNT(*) FROM survey_response WHERE comment LIKE '%内線1113%' OR comment LIKE '%@city.example.lg.jp%'") == 0)
    }

    // MARK: values

    @Test("Labels become 5…1, a blank cell is no answer (NULL), bands and the 課 code are kept, the date is not")
    func values() throws {
        let answers = ["そう思う", "ややそう思う", "どちらともいえない", "あまりそう思わない", "そう思わない", "", " ", "そう思う"]
        let report = try run("v.csv", [Fixtures.surveyRow("V1", bureau: "", section: "行政DX推進課", answers: answers, comment: "特になし")])
        #expect(report.counts.imported == 1)
        let row = try #require(try store.read { db in try Row.fetchOne(db, sql: """
            SELECT r.fiscal_year, b.label AS bureau, d.label AS department, a.label AS age,
                   a1, a2, a3, a4, a5, a6, a7, a8, a9, comment
            FROM survey_response r JOIN survey_band b ON b.id = r.bureau JOIN survey_band d ON d.id = r.department
                 JOIN survey_band a ON a.id = r.age
            """) })
        #expect(row["fiscal_year"] as Int == 2024)
        #expect(row["bureau"] as String == "DX推進部")  // taken from the 課 when blank
        #expect(row["department"] as String == "dx")
        #expect(row["age"] as String == "30代")
        #expect([row["a1"], row["a2"], row["a3"], row["a4"], row["a5"], row["a8"]] as [Int] == [5, 4, 3, 2, 1, 5])
        #expect(row["a6"] as Int? == nil)
        #expect(row["a7"] as Int? == nil)
        #expect(row["a9"] as Int? == nil)
        #expect(row["comment"] as String == "特になし")
        let columns = try store.read { db in try db.columns(in: "survey_response").map(\.name) }
        #expect(!columns.contains { $0.contains("date") || $0.contains("submitted") })
    }

    // MARK: row problems

    @Test("Bad cells are reported by line and column and never quoted; the good rows import", arguments: [
        ("likert", Fixtures.surveyRow("B1", answers: ["とてもそう思うZQ"] + Array(repeating: "そう思う", count: 7)),
         "Q1 自分の職場では効率的に仕事が進められている", "not one of the five answers", "とてもそう思うZQ"),
        ("band", Fixtures.surveyRow("B2", age: "60代ZQ"), "年代", "not one of the bands of 年代", "60代ZQ"),
        ("section", Fixtures.surveyRow("B3", section: "秘密課ZQ"), "所属課", "not a 課 of organization.yaml", "秘密課ZQ"),
        ("bureau", Fixtures.surveyRow("B4", bureau: "財務部"), "所属部局", "not the 部局 of this row's 所属課", "財務部"),
        ("date", Fixtures.surveyRow("B5", date: "2024/13/01 08:00:00ZQ"), "回答日時", "fiscal year is unknown", "ZQ"),
        ("id", Fixtures.surveyRow(""), "回答ID", "回答ID is empty", "ZQ"),
    ])
    func badCells(name: String, row: String, column: String, says: String, secret: String) throws {
        let report = try run("\(name).csv", [Fixtures.surveyRow("G1"), row, Fixtures.surveyRow("G2")])
        #expect(report.status == .imported)
        #expect(report.counts.imported == 2)
        #expect(report.counts.badRows == 1)
        let problem = try #require(report.problems.first)
        #expect(problem.line == 3)
        #expect(problem.column == column)
        #expect(problem.reason.contains(says))
        let sentence = problem.sentence(file: "\(name).csv")
        #expect(sentence.hasPrefix("\(name).csv line 3, column \(column): "))
        #expect(!sentence.contains(secret))
        #expect(try count("SELECT COUNT(*) FROM row_problem") == 1)
        #expect(try count("SELECT COUNT(*) FROM row_problem WHERE reason LIKE '%ZQ%'") == 0)
    }

    // MARK: whole-file rejections

    @Test("A header without a required question rejects the file, naming the column; nothing is stored")
    func missingQuestion() throws {
        let header = Fixtures.surveyHeader.replacingOccurrences(of: "Q3 現在の仕事にやりがいを感じている,", with: "")
        let row = Fixtures.surveyRow("M1", answers: Array(repeating: "そう思う", count: 7))
        let report = try run("noq3.csv", [row], header: header)
        #expect(report.status == .rejected)
        #expect(report.errorCode == .badHeader)
        #expect(report.error?.contains("noq3.csv lacks the required column 現在の仕事にやりがいを感じている") == true)
        #expect(try count("SELECT COUNT(*) FROM survey_response") == 0)
        #expect(try count("SELECT COUNT(*) FROM import_batch") == 0)
    }

    @Test("A file spanning two fiscal years is rejected without --year and lands whole in one year with it")
    func twoYears() throws {
        let rows = [Fixtures.surveyRow("Y1", date: "2025/03/31 17:00:00"), Fixtures.surveyRow("Y2", date: "2025/04/01 09:00:00")]
        let report = try run("span.csv", rows)
        #expect(report.status == .rejected)
        #expect(report.errorCode == .mixedFiscalYears)
        #expect(report.error == "span.csv holds responses from two fiscal years (line 2 counts in 2024年度（令和6年度）, line 3 in 2025年度（令和7年度）); import each year's export on its own, or give --year to count every row in one year.")
        #expect(try count("SELECT COUNT(*) FROM survey_response") == 0)
        #expect(try count("SELECT COUNT(*) FROM import_batch") == 0)
        let forced = try run("span.csv", rows, options: .init(fiscalYear: 2024))
        #expect(forced.status == .imported)
        #expect(forced.fiscalYear == 2024)
        #expect(try count("SELECT COUNT(*) FROM survey_response WHERE fiscal_year = 2024") == 2)
    }

    @Test("With --year the dates are not read at all: an unreadable one is no problem")
    func yearGiven() throws {
        let report = try run("y.csv", [Fixtures.surveyRow("D1", date: "不明")], options: .init(fiscalYear: 2023))
        #expect(report.counts.imported == 1)
        #expect(report.fiscalYear == 2023)
    }

    // MARK: idempotence

    @Test("Re-importing adds nothing; a changed answer under the same 回答ID is a conflict and the first is kept")
    func cumulative() throws {
        let rows = (1...6).map { Fixtures.surveyRow("C\($0)") }
        #expect(try run("night1.csv", rows).counts.imported == 6)
        let again = try run("night2.csv", rows + [Fixtures.surveyRow("C7")])
        #expect(again.counts.imported == 1)
        #expect(again.counts.alreadyPresent == 6)
        let changed = try run("night3.csv", [Fixtures.surveyRow("C1", answers: Array(repeating: "そう思わない", count: 8))])
        #expect(changed.counts.conflicts == 1)
        #expect(changed.problems.first?.kind == .conflict)
        #expect(changed.problems.first?.column == "回答ID")
        #expect(try count("SELECT COUNT(*) FROM survey_response WHERE a1 = 1") == 0)
    }

    @Test("--dry-run checks everything and stores nothing")
    func dryRun() throws {
        let report = try run("dry.csv", [Fixtures.surveyRow("R1")], options: .init(dryRun: true))
        #expect(report.status == .dryRun)
        #expect(report.counts.imported == 1)
        #expect(try count("SELECT COUNT(*) FROM survey_response") == 0)
        #expect(try count("SELECT COUNT(*) FROM survey_question") == 0)
    }
}
