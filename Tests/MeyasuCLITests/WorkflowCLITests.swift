import Foundation
import Testing

private let header = "回答ID,回答日時,氏名（任意）,件名,改善案"

/// `meyasu proposals answer|note|history|stale`, the search and date filters of `list`, and
/// `meyasu publish`, run as a user would: exit codes, sentences, formats, and what never shows.
@Suite("meyasu proposals workflow CLI", .serialized)
struct WorkflowCLITests {
    /// A workspace with `rows` imported; returns it and the department of proposal 1.
    private func workspace(_ rows: [String]) throws -> (Scratch, String) {
        let scratch = try Scratch.workspace()
        let file = scratch.write("w.csv", ([header] + rows).joined(separator: "\r\n") + "\r\n")
        let imported = try CLI.run(["import", "proposals", file], in: scratch.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        let shown = try CLI.run(["proposals", "show", "1", "--format", "json"], in: scratch.url)
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as! [String: Any]
        return (scratch, object["department"] as! String)
    }

    private func json(_ result: CLI.Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test("answer, note, history: a department works its own proposal from 受付 to a published answer")
    func workOneProposal() throws {
        let (scratch, owner) = try workspace(["W1,2025/06/12 14:03:27,,会議資料のペーパーレス化,タブレットで共有する"])
        let moved = try CLI.run(["proposals", "answer", "1", "--as", owner, "--status", "検討中"], in: scratch.url)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout == "提案 1: 受付 → 検討中\n")
        #expect(try CLI.run(["proposals", "note", "1", "--as", owner, "--text", "来年度予算で対応"], in: scratch.url).status == 0)
        let answered = try CLI.run(["proposals", "answer", "1", "--as", owner, "--status", "採用", "--text", "採用します。", "--publish"], in: scratch.url)
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout == "提案 1: 検討中 → 採用、回答を下書きしました、回答を公開しました\n")

        let history = try CLI.run(["proposals", "history", "1", "--format", "json"], in: scratch.url)
        let events = try json(history) as! [[String: Any]]
        #expect(events.map { $0["kind"] as! String } == ["status", "note", "status", "answer_drafted", "answer_published"])
        #expect(events[3]["text"] is NSNull)  // a draft's text only for its department
        #expect(events[4]["text"] as? String == "採用します。")
        let own = try json(try CLI.run(["proposals", "history", "1", "--format", "json", "--as", owner], in: scratch.url)) as! [[String: Any]]
        #expect(own[3]["text"] as? String == "採用します。")
        let table = try CLI.run(["proposals", "history", "1"], in: scratch.url)
        #expect(table.stdout.contains("状態変更  受付 → 検討中"))
        #expect(!table.stdout.contains("来年度予算"))

        let notes = try CLI.run(["proposals", "note", "1", "--as", owner], in: scratch.url)
        #expect(notes.stdout.contains("来年度予算で対応"))
        let show = try CLI.run(["proposals", "show", "1"], in: scratch.url)
        #expect(show.stdout.contains("【回答】（公開）\n採用します。"))
        #expect(!show.stdout.contains("来年度予算"))
        let showOwn = try CLI.run(["proposals", "show", "1", "--as", owner, "--format", "json"], in: scratch.url)
        let detail = try json(showOwn) as! [String: Any]
        #expect((detail["notes"] as? [[String: Any]])?.first?["text"] as? String == "来年度予算で対応")
        #expect(detail["published_answer"] as? String == "採用します。")
        #expect(detail["answer"] as? String == "published")
    }

