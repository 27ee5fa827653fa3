import Foundation
import GRDB
import Meyasu
import MeyasuSamples
import Testing

@Suite("meyasu route and proposals assign", .serialized)
struct RouteCLITests {
    static let labelledHeader = "回答ID,回答日時,件名,改善案,関係する所属（わかれば）,正解所属"

    @Test("route names the department, its confidence, the candidates and the deciding words; JSON too; stdin works")
    func route() throws {
        let scratch = try Scratch.workspace()
        let text = try CLI.run(["route", "冬の朝、職員駐車場前の道が凍って危ない\n除雪をお願いしたい"], in: scratch.url)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("→ doboku"))
        #expect(text.stdout.contains("candidates:\n  1. doboku"))
        #expect(text.stdout.contains("why: ") && text.stdout.contains("除雪"))
        let json = try CLI.run(["route", "--format", "json", "--hint", "管財課", "会議室が足りない"], in: scratch.url)
        let decision = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect((decision["candidates"] as! [[String: Any]]).count == 3)
        #expect(decision["department"] as? String == "kanzai")
        #expect(decision["hint_agreed"] as? Bool == true)
        let input = scratch.write("in.txt", "入札の手続き\n電子入札を広げてほしい\n", bom: false)
        let piped = try CLI.run(["route"], in: scratch.url, stdin: input)
        #expect(piped.stdout.hasPrefix("→ keiyaku"), "\(piped.stdout)")
    }

    @Test("import routes on arrival: the samples land in many departments, not all in triage")
    func importRoutes() throws {
        let scratch = try Scratch.workspace()
        let numbered = try #require(SampleFiles.proposalExports.first { $0.lastPathComponent.contains("numbered") })
        #expect(try CLI.run(["import", "proposals", numbered.path], in: scratch.url).status == 0)
        let list = try CLI.run(["proposals", "list", "--format", "json"], in: scratch.url)
        let rows = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(rows.count == 25)
        #expect(Set(rows.compactMap { $0["department"] as? String }).count >= 8)
        let show = try CLI.run(["proposals", "show", "\(rows[0]["id"]!)"], in: scratch.url)
        #expect(show.stdout.contains("【振り分け】") && show.stdout.contains("候補: ") && show.stdout.contains("決め手: "))
    }

    @Test("Routing does not depend on the process's hash seed: the same file routes to the same candidates, scores and words")
    func deterministic() throws {
        // 360 proposals: before the router's sums and keywords were put in a fixed order, about
        // one row in forty showed other deciding words from one run to the next.
        let export = try #require(SampleFiles.proposalExports.first { $0.lastPathComponent.contains("utf8bom") })
        var routings: [[String]] = []
        for environment in [["SWIFT_DETERMINISTIC_HASHING": "1"], [:]] {
            let scratch = try Scratch.workspace()
            #expect(try CLI.run(["import", "proposals", export.path], in: scratch.url, environment: environment).status == 0)
            let queue = try DatabaseQueue(path: scratch.url.appendingPathComponent("meyasu.sqlite").path)
            routings.append(try queue.read { try String.fetchAll($0, sql: "SELECT routing FROM proposal ORDER BY id") })
        }
        #expect(routings[0].count == 360 && routings[0].allSatisfy { $0.contains("\"words\"") })
        #expect(routings[0] == routings[1])
    }

    @Test("An import uses the kept model; a dry run trains without keeping one, a real import keeps it")
    func keptModel() throws {
        let scratch = try Scratch.workspace()
        let queue = try DatabaseQueue(path: scratch.url.appendingPathComponent("meyasu.sqlite").path)
        func kept() throws -> Int { try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM routing_model")! } }
        #expect(try kept() == 1)  // the shipped model, kept by init
        try queue.write { try $0.execute(sql: "DELETE FROM routing_model") }
        let file = scratch.write("p.csv", "回答ID,回答日時,件名,改善案\r\nA1,2025/06/12 14:03:27,除雪の順番,市道の除雪を早めてほしい\r\n")
        let dry = try CLI.run(["import", "proposals", "--dry-run", file], in: scratch.url)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(try kept() == 0)
        #expect(try CLI.run(["import", "proposals", file], in: scratch.url).status == 0)
        #expect(try kept() == 1)
    }

    @Test("assign moves a proposal, shows it in the history, and refuses bad input with exit 64")
    func assign() throws {
        let scratch = try Scratch.workspace()
        let file = scratch.write("p.csv", "回答ID,回答日時,件名,改善案\r\nA1,2025/06/12 14:03:27,会議室の予約,予約が取りにくい\r\n")
        #expect(try CLI.run(["import", "proposals", file], in: scratch.url).status == 0)
        let moved = try CLI.run(["proposals", "assign", "1", "--department", "dx", "--reason", "予約システムの話。山田課長（内線2288）と相談済み"],
                                in: scratch.url)
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("→ 行政DX推進課 (dx)"))
        let show = try CLI.run(["proposals", "show", "1", "--format", "json"], in: scratch.url)
        let detail = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
        let history = detail["history"] as! [[String: Any]]
        #expect(history.count == 1 && history[0]["to_department"] as? String == "dx")
        #expect((history[0]["reason"] as? String)?.contains("2288") == false)
        #expect(detail["department"] as? String == "dx")
        for (arguments, phrase) in [
            (["proposals", "assign", "1", "--department", "nowhere", "--reason", "x"], "--department nowhere"),
            (["proposals", "assign", "99", "--department", "dx", "--reason", "x"], "no proposal 99"),
            (["proposals", "assign", "1", "--department", "dx", "--reason", "  "], "--reason"),
        ] {
            let result = try CLI.run(arguments, in: scratch.url)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(phrase), "\(result.stderr)")
        }
        // Nothing of the reason's identifiers reached any file of the workspace.
        let enumerator = FileManager.default.enumerator(at: scratch.url, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where url.lastPathComponent != "p.csv" {
            let bytes = String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self)
            #expect(!bytes.contains("2288") && !bytes.contains("山田"), "\(url.lastPathComponent)")
        }
    }

    @Test("route train learns from a labelled export (exit 0, or 3 with rows reported); evaluate reports the figures")
    func trainAndEvaluate() throws {
        let scratch = try Scratch.workspace()
        let good = scratch.write("good.csv", "\(Self.labelledHeader)\r\nL1,2025/06/12 14:03:27,除雪,道が凍る,,doboku\r\nL2,2025/06/12 14:03:27,会議室,足りない,,管財課\r\n")
        let trained = try CLI.run(["route", "train", good], in: scratch.url)
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("learnt 2 examples"))
        let bad = scratch.write("bad.csv", "\(Self.labelledHeader)\r\nL3,2025/06/12 14:03:27,何か,何か,,SECRET-LABEL\r\n")
        let reported = try CLI.run(["route", "train", bad], in: scratch.url)
        #expect(reported.status == 3)
        #expect(reported.stdout.contains("bad.csv line 2, column 正解所属") && !reported.stdout.contains("SECRET-LABEL"))
        let missing = try CLI.run(["route", "train", good, "--label-column", "owner"], in: scratch.url)
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("good.csv has no column owner"))

        let part = SampleFiles.directory.appendingPathComponent("routing/part-a.csv").path
        let evaluation = try CLI.run(["route", "evaluate", part], in: scratch.url)
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        for phrase in ["top-1 accuracy", "top-3 accuracy", "precision", "recall", "proposals/s", "mean confidence", "< 50.0%", "≥ 99.0%", "calibration error"] {
            #expect(evaluation.stdout.contains(phrase))
        }
        let folds = try CLI.run(["route", "evaluate", part, "--folds", "5", "--format", "json"], in: scratch.url)
        let parsed = try JSONSerialization.jsonObject(with: Data(folds.stdout.utf8)) as! [String: Any]
        #expect(parsed["proposals"] as? Int == 175)
        #expect((parsed["departments"] as! [Any]).count == 5)
        // Every proposal in exactly one confidence band, each band's mean inside it.
        let bands = parsed["confidence_bands"] as! [[String: Any]]
        #expect(bands.map { $0["from"] as! Double } == [0, 0.5, 0.7, 0.9, 0.99])
        #expect(bands.reduce(0) { $0 + ($1["proposals"] as! Int) } == 175)
        #expect(bands.reduce(0) { $0 + ($1["correct"] as! Int) } == parsed["top1"] as? Int)
        for band in bands where band["proposals"] as! Int > 0 {
            let mean = band["mean_confidence"] as! Double
            #expect(mean >= band["from"] as! Double && (mean < band["to"] as! Double || band["to"] as! Double == 1), "\(band)")
        }
        #expect(bands.contains { $0["proposals"] as! Int > 0 })
        let calibration = try #require(parsed["calibration_error"] as? Double)
        #expect(calibration > 0 && calibration < 1)
        let wrong = try CLI.run(["route", "evaluate", part, "--folds", "1"], in: scratch.url)
        #expect(wrong.status == 64)
        let both = try CLI.run(["route", "evaluate", part, "--folds", "5", "--rules-only"], in: scratch.url)
        #expect(both.status == 64 && both.stderr.contains("--rules-only"))
        let absent = try CLI.run(["route", "evaluate", "nowhere.csv"], in: scratch.url)
        #expect(absent.status == 66 && absent.stderr.contains("nowhere.csv"))
        let counted = try CLI.run(["route", "evaluate", good, bad], in: scratch.url)
        #expect(counted.status == 3)
        #expect(counted.stderr.contains("meyasu: bad.csv line 2, column 正解所属: the label is not a department code"))
        #expect(!counted.stderr.contains("SECRET-LABEL") && !counted.stdout.contains("SECRET-LABEL"))
        #expect(counted.stdout.contains("proposals        2"))
    }
}
