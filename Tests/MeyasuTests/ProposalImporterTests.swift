import Foundation
import GRDB
import Testing
@testable import Meyasu

/// The bad-input policy of issue 2, case by case: reject the whole file when it cannot be used
/// as a whole; report just the row when records can still be told apart; commit fully or not at all.
@Suite("ProposalImporter: bad input")
struct ProposalImporterTests {
    let folder = TemporaryFolder()
    let store: MeyasuStore

    init() throws {
        store = try MeyasuStore(path: folder.url.appendingPathComponent("t.sqlite").path)
    }

    private func run(_ name: String, _ bytes: [UInt8], options: ProposalImporter.Options = .init()) throws -> FileImportReport {
        let path = folder.write(name, bytes)
        return try Fixtures.importer(store).importFile(at: path, options: options)
    }

    private func run(_ name: String, _ text: String, bom: Bool = true) throws -> FileImportReport {
        try run(name, (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
    }

    private func csv(_ rows: [String], lineEnd: String = "\r\n") -> String {
        ([Fixtures.header] + rows).joined(separator: lineEnd) + lineEnd
    }

    private func batchCount() throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_batch") ?? 0 }
    }

    // MARK: whole-file rejections

    @Test("Rejects an empty file, a BOM-only file, UTF-16, a zip, binary data and an endless line; stores nothing",
          arguments: [
            ("empty", [UInt8](), "empty"),
            ("bom-only", [0xEF, 0xBB, 0xBF], "byte-order mark"),
            ("utf16", [0xFF, 0xFE, 0x5E, 0x56, 0x54, 0x7B], "UTF-16"),
            ("zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "zip archive"),
            ("binary", (0..<2048).map { UInt8(($0 * 7919) % 256) }, "binary"),
            ("endless", Array(repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024), "line end"),
          ] as [(String, [UInt8], String)])
    func rejectsWhole(name: String, bytes: [UInt8], says: String) throws {
        let report = try run("\(name).csv", bytes)
        #expect(report.status == .rejected)
        #expect(report.error?.contains("\(name).csv") == true)
        #expect(report.error?.contains(says) == true)
        #expect(try store.proposalCount() == 0)
        #expect(try batchCount() == 0)
    }

    @Test("An endless line after good rows rolls the whole file back")
    func endlessLineAfterGoodRows() throws {
        let text = csv([Fixtures.row("A1"), Fixtures.row("A2")]) + String(repeating: "y", count: 2 << 20)
        let report = try run("late.csv", text)
        #expect(report.status == .rejected)
        #expect(try store.proposalCount() == 0)
        #expect(try batchCount() == 0)
    }

    @Test("A header-only file imports nothing, without error")
    func headerOnly() throws {
        let report = try run("header.csv", Fixtures.header + "\r\n")
        #expect(report.status == .imported)
        #expect(report.counts == ImportCounts())
        #expect(report.error == nil)
    }

    @Test("A missing required column rejects the file, naming every missing column")
    func missingRequired() throws {
        let report = try run("cols.csv", "回答ID,回答日時,現状と課題\r\nA1,2025/06/12 14:03:27,x\r\n")
        #expect(report.status == .rejected)
        #expect(report.errorCode == .badHeader)
        #expect(report.error?.contains("件名") == true)
        #expect(report.error?.contains("改善案") == true)
        #expect(try store.proposalCount() == 0)
    }

    @Test("A header name that appears twice rejects the file, naming it")
    func duplicateHeader() throws {
        let report = try run("dup.csv", "回答ID,回答日時,件名,改善案,件名\r\nA1,2025/06/12 14:03:27,t,p,t\r\n")
        #expect(report.status == .rejected)
        #expect(report.error?.contains("件名 twice") == true)
    }

    @Test("A repeated header the profile does not know is named by its position, never its text")
    func duplicateUnknownHeader() throws {
        let report = try run("noheader.csv", "回答ID,回答日時,件名,改善案,山田花子,山田花子\r\nA1,2025/06/12 14:03:27,t,p,x,y\r\n")
        #expect(report.status == .rejected)
        #expect(report.error?.contains("column number 6 twice") == true)
        #expect(report.error?.contains("山田花子") == false)
    }

    @Test("Unknown columns are reported once and ignored")
    func unknownColumns() throws {
        let report = try run("extra.csv", "回答ID,回答日時,件名,改善案,備考\r\nA1,2025/06/12 14:03:27,t,p,secret-note\r\nA2,2025/06/12 14:03:27,t,p,x\r\n")
        #expect(report.status == .imported)
        #expect(report.ignoredColumns == ["備考"])
        #expect(report.counts.imported == 2)
    }

    // MARK: row-level problems

    @Test("Rows with the wrong number of cells, an empty 回答ID, a NUL byte or an impossible date are reported; the rest import")
    func badRows() throws {
        let rows = [
            Fixtures.row("G1"),
            "B1,2025/06/12 14:03:27,,,一般提案",                                  // too few cells
            Fixtures.row("B2") + ",extra",                                        // too many cells
            Fixtures.row(""),                                                      // empty 回答ID
            Fixtures.row("B3", title: "NUL\u{0}inside"),                           // NUL byte
            Fixtures.row("B4", date: "2025/02/30 10:00:00"),                      // not a real date
            Fixtures.row("B5", date: "不明"),                                      // not a date at all
            Fixtures.row("G2", date: "2025/4/1 8:31"),                            // Excel style: fine
        ]
        let report = try run("rows.csv", csv(rows))
        #expect(report.status == .imported)
        #expect(report.counts.rowsRead == 8)
        #expect(report.counts.imported == 2)
        #expect(report.counts.badRows == 6)
        #expect(report.problems.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(report.problems[0].reason.contains("cells"))
        #expect(report.problems[2].column == "回答ID")
        #expect(report.problems[3].column == "件名")
        #expect(report.problems[3].reason.contains("NUL"))
        #expect(report.problems[4].column == "回答日時")
        #expect(report.problems[5].column == "回答日時")
        // Problems are stored with the batch too.
        let stored = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM row_problem") }
        #expect(stored == 6)
    }

    @Test("An unterminated quote at the end of the file: the records before it import, it is reported")
    func unterminatedQuote() throws {
        let text = csv([Fixtures.row("A1"), Fixtures.row("A2")]) + "A3,2025/06/12 14:03:27,,,一般提案,,\"件名が閉じない,x,y"
        let report = try run("quote.csv", text)
        #expect(report.counts.imported == 2)
        #expect(report.counts.badRows == 1)
        #expect(report.problems.first?.line == 4)
        #expect(report.problems.first?.reason.contains("never closed") == true)
    }

    @Test("A quote inside an unquoted cell: that row is reported")
    func strayQuote() throws {
        let report = try run("stray.csv", csv([Fixtures.row("A1", title: "5\"モニター"), Fixtures.row("A2")]))
        #expect(report.counts.imported == 1)
        #expect(report.problems.first?.column == "件名")
        #expect(report.problems.first?.line == 2)
    }

    @Test("A row with bytes invalid in a CP932 file is reported; the other rows import")
    func invalidCP932Row() throws {
        func sjis(_ text: String) -> [UInt8] {
            // The few characters used here, in CP932.
            let table: [Character: [UInt8]] = ["回": [0x89, 0xF1], "答": [0x93, 0x9A], "日": [0x93, 0xFA], "時": [0x8E, 0x9E],
                                               "件": [0x8C, 0x8F], "名": [0x96, 0xBC], "改": [0x89, 0xFC], "善": [0x91, 0x50],
                                               "案": [0x88, 0xC4]]
            return text.flatMap { table[$0] ?? Array(String($0).utf8) }
        }
        var bytes = sjis("回答ID,回答日時,件名,改善案\r\n")
        bytes += sjis("A1,2025/06/12 14:03:27,件名,改善案\r\n")
        bytes += sjis("A2,2025/06/12 14:03:27,") + [0x81, 0x0A - 0x0A + 0x7F] + sjis(",改善案\r\n")  // 0x81 0x7F: no such character
        bytes += sjis("A3,2025/06/12 14:03:27,件名,改善案\r\n")
        let report = try run("sjis.csv", bytes)
        #expect(report.sniff?.encoding == .cp932)
        #expect(report.counts.imported == 2)
        #expect(report.counts.badRows == 1)
        #expect(report.problems.first?.line == 3)
        #expect(report.problems.first?.column == "件名")
        #expect(report.problems.first?.reason.contains("CP932") == true)
        let titles = try store.proposals(.init()).map(\.title)
        #expect(titles == ["件名", "件名"])
    }

    @Test("A broken UTF-8 row in a UTF-8 file is reported, not mis-read as CP932")
    func invalidUTF8Row() throws {
        var rows = (1...30).map { Fixtures.row("U\($0)") }
        rows.append("U99,2025/06/12 14:03:27,,,一般提案,,BROKEN,x,y")
        var bytes = Array(csv(rows).utf8)
        let marker = Array("BROKEN".utf8)
        if let at = (0...(bytes.count - marker.count)).first(where: { Array(bytes[$0..<$0 + marker.count]) == marker }) {
            bytes.replaceSubrange(at..<at + marker.count, with: [0xE3, 0x81])  // a truncated sequence
        }
        let report = try run("utf8.csv", bytes, options: .init())
        #expect(report.sniff?.encoding == .utf8)
        #expect(report.counts.imported == 30)
        #expect(report.counts.badRows == 1)
        #expect(report.problems.first?.column == "件名")
    }

    @Test("Blank lines and rows of only empty cells are skipped silently; mixed CRLF/LF imports")
    func blankAndMixed() throws {
        let text = Fixtures.header + "\r\n" + Fixtures.row("A1") + "\n\r\n,,,,,,,,\r\n" + Fixtures.row("A2") + "\n"
        let report = try run("mixed.csv", text)
        #expect(report.counts.rowsRead == 2)
        #expect(report.counts.imported == 2)
        #expect(report.problems.isEmpty)
    }

    @Test("A 100 KB cell and 5,000 rows import normally")
    func largeInput() throws {
        let big = String(repeating: "窓口の待ち時間を短縮したい。", count: 7_500)  // ~105 KB of UTF-8
        var rows = [Fixtures.row("BIG", body: "\"\(big)\"")]
        rows += (1...5_000).map { Fixtures.row("R\($0)", title: "提案\($0)") }
        let report = try run("large.csv", csv(rows, lineEnd: "\n"))
        #expect(report.counts.imported == 5_001)
        #expect(report.problems.isEmpty)
        let id = try #require(try store.proposals(.init()).first { $0.title == "会議資料のペーパーレス化" }?.id)
        let detail = try #require(try store.proposal(id: id))
        #expect(detail.texts.first { $0.field == "proposal" }?.text == big)
        #expect(detail.texts.map(\.label) == ["現状と課題", "改善案"])
    }

    // MARK: duplicates and idempotence

    @Test("The same 回答ID twice in one file: identical content stored once; different content keeps the first and reports a conflict")
    func duplicatesInFile() throws {
        let rows = [Fixtures.row("D1"), Fixtures.row("D1"), Fixtures.row("D1", title: "別の件名")]
        let report = try run("dups.csv", csv(rows))
        #expect(report.counts.imported == 1)
        #expect(report.counts.alreadyPresent == 1)
        #expect(report.counts.conflicts == 1)
        #expect(report.problems.map(\.kind) == [.conflict])
        #expect(report.problems.first?.line == 4)
        #expect(try store.proposals(.init()).map(\.title) == ["会議資料のペーパーレス化"])
    }

    @Test("Re-importing the same file adds nothing; a larger cumulative export adds only the new rows")
    func cumulative() throws {
        let first = csv((1...10).map { Fixtures.row("C\($0)") })
        #expect(try run("night1.csv", first).counts.imported == 10)
        let again = try run("night1.csv", first)
        #expect(again.counts.imported == 0)
        #expect(again.counts.alreadyPresent == 10)
        let second = csv((1...15).map { Fixtures.row("C\($0)") })
        let report = try run("night2.csv", second)
        #expect(report.counts.imported == 5)
        #expect(report.counts.alreadyPresent == 10)
        #expect(try store.proposalCount() == 15)
    }

    @Test("A changed response in a later export is a conflict; the stored version stays")
    func conflictAcrossFiles() throws {
        _ = try run("a.csv", csv([Fixtures.row("X1")]))
        let report = try run("b.csv", csv([Fixtures.row("X1", body: "書き換えた本文")]))
        #expect(report.counts.conflicts == 1)
        #expect(report.hasRowProblems)
        #expect(try store.proposalCount() == 1)
    }

    @Test("A dry run checks everything and stores nothing")
    func dryRun() throws {
        let report = try run("dry.csv", Array(csv([Fixtures.row("A1"), Fixtures.row("")]).utf8), options: .init(dryRun: true))
        #expect(report.status == .dryRun)
        #expect(report.counts.imported == 1)
        #expect(report.counts.badRows == 1)
        #expect(try store.proposalCount() == 0)
        #expect(try batchCount() == 0)
    }

    @Test("The numbered N:type header form imports through the same profile")
    func numberedHeaders() throws {
        let text = "回答ID,回答日時,1:lastname,1:firstname,2:email,5:radio,6:checkbox,8:text,10:textarea,12:file\n"
            + "N1,2025/06/12 14:03:27,山田,太郎,t.yamada@city.example.lg.jp,一般提案,\"デジタル化,その他\",件名,改善案,資料.xlsx\n"
        let report = try run("numbered.csv", text, bom: false)
        #expect(report.counts.imported == 1)
        #expect(report.ignoredColumns.isEmpty)
        let proposal = try #require(try store.proposals(.init()).first)
        #expect(proposal.title == "件名")
        #expect(proposal.hasAttachment)
        #expect(proposal.choices.first { $0.field == "categories" }?.values == ["デジタル化", "その他"])
    }

    // MARK: nothing of a rejected or bad cell in messages

    @Test("No message quotes a cell: planted values never appear in errors or row problems")
    func messagesNeverQuoteCells() throws {
        let planted = "PLANTED-VALUE-7c1"
        let reports = [
            try run("m1.csv", csv([Fixtures.row("A1", date: planted)])),
            try run("m2.csv", csv([Fixtures.row(planted) + ",\(planted)"])),
            try run("m3.csv", csv([Fixtures.row("A3", title: "x\"\(planted)")])),
            try run("m4.csv", "回答ID,回答日時,件名,\(planted)\r\n"),
            try run("m5.csv", csv([Fixtures.row("A1", body: planted + "-changed")])),
        ]
        for report in reports {
            #expect(report.error?.contains(planted) != true)
            for problem in report.problems {
                #expect(!problem.sentence(file: report.file).contains(planted))
            }
        }
    }
}

@Suite("ProposalImporter: the Text stage")
struct ProposalImportTextTests {
    @Test("Imported proposals are stored with both forms; lists show the display form")
    func bothForms() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore()
        let path = folder.write("t.csv", utf8: "回答ID,回答日時,件名,改善案,関係する所属（わかれば）\r\nT1,2025/06/12 14:03:27,ＲＰＡ　導入の提案,\"問い合わせは０２５８－３９－２２２２へ\n受付は９時～１７時\",ＤＸ推進部？\r\n")
        #expect(try Fixtures.importer(store).importFile(at: path).counts.imported == 1)
        let summary = try #require(try store.proposals(.init()).first)
        #expect(summary.title == "RPA 導入の提案")
        let detail = try #require(try store.proposal(id: summary.id))
        #expect(detail.titleKey == "rpa導入の提案")
        let proposal = try #require(detail.texts.first { $0.field == "proposal" })
        #expect(proposal.text == "問い合わせは〔電話番号〕へ\n受付は9時〜17時")
        #expect(detail.bodyKey == "問い合わせは〔電話番号〕へ受付は9時〜17時")
        #expect(detail.routingHint == "DX推進部?")
    }

    @Test("The content hash is over the text as read: the same response normalised differently is not a conflict")
    func hashOverRawText() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore()
        let path = folder.write("t.csv", utf8: "回答ID,回答日時,件名,改善案\r\nH1,2025/06/12 14:03:27,ＲＰＡ,本文\r\n")
        let importer = try Fixtures.importer(store)
        _ = try importer.importFile(at: path)
        let again = try importer.importFile(at: path)
        #expect(again.counts.alreadyPresent == 1)
    }
}