    @Test("Bad input: one sentence naming the option or id, exit 64, nothing changed")
    func badInput() throws {
        let (scratch, owner) = try workspace(["B1,2025/06/12 14:03:27,,会議資料のペーパーレス化,タブレットで共有する"])
        let other = owner == "doboku" ? "kanzai" : "doboku"
        let cases: [([String], String)] = [
            (["proposals", "answer", "99", "--as", "admin", "--status", "検討中"], "there is no proposal 99"),
            (["proposals", "answer", "1", "--as", "admin", "--status", "保留"], "--status 保留 is not a status of this workspace"),
            (["proposals", "answer", "1", "--as", "admin", "--status", "採用"], "proposal 1 cannot move from 受付 to 採用; from 受付 it can move to 検討中, 対象外."),
            (["proposals", "answer", "1", "--as", "admin", "--status", "対象外"], "--reason is needed to move proposal 1 to 対象外"),
            (["proposals", "answer", "1", "--as", other, "--status", "検討中"], "--as \(other) may not change proposal 1: it is assigned to \(owner)"),
            (["proposals", "answer", "1", "--as", "nobody", "--status", "検討中"], "--as nobody is neither admin nor a department code"),
            (["proposals", "answer", "1", "--as", "admin"], "give --status, --text or --publish"),
            (["proposals", "answer", "1", "--as", "admin", "--publish"], "proposal 1 has no drafted answer to publish"),
            (["proposals", "note", "1", "--as", other, "--text", "メモ"], "--as \(other) may not change proposal 1"),
            (["proposals", "note", "99", "--as", "admin"], "there is no proposal 99"),
            (["proposals", "history", "99"], "there is no proposal 99"),
            (["proposals", "assign", "1", "--department", "nowhere", "--reason", "x"], "--department nowhere is not a department code"),
            (["proposals", "assign", "1", "--department", "kosei", "--reason", "x", "--as", other], "--as \(other) may not change proposal 1"),
            (["proposals", "list", "--status", "保留"], "--status 保留 is not a status"),
            (["proposals", "list", "--from", "2025-02-30"], "--from 2025-02-30 is not a day; write it as YYYY-MM-DD"),
            (["proposals", "list", "--to", "yesterday"], "--to yesterday is not a day"),
            (["proposals", "list", "--from", "2025-06-01", "--to", "2025-05-01"], "--to 2025-05-01 is before --from 2025-06-01"),
            (["proposals", "list", "--page", "0"], "--page must be 1 or more"),
            (["proposals", "stale", "--as-of", "2025/06/01"], "--as-of 2025/06/01 is not a day"),
            (["proposals", "stale", "--department", "nowhere"], "--department nowhere is not a department code"),
        ]
        for (arguments, sentence) in cases {
            let result = try CLI.run(arguments, in: scratch.url)
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(sentence), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal"), "\(arguments): \(result.stderr)")
        }
        let events = try json(try CLI.run(["proposals", "history", "1", "--format", "json"], in: scratch.url)) as! [Any]
        #expect(events.isEmpty)
    }

    @Test("list --search with 2-, 3- and 10-character words, combined with the date filters; --page")
    func search() throws {
        let (scratch, _) = try workspace([
            "S1,2025/04/10 09:00:00,,職員駐車場の除雪,冬の朝に駐車場前の道が凍って危ない",
            "S2,2025/05/10 09:00:00,,会議資料のペーパーレス化,タブレットで会議資料を共有する",
            "S3,2025/06/10 09:00:00,,除雪車の配置,除雪の連絡を一覧にする",
        ])
        func titles(_ arguments: [String]) throws -> [String] {
            let result = try CLI.run(["proposals", "list", "--format", "json"] + arguments, in: scratch.url)
            #expect(result.status == 0, "\(result.stderr)")
            return (try json(result) as! [[String: Any]]).map { $0["title"] as! String }
        }
        #expect(try titles(["--search", "除雪"]) == ["除雪車の配置", "職員駐車場の除雪"])
        #expect(try titles(["--search", "駐車場"]) == ["職員駐車場の除雪"])
        #expect(try titles(["--search", "タブレットで会議資料"]) == ["会議資料のペーパーレス化"])
        #expect(try titles(["--search", "除雪", "--from", "2025-05-01"]) == ["除雪車の配置"])
        #expect(try titles(["--search", "除雪", "--to", "2025-04-30"]) == ["職員駐車場の除雪"])
        #expect(try titles(["--page", "2", "--limit", "2"]) == ["職員駐車場の除雪"])
    }

