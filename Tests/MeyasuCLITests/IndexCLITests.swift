import Foundation
import GRDB
import Testing

private let header = "回答ID,回答日時,氏名（任意）,件名,改善案"

/// The search index and the similar-proposal links as the CLI shows them: the import's index
/// phase, `--defer-index`, `meyasu index`, the readers that catch up, and `doctor`'s count.
@Suite("meyasu index and the import's index phase", .serialized)
struct IndexCLITests {
    private let body = "庁内の会議資料を紙で配るのをやめ、タブレットで共有する。印刷と配布の手間が減り、差し替えもすぐにできる。"

    private func json(_ result: CLI.Result) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    }

    @Test("A deferred import leaves the index to later: doctor counts what waits, a search catches up and finds the rows")
    func deferredThenSearch() throws {
        let scratch = try Scratch.workspace()
        let file = scratch.write("p.csv", [header, "D1,2025/06/12 14:03:27,,会議資料のペーパーレス化,\(body)",
                                           "D2,2025/06/13 09:00:00,,会議資料のペーパーレス化について,\(body)ぜひ検討してほしい。",
                                           "D3,2025/06/14 09:00:00,,除雪車の配置,冬の朝に職員駐車場の除雪が間に合わない。"]
            .joined(separator: "\r\n") + "\r\n")
        let imported = try CLI.run(["import", "proposals", "--defer-index", file], in: scratch.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasSuffix("search index: deferred (--defer-index); 3 proposals wait for `meyasu index` or the next search.\n"))

        let waiting = try CLI.run(["doctor"], in: scratch.url)
        #expect(waiting.status == 0)
        #expect(waiting.stdout.contains("WARN  search index  3 proposals are not yet in the search index and similarity links"))
        let waitingJSON = try CLI.run(["doctor", "--format", "json"], in: scratch.url)
        let check = try #require((try json(waitingJSON)["checks"] as! [[String: Any]]).first { $0["name"] as? String == "search index" })
        #expect(check["status"] as? String == "warning")

        let found = try CLI.run(["proposals", "list", "--search", "ペーパーレス", "--format", "json"], in: scratch.url)
        #expect(found.status == 0, "\(found.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as! [[String: Any]]
        #expect(rows.map { $0["id"] as! Int } == [2, 1])
        #expect(try CLI.run(["doctor"], in: scratch.url).stdout.contains("ok    search index  every proposal is in the search index"))
        let shown = try CLI.run(["proposals", "show", "2", "--format", "json"], in: scratch.url)
        let similar = try json(shown)["similar"] as! [[String: Any]]
        #expect(similar.map { $0["id"] as! Int } == [1])

        #expect(try CLI.run(["index"], in: scratch.url).stdout == "search index: up to date (nothing new to add).\n")
    }

    @Test("The import reports its index phase in text and JSON; meyasu index catches up what a deferred import left")
    func indexPhase() throws {
        let scratch = try Scratch.workspace()
        let first = scratch.write("a.csv", [header, "A1,2025/06/12 14:03:27,,会議資料のペーパーレス化,\(body)"].joined(separator: "\r\n") + "\r\n")
        let second = scratch.write("b.csv", [header, "B1,2025/06/12 14:03:27,,窓口の混雑,待ち時間が長い",
                                             "B2,2025/06/12 14:03:27,,窓口の案内,案内板を増やす"].joined(separator: "\r\n") + "\r\n")
        let text = try CLI.run(["import", "proposals", first], in: scratch.url)
        #expect(text.status == 0)
        let line = try #require(text.stdout.split(separator: "\n").last)
        #expect(line.hasPrefix("search index: 1 proposals added and linked in ") && line.hasSuffix(" s."), "\(line)")

        let deferred = try json(try CLI.run(["import", "proposals", "--defer-index", "--format", "json", second], in: scratch.url))
        let phase = deferred["index"] as! [String: Any]
        #expect(phase["status"] as? String == "deferred")
        #expect(phase["proposals"] as? Int == 0)
        #expect(phase["pending"] as? Int == 2)

        let dry = try json(try CLI.run(["import", "proposals", "--dry-run", "--format", "json", second], in: scratch.url))
        #expect((dry["index"] as! [String: Any])["status"] as? String == "skipped")

        let index = try CLI.run(["index", "--chunk", "1"], in: scratch.url)
        #expect(index.status == 0)
        #expect(index.stdout.hasPrefix("search index: 2 proposals added and linked in "))
        #expect(index.stdout.hasSuffix(" s; up to date through proposal 3.\n"))
        #expect(try CLI.run(["index", "--chunk", "0"], in: scratch.url).status == 64)

        let again = try json(try CLI.run(["import", "proposals", "--format", "json", second], in: scratch.url))
        let done = again["index"] as! [String: Any]
        #expect(done["status"] as? String == "done")
        #expect(done["proposals"] as? Int == 0)
        #expect(done["pending"] as? Int == 0)
        #expect(done["seconds"] is Double || done["seconds"] is Int)
    }

    @Test("An index phase that fails warns, keeps the import's exit code, and leaves the rest to the next reader")
    func failedIndexPhase() throws {
        let scratch = try Scratch.workspace()
        let file = scratch.write("p.csv", [header, "P1,2025/06/12 14:03:27,,会議資料のペーパーレス化,\(body)"].joined(separator: "\r\n") + "\r\n")
        // Stands for a database that fails after the file's transaction committed.
        let path = scratch.url.appendingPathComponent("meyasu.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse BEFORE INSERT ON workspace_meta WHEN NEW.name = 'derived_through'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """)
        }
        let result = try CLI.run(["import", "proposals", "--format", "json", file], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: the search index was not brought up to date: meyasu.sqlite reported an error"))
        let phase = (try json(result))["index"] as! [String: Any]
        #expect(phase["status"] as? String == "failed")
        #expect(phase["pending"] as? Int == 1)
        #expect((phase["error"] as? String)?.isEmpty == false)
        #expect(try CLI.run(["proposals", "list", "--format", "json"], in: scratch.url).stdout.contains("\"id\""))

        try queue.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        try queue.close()
        let found = try CLI.run(["proposals", "list", "--search", "ペーパーレス", "--format", "json"], in: scratch.url)
        #expect(found.stdout.contains("\"id\""), "\(found.stdout)")
        #expect(try CLI.run(["doctor"], in: scratch.url).stdout.contains("ok    search index"))
    }
}