@Suite("ProposalRowMapper: tidying cells")
struct ProposalRowMapperTidyTests {
    @Test("Blanks at either end are found from the bytes, including the ones outside ASCII", arguments: [
        ("", false), ("件名", false), ("abc", false), ("（内線）", false), ("改善。", false), ("①", false), ("“引用”", false),
        (" 件名", true), ("件名 ", true), ("\t件名", true), ("件名\n", true), ("\u{3000}件名", true), ("件名\u{3000}", true),
        ("\u{00A0}件名", true), ("件名\u{00A0}", true), ("件名\u{2003}", true), ("\u{202F}a", true), ("a\u{205F}", true),
        ("\u{1680}a", true), ("a\u{0085}", true), ("a\u{2028}", true), ("𠮷野家", false), ("吉野家𠮷", false),
    ])
    func trimmingCheck(text: String, expected: Bool) {
        #expect(ProposalRowMapper.mayNeedTrimming(text) == expected)
        // Whenever the check says no, trimming would indeed change nothing.
        if !expected { #expect(String(text.trimmingWhitespace()) == text) }
    }

    @Test("tidy makes line breaks LF and trims every kind of blank")
    func tidy() {
        #expect(ProposalRowMapper.tidy("\u{3000} 件名\r\n本文\r終わり\u{00A0}\n") == "件名\n本文\n終わり")
        #expect(ProposalRowMapper.tidy("本文") == "本文")
    }
}

@Suite("ProposalImporter: row order across the Text stage's workers")
struct ProposalImportOrderTests {
    @Test("Rows reach the store in file order, whichever worker completed them: the first of two rows with one 回答ID is kept")
    func order() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore()
        var lines = [Fixtures.header]
        for index in 1...1500 { lines.append(Fixtures.row("R\(index)", title: "件名\(index)")) }
        lines.append(Fixtures.row("R1", title: "後から来た別の内容"))
        let path = folder.write("order.csv", utf8: lines.joined(separator: "\r\n") + "\r\n")
        let report = try Fixtures.importer(store).importFile(at: path)
        #expect(report.counts.imported == 1500)
        #expect(report.counts.conflicts == 1)
        #expect(report.problems.first?.line == 1502)
        let titles = try store.proposals(.init()).map(\.title)
        #expect(titles.contains("件名1") && !titles.contains("後から来た別の内容"))
        // Ids follow the file's order.
        let ids = try store.proposals(.init()).sorted { $0.id < $1.id }.map(\.title)
        #expect(ids.prefix(3) == ["件名1", "件名2", "件名3"])
        #expect(ids.last == "件名1500")
    }
}