    @Test("CSV for Excel: BOM, CRLF, every cell quoted, quotes doubled, formulas defused, Japanese headers")
    func excelCSV() throws {
        let (scratch, _) = try workspace(["E1,2025/06/12 14:03:27,,\"=HYPERLINK(\"\"x\"\"),危険\",改善案"])
        for arguments in [["proposals", "list", "--format", "csv"], ["proposals", "history", "1", "--format", "csv"],
                          ["proposals", "stale", "--format", "csv", "--as-of", "2026-01-01"]] {
            let result = try CLI.run(arguments, in: scratch.url)
            #expect(result.status == 0, "\(arguments) \(result.stderr)")
            #expect(result.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(arguments)")
            let text = String(decoding: result.stdoutBytes.dropFirst(3), as: UTF8.self)
            #expect(text.hasSuffix("\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(text.hasPrefix("\""))
        }
        let list = try CLI.run(["proposals", "list", "--format", "csv"], in: scratch.url).stdout
        #expect(list.contains("\"ID\",\"受付日\",\"所属コード\",\"所属\",\"状態\",\"件名\",\"分類\",\"添付\",\"回答\"\r\n"))
        #expect(list.contains("\"'=HYPERLINK(\"\"x\"\"),危険\""))
        let stale = try CLI.run(["proposals", "stale", "--format", "csv", "--as-of", "2026-01-01"], in: scratch.url).stdout
        #expect(stale.contains("\"所属コード\",\"所属\",\"ID\",\"受付日\",\"経過日数\""))
    }

    @Test("stale: unanswered for more than N days, per department; a published answer takes a proposal off")
    func stale() throws {
        let (scratch, owner) = try workspace([
            "T1,2025/06/01 09:00:00,,会議資料のペーパーレス化,タブレットで共有する",
            "T2,2025/06/20 09:00:00,,会議室の予約,予約システムを使う",
        ])
        func staleIDs(_ arguments: [String]) throws -> [Int] {
            let result = try CLI.run(["proposals", "stale", "--format", "json", "--as-of", "2025-07-01"] + arguments, in: scratch.url)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try json(result) as! [String: Any]
            return (object["departments"] as! [[String: Any]]).flatMap { ($0["proposals"] as! [[String: Any]]).map { $0["id"] as! Int } }.sorted()
        }
        #expect(try staleIDs(["--days", "20"]) == [1])
        #expect(try staleIDs(["--days", "5"]) == [1, 2])
        #expect(try staleIDs(["--days", "5", "--department", owner]).contains(1))
        #expect(try CLI.run(["proposals", "answer", "1", "--as", owner, "--text", "検討中です。", "--publish"], in: scratch.url).status == 0)
        #expect(try staleIDs(["--days", "20"]).isEmpty)
        let table = try CLI.run(["proposals", "stale", "--days", "5", "--as-of", "2025-07-01"], in: scratch.url)
        #expect(table.stdout.contains("2025-07-01 時点で受付から5日を超えて回答が公開されていない提案: 1件"))
    }

