import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Meyasu
@testable import MeyasuServer
import MeyasuSamples
import Testing

/// What each role does on its pages: a department answers, hands over and notes; the admin
/// uploads exports and corrects routing; HR reads the survey; staff read the board. Hostile text
/// stays inert and nothing identifying reaches a log line.
@Suite("Portal pages", .serialized)
struct PortalPagesTests {
    @Test("A department answers, notes and hands over a proposal through the pages; refusals come back as sentences")
    func departmentWork() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        let id = try fixture.proposal(in: "jinji")
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("jinji1")
            try await browser.get("/proposals/\(id)")
            // 対象外 needs a reason: the page says so and nothing changes.
            let refused = try await browser.post("/proposals/\(id)/answer", [("status", "対象外")])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("「理由」"))
            let saved = try await browser.post("/proposals/\(id)/answer", [("status", "検討中"), ("text", "検討します。担当 090-1234-5678"), ("publish", "1")])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/proposals/\(id)?saved=answer")
            let page = try await browser.get("/proposals/\(id)?saved=answer")
            #expect(page.text.contains("保存しました。") && page.text.contains("検討します。担当 〔電話番号〕"))
            #expect(!page.text.contains("090-1234-5678"))
            #expect(try await browser.post("/proposals/\(id)/notes", [("text", "来年度予算で対応")]).status == .seeOther)
            #expect(try await browser.get("/proposals/\(id)").text.contains("来年度予算で対応"))
            // Handing it to itself is not a hand-over.
            let same = try await browser.post("/proposals/\(id)/assign", [("department", "jinji"), ("reason", "そのまま")])
            #expect(same.status == .badRequest && same.text.contains("already assigned to jinji"))
            let moved = try await browser.post("/proposals/\(id)/assign", [("department", "kosei"), ("reason", "福利厚生の話")])
            #expect(moved.status == .seeOther && moved.headers[.location] == "/proposals?moved=\(id)")
            // Handed on: no longer ours.
            #expect(try await browser.get("/proposals/\(id)").status == .notFound)
        }
        let state = try #require(try fixture.services.store.proposalState(id: id))
        #expect(state.department == "kosei" && state.status == "検討中" && state.publishedAnswer == "検討します。担当 〔電話番号〕")
        #expect(try fixture.services.store.routingExamples().count > 0)
        // The note stays with 人事課: 職員厚生課 does not see it.
        #expect(try fixture.services.workflow.notes(id, as: .department("kosei")).isEmpty)
    }

    @Test("Hostile proposal and answer text renders inert on every page", arguments: ["jinji1", "admin1"])
    func hostileText(account: String) async throws {
        let title = "<script>alert(1)</script>{{csrf}}"
        let body = "\"><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">link</a> {{#account}}x{{/account}}"
        let fixture = try PortalFixture(rows: [
            "H1,2025/06/12 14:03:27,,\(title),\"\(body.replacingOccurrences(of: "\"", with: "\"\""))\",人事課",
        ])
        defer { fixture.remove() }
        try fixture.assignAll(to: "jinji")
        let id = try #require(try fixture.services.store.proposals(ProposalFilter()).first?.id)
        try fixture.services.workflow.update(id, answer: "<svg onload=alert(5)> {{{report}}}", publish: true, as: .admin)
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn(account)
            var pages = ["/proposals", "/proposals/\(id)", "/board", "/api/proposals/\(id)", "/api/board", "/proposals.csv"]
            if account == "admin1" { pages += ["/admin/routing", "/proposals?q=script"] }
            for uri in pages {
                let response = try await browser.get(uri)
                #expect(response.status == .ok, "\(uri)")
                let text = response.text
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                guard response.headers[.contentType]?.hasPrefix("text/html") == true else {
                    // JSON and CSV carry the text as data, under a type no browser renders as a page.
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true
                            || response.headers[.contentType]?.hasPrefix("text/csv") == true, "\(uri)")
                    continue
                }
                #expect(!text.contains("<script"), "\(uri)")
                #expect(!text.contains("<img") && !text.contains("<svg") && !text.contains("<a href=\"javascript"), "\(uri)")
                #expect(!text.contains("{{#account}}x") || text.contains("{{#account}}x{{/account}}"), "\(uri): a template tag in data was rendered")
                if uri.hasPrefix("/proposals") {
                    #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;{{csrf}}"), "\(uri)")
                }
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
            let board = try await browser.get("/board")
            #expect(board.text.contains("&lt;svg onload=alert(5)&gt; {{{report}}}"))
        }
    }

    @Test("The admin uploads exports: the CLI's messages, row problems in the history, dry runs, wrong files and size limits")
    func upload() async throws {
        let fixture = try PortalFixture(settings: "portal:\n  upload_limit_mb: 1")
        defer { fixture.remove() }
        let before = try fixture.services.store.proposalCount()
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("admin1")
            try await browser.get("/admin")
            let csv = "\u{FEFF}" + PortalFixture.header + "\r\n"
                + "U1,2025/07/01 10:00:00,,会議室の予約,会議室の予約を電子化してほしい,\r\n"
                + "U2,2025/13/45 10:00:00,,日付が壊れた行,本文,\r\n"
            let dry = try await browser.upload("/admin/upload", fields: [("kind", "proposals"), ("dry_run", "1")], file: ("夜間.csv", Array(csv.utf8)))
            #expect(dry.status == .ok)
            #expect(dry.text.contains("夜間.csv: dry run (nothing stored)"))
            #expect(try fixture.services.store.proposalCount() == before)
            let real = try await browser.upload("/admin/upload", fields: [("kind", "proposals")], file: ("夜間.csv", Array(csv.utf8)))
            #expect(real.status == .ok)
            #expect(real.text.contains("imported as batch"))
            #expect(real.text.contains("夜間.csv line 3, column 回答日時"))
            #expect(!real.text.contains("2025/13/45"))
            #expect(try fixture.services.store.proposalCount() == before + 1)
            // The upload brought the search index up to date itself.
            #expect(try fixture.services.store.derivedDataPending() == 0)
            let batch = try #require(try fixture.services.store.importBatches(limit: 1).first)
            let history = try await browser.get("/admin/imports/\(batch.id)")
            #expect(history.text.contains("夜間.csv line 3, column 回答日時"))
            // Not an export of the form: rejected whole, with the CLI's sentence.
            let wrong = try await browser.upload("/admin/upload", fields: [("kind", "proposals")], file: ("memo.csv", Array("a,b\r\n1,2\r\n".utf8)))
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("memo.csv: rejected, nothing stored."))
            // No file chosen.
            #expect(try await browser.upload("/admin/upload", fields: [("kind", "proposals")], file: nil).status == .badRequest)
            // Over portal.upload_limit_mb.
            let big = Array(repeating: UInt8(ascii: "a"), count: 1_200_000)
            #expect(try await browser.upload("/admin/upload", fields: [("kind", "proposals")], file: ("big.csv", big)).status == .contentTooLarge)
            // A path in the file name is dropped.
            let sneaky = try await browser.upload("/admin/upload", fields: [("kind", "proposals"), ("dry_run", "1")], file: ("../../etc/passwd.csv", Array(csv.utf8)))
            #expect(sneaky.text.contains("passwd.csv: dry run") && !sneaky.text.contains("../"))
            // A survey export goes through the survey pipeline.
            let survey = try Data(contentsOf: SampleFiles.directory.appendingPathComponent("exports/survey-fy2024-cp932.csv"))
            let surveyed = try await browser.upload("/admin/upload", fields: [("kind", "survey")], file: ("survey.csv", Array(survey)))
            #expect(surveyed.status == .ok)
            #expect(surveyed.text.contains("fiscal year"))
        }
        #expect(try fixture.services.store.surveyYearList() == [2024])
    }

    @Test("HR's survey page and downloads are the CLI's summary, suppression included")
    func surveyMatchesCLI() async throws {
        let fixture = try PortalFixture(survey: true)
        defer { fixture.remove() }
        let services = fixture.services
        func expected(_ format: SurveySummaryRenderer.Format, _ breakdowns: [[SurveyDimension]]) throws -> String {
            SurveySummaryRenderer().render(try services.workspace.surveySummary(
                store: services.store, organization: services.organization, indicators: try services.workspace.loadIndicators(),
                profiles: try services.workspace.loadProfiles(), year: 2024, compareYear: 2023, breakdowns: breakdowns), as: format)
        }
        let csvExpected = try expected(.csv, SurveySummary.allBreakdowns)
        let jsonExpected = try expected(.json, SurveyDimension.allCases.map { [$0] })
        let htmlExpected = try expected(.html, SurveyDimension.allCases.map { [$0] })
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("hr1")
            let page = try await browser.get("/survey")
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg") && page.text.contains("設問×課"))
            #expect(page.text.contains("非表示"))
            let csv = try await browser.get("/survey/download?year=2024&compare=2023&format=csv")
            #expect(csv.text == csvExpected)
            #expect(csv.headers[.contentDisposition]?.contains("survey-2024.csv") == true)
            let json = try await browser.get("/api/survey/summary?year=2024")
            #expect(json.text == jsonExpected)
            let html = try await browser.get("/survey/download?year=2024&format=html")
            #expect(html.text == htmlExpected)
            #expect(try await browser.get("/survey?year=1999").status == .badRequest)
            #expect(try await browser.get("/survey?year=2030").status == .notFound)
            #expect(try await browser.get("/survey/download?year=2024&format=xlsx").status == .badRequest)
        }
    }

    @Test("The admin adds, disables and re-enables accounts; the page refuses bad input with a sentence")
    func accounts() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var admin = Browser(client)
            try await admin.signIn("admin1")
            try await admin.get("/admin/accounts")
            let added = try await admin.post("/admin/accounts", [("name", "dx1"), ("role", "department"), ("department", "dx"), ("password", "long enough pw")])
            #expect(added.status == .ok && added.text.contains("アカウント dx1 を追加しました。"))
            let short = try await admin.post("/admin/accounts", [("name", "dx2"), ("role", "staff"), ("password", "short")])
            #expect(short.status == .badRequest && short.text.contains("at least 10 characters"))
            let taken = try await admin.post("/admin/accounts", [("name", "DX1"), ("role", "staff"), ("password", "long enough pw")])
            #expect(taken.status == .badRequest && taken.text.contains("already an account named DX1"))
            let noDepartment = try await admin.post("/admin/accounts", [("name", "dx3"), ("role", "department"), ("password", "long enough pw")])
            #expect(noDepartment.status == .badRequest)
            let id = try #require(try fixture.services.store.account(named: "dx1")?.id)
            #expect(try await admin.post("/admin/accounts/\(id)/disable").status == .ok)
            var dx = Browser(client)
            #expect(try await dx.signIn("dx1", password: "long enough pw").status == .unauthorized)
            #expect(try await admin.post("/admin/accounts/\(id)/enable").status == .ok)
            #expect(try await dx.signIn("dx1", password: "long enough pw").status == .seeOther)
            let me = try #require(try fixture.services.store.account(named: "admin1")?.id)
            #expect(try await admin.post("/admin/accounts/\(me)/disable").status == .badRequest)
        }
    }

    @Test("Routing corrections: the admin hands a triaged proposal on; the router learns from it")
    func routingCorrections() async throws {
        let fixture = try PortalFixture(rows: ["T1,2025/06/12 14:03:27,,ご相談,よろしくお願いします,"])
        defer { fixture.remove() }
        // As the router does when it is unsure: the proposal waits in triage. Moving it there by
        // hand makes a training example; the router may also have sent it there itself.
        let handMoved = try fixture.services.store.proposals(ProposalFilter()).first?.department != "gyokan"
        try fixture.assignAll(to: "gyokan")
        let id = try #require(try fixture.services.store.proposals(ProposalFilter(department: "gyokan")).first?.id)
        let examples = try fixture.services.store.routingExamples().count
        try await fixture.application.test(.router) { client in
            var admin = Browser(client)
            try await admin.signIn("admin1")
            let page = try await admin.get("/admin/routing")
            #expect(page.text.contains("No.\(id)"))
            let moved = try await admin.post("/proposals/\(id)/assign", [("department", "kosei"), ("reason", "振り分けの修正"), ("back", "routing")])
            #expect(moved.headers[.location] == "/admin/routing?moved=\(id)")
            #expect(!(try await admin.get("/admin/routing").text.contains("No.\(id) ")))
        }
        // One example per proposal: the correction replaces the triage hand-over's, if any.
        let after = try fixture.services.store.routingExamples()
        #expect(after.count == examples + (handMoved ? 0 : 1))
        #expect(after.last?.department == "kosei")
    }

    @Test("The queue pages by 50 and its links keep the filters")
    func paging() async throws {
        let fixture = try PortalFixture(samples: true)
        defer { fixture.remove() }
        try await fixture.application.test(.router) { client in
            var admin = Browser(client)
            try await admin.signIn("admin1")
            let first = try await admin.get("/proposals")
            #expect(first.text.components(separatedBy: "<tr><td class=\"num\">").count - 1 == 50)
            #expect(first.text.contains("rel=\"next\" href=\"/proposals?page=2\""))
            #expect(!first.text.contains("rel=\"prev\""))
            let second = try await admin.get("/proposals?status=%E5%8F%97%E4%BB%98&page=2")
            #expect(second.text.contains("rel=\"prev\" href=\"/proposals?status=%E5%8F%97%E4%BB%98\""))
            #expect(second.text.contains("rel=\"next\" href=\"/proposals?status=%E5%8F%97%E4%BB%98&amp;page=3\""))
            #expect(second.text.contains("<option selected>受付</option>"))
            #expect(try await admin.get("/proposals?page=0").status == .badRequest)
            #expect(try await admin.get("/proposals?status=%E4%B8%8D%E6%98%8E").status == .badRequest)
            #expect(try await admin.get("/proposals?department=nowhere").status == .badRequest)
            let long = String(repeating: "あ", count: 201).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for uri in ["/api/proposals?per_page=0", "/api/proposals?per_page=501", "/api/proposals?page=x",
                        "/proposals?q=\(long)", "/board?q=\(long)", "/proposals?page=100001"] {
                let refused = try await admin.get(uri)
                #expect(refused.status == .badRequest, "\(uri)")
                #expect(!refused.text.contains("あああ"), "\(uri): the input is not echoed")
            }
            #expect(try await admin.get("/api/proposals?per_page=500").status == .ok)
            for uri in ["/admin/imports/abc", "/admin/imports/99999", "/proposals/abc", "/proposals/0"] {
                #expect(try await admin.get(uri).status == .notFound, "\(uri)")
            }
            let last = try await admin.get("/proposals?page=1000")
            #expect(last.status == .ok && last.text.contains("該当する提案はありません。"))
        }
    }

    @Test("The board is searchable and shows no id, draft or note")
    func board() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        let (first, second) = (try fixture.proposal(in: "jinji"), try fixture.proposal(in: "shimin"))
        try fixture.services.workflow.update(first, answer: "研修報告書は様式を簡素化します。", publish: true, as: .admin)
        try fixture.services.workflow.update(second, answer: "下書きのまま", as: .admin)
        try fixture.services.workflow.addNote(first, text: "内部メモ", as: .admin)
        try await fixture.application.test(.router) { client in
            var staff = Browser(client)
            try await staff.signIn("staff1")
            let all = try await staff.get("/board")
            #expect(all.text.contains("研修報告書は様式を簡素化します。") && all.text.contains("1件"))
            #expect(!all.text.contains("下書きのまま") && !all.text.contains("内部メモ") && !all.text.contains("No.\(first)"))
            #expect(try await staff.get("/board?q=%E6%A7%98%E5%BC%8F").text.contains("1件"))
            #expect(try await staff.get("/board?q=%E7%AA%93%E5%8F%A3").text.contains("0件"))
        }
    }

    @Test("No log line carries an identifier, a cell value, a search word, an answer or an account name; no stored byte an identifier")
    func logsCarryNoContent() async throws {
        let fixture = try PortalFixture(rows: [
            "L1,2025/06/12 14:03:27,鬼怒川 権兵衛,研修の申込み,担当は taro.yamada@city.example.lg.jp 内線 4821,人事課",
        ])
        defer { fixture.remove() }
        try fixture.assignAll(to: "jinji")
        let id = try fixture.proposal(in: "jinji")
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("jinji1", password: "wrong password x")
            try await browser.signIn("jinji1")
            try await browser.get("/proposals?q=%E7%A7%98%E5%AF%86%E3%81%AE%E8%AA%9E")
            try await browser.get("/proposals/\(id)")
            try await browser.post("/proposals/\(id)/answer", [("text", "回答本文ひみつ 090-7731-2204"), ("publish", "1")])
            try await browser.post("/proposals/\(id)/notes", [("text", "メモ本文ひみつ")])
            try await browser.get("/proposals/999999")
            var admin = Browser(client)
            try await admin.signIn("admin1")
            try await admin.get("/admin")
            let csv = PortalFixture.header + "\r\nZ9,2025/07/01 10:00:00,猪苗代 花之丞,件名ひみつ,本文ひみつ hanako.sato@example.jp,\r\n"
            try await admin.upload("/admin/upload", fields: [("kind", "proposals")], file: ("nightly.csv", Array(csv.utf8)))
        }
        let lines = fixture.logs.all
        #expect(lines.contains { $0.contains("meyasu.http.route=/proposals/{id}") })
        #expect(lines.contains { $0.contains("sign-in refused") })
        for secret in ["鬼怒川", "taro.yamada", "4821", "秘密の語", "%E7%A7%98", "ひみつ", "090-7731-2204", "7731", "猪苗代", "hanako",
                       "Z9", "L1", "jinji1", "admin1", PortalFixture.password, "wrong password"] {
            #expect(!lines.contains { $0.contains(secret) }, "\(secret)")
        }
        // The upload's temporary copy is gone.
        let temporary = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
        #expect(!temporary.contains { $0.hasPrefix("meyasu-upload-") })
        // Every byte the workspace holds (database, WAL, anything else written): no identifier
        // typed into a form or carried by an uploaded export. The fixture's own CSV is removed first.
        try FileManager.default.removeItem(at: fixture.folder.appendingPathComponent("fixture.csv"))
        let files = FileManager.default.enumerator(at: fixture.folder, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
        #expect(files.contains { $0.lastPathComponent.hasSuffix("-wal") } || files.contains { $0.lastPathComponent == "meyasu.sqlite" })
        for file in files {
            guard let bytes = FileManager.default.contents(atPath: file.path) else { continue }
            for planted in ["鬼怒川", "権兵衛", "taro.yamada@city.example.lg.jp", "090-7731-2204", "猪苗代", "花之丞", "hanako.sato@example.jp"] {
                #expect(bytes.range(of: Data(planted.utf8)) == nil, "\(planted) in \(file.lastPathComponent)")
            }
        }
    }
}