/// The router is trained while the file's reading gets under way (`PendingRouter`).
@Suite("ProposalImporter: a router still being built")
struct PendingRouterImportTests {
    struct Unreadable: Error {}

    static func importer(_ store: MeyasuStore, router: PendingRouter) throws -> ProposalImporter {
        ProposalImporter(store: store, profiles: [try Fixtures.proposalsProfile()], keyer: Fixtures.keyer, triage: "gyokan",
                         pendingRouter: router)
    }

    static func file(_ folder: TemporaryFolder) -> String {
        var lines = [Fixtures.header]
        for index in 1...600 { lines.append(Fixtures.row("R\(index)", title: "窓口の混雑\(index)", body: "庁舎の案内表示を増やす")) }
        return folder.write("pending.csv", utf8: lines.joined(separator: "\r\n") + "\r\n")
    }

    @Test("Routes exactly as a router built beforehand")
    func sameRouting() throws {
        let folder = TemporaryFolder()
        let path = Self.file(folder)
        let organization = try Fixtures.organization()
        let built = ProposalRouter(organization: organization, examples: [])
        let ready = try MeyasuStore()
        _ = try ProposalImporter(store: ready, profiles: [try Fixtures.proposalsProfile()], keyer: Fixtures.keyer,
                                 triage: "gyokan", router: built).importFile(at: path)
        let pending = try MeyasuStore()
        let router = PendingRouter {
            Thread.sleep(forTimeInterval: 0.2)  // the reading is well under way by then
            return ProposalRouter(organization: organization, examples: [])
        }
        let report = try Self.importer(pending, router: router).importFile(at: path)
        #expect(report.counts.imported == 600)
        let routing = "SELECT department, routing FROM proposal ORDER BY id"
        let expected = try ready.read { db in try Row.fetchAll(db, sql: routing) }
        #expect(try pending.read { db in try Row.fetchAll(db, sql: routing) } == expected)
    }

    @Test("When building the router fails, the file's import fails with that error and stores nothing")
    func buildFails() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore()
        let router = PendingRouter { throw Unreadable() }
        #expect(throws: Unreadable.self) { try Self.importer(store, router: router).importFile(at: Self.file(folder)) }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") } == 0)
    }
}