    @Test("publish: hostile text is inert; no id, no draft, no note, no identifier; one inline script, nothing external")
    func board() throws {
        let hostileTitle = "<script>alert(1)</script>"
        let hostileBody = "\"><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">link</a> javascript:alert(4)"
        let (scratch, owner) = try workspace([
            "X1,2025/06/12 14:03:27,山田 太郎,\(hostileTitle),\"\(hostileBody.replacingOccurrences(of: "\"", with: "\"\""))\"",
            "X2,2025/06/13 14:03:27,,下書きだけの提案,まだ公開しない",
        ])
        #expect(try CLI.run(["proposals", "answer", "1", "--as", owner, "--text", "回答 <b onmouseover='x'>太字</b> javascript:void(0)", "--publish"],
                            in: scratch.url).status == 0)
        #expect(try CLI.run(["proposals", "note", "1", "--as", owner, "--text", "内部メモ・秘密"], in: scratch.url).status == 0)
        #expect(try CLI.run(["proposals", "answer", "1", "--as", owner, "--text", "未公開の新しい下書き"], in: scratch.url).status == 0)
        let draftOwner = try json(try CLI.run(["proposals", "show", "2", "--format", "json"], in: scratch.url)) as! [String: Any]
        #expect(try CLI.run(["proposals", "answer", "2", "--as", draftOwner["department"] as! String, "--text", "下書きの回答"], in: scratch.url).status == 0)

        let out = scratch.url.appendingPathComponent("board")
        let result = try CLI.run(["publish", "--out", out.path], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"ja\">"))
        #expect(page.components(separatedBy: "<script").count == 2)           // ours only
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<img") && !page.contains("<a ") && !page.contains("<b "))
        #expect(!page.contains("href=\"") && !page.contains("src=\""))
        #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(page.contains("&lt;a href=&quot;"))
        #expect(page.contains("default-src 'none'"))
        #expect(!page.contains("http://") && !page.contains("https://"))
        #expect(page.contains("回答 &lt;b onmouseover=&#39;x&#39;&gt;太字&lt;/b&gt;"))
        for hidden in ["内部メモ", "未公開の新しい下書き", "下書きの回答", "下書きだけの提案", "山田", "X1", "2025-06-12"] {
            #expect(!page.contains(hidden), "\(hidden)")
        }
        #expect(page.contains("公開された回答 1件"))
        let unwritable = try CLI.run(["publish", "--out", "/proc/meyasu-board"], in: scratch.url)
        #expect(unwritable.status == 66)
        #expect(unwritable.stderr.contains("cannot be written"))
    }

    @Test("Answers, notes and reasons are scrubbed: planted identifiers appear in no file, output or board")
    func noIdentifiersInWorkflowText() throws {
        let (scratch, owner) = try workspace(["P1,2025/06/12 14:03:27,,会議資料のペーパーレス化,タブレットで共有する"])
        let planted = ["taro.yamada.4821@city.example.lg.jp", "090-7731-2204", "０９０－７７３１－２２０４", "7731-2204", "STAFF-738291"]
        var outputs: [String] = []
        for arguments in [
            ["proposals", "answer", "1", "--as", owner, "--status", "検討中", "--text", "担当 taro.yamada.4821@city.example.lg.jp まで"],
            ["proposals", "note", "1", "--as", owner, "--text", "携帯は０９０－７７３１－２２０４"],
            ["proposals", "answer", "1", "--as", owner, "--status", "不採用", "--reason", "090-7731-2204 に確認した", "--publish"],
            ["proposals", "assign", "1", "--department", "kosei", "--reason", "職員番号 STAFF-738291 の件", "--as", "admin"],
            ["proposals", "history", "1", "--as", "admin"], ["proposals", "history", "1", "--format", "csv"],
            ["proposals", "show", "1", "--as", owner, "--format", "json"], ["proposals", "note", "1", "--as", owner],
            ["publish", "--out", "board"],
        ] {
            let result = try CLI.run(arguments, in: scratch.url)
            #expect(result.status == 0, "\(arguments) \(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        let enumerator = FileManager.default.enumerator(at: scratch.url, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where url.lastPathComponent != "w.csv" {
            if let data = FileManager.default.contents(atPath: url.path) { outputs.append(String(decoding: data, as: UTF8.self)) }
        }
        for text in outputs {
            for value in planted { #expect(!text.contains(value), "\(value)") }
        }
        #expect(outputs.contains { $0.contains("〔メール〕") })
    }
}
