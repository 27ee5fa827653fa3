import Foundation
import MeyasuSamples
import Testing

private let surveyHeader = "回答ID,回答日時,所属部局,所属課,年代,性別,職種,役職,"
    + "Q1 自分の職場では効率的に仕事が進められている,Q2 職場の人間関係や雰囲気が良いと感じている,"
    + "Q3 現在の仕事にやりがいを感じている,Q4 仕事と家庭の両立ができていると感じている,"
    + "Q5 業務改善の提案をしやすい雰囲気がある,Q6 必要なときに年次休暇を取得できている,"
    + "Q7 上司は部下の業務の進捗や負担を把握している,Q8 テレワークやスライド勤務を利用しやすい,自由記述"

private func row(_ id: String, date: String = "2024/07/01 08:15:05", section: String = "人事課", age: String = "30代",
                 first: String = "そう思う") -> String {
    "\(id),\(date),総務部,\(section),\(age),女性,事務職,一般職員,\(first)" + String(repeating: ",ややそう思う", count: 7) + ","
}

/// `meyasu import survey`, `meyasu survey summary` and `meyasu figures import` as a script runs them.
@Suite("meyasu survey CLI", .serialized)
struct SurveyCLITests {
    /// A workspace with the three survey samples imported.
    static func importedWorkspace() throws -> Scratch {
        let scratch = try Scratch.workspace()
        let result = try CLI.run(["import", "survey"] + SampleFiles.surveyExports.map(\.path), in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        return scratch
    }

    @Test("The samples import (CP932 too) into their fiscal years; a second import adds nothing")
    func samples() throws {
        let scratch = try Self.importedWorkspace()
        let again = try CLI.run(["import", "survey", "--format", "json"] + SampleFiles.surveyExports.map(\.path), in: scratch.url)
        #expect(again.status == 0)
        let files = try #require((try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.count == 3)
        for file in files {
            let counts = try #require(file["counts"] as? [String: Int])
            #expect(counts["imported"] == 0)
            #expect(counts["already_present"] == counts["rows_read"])
        }
        #expect(files.compactMap { $0["fiscal_year"] as? Int }.sorted() == [2023, 2024, 2024])
        #expect(files.contains { $0["encoding"] as? String == "cp932" })
    }

    @Test("Bad input: each error path exits as documented with one sentence naming file, line and column, never the cell")
    func badInput() throws {
        let scratch = try Scratch.workspace()
        let secret = "ZQ-SECRET"
        let likert = scratch.write("likert.csv", [surveyHeader, row("L1"), row("L2", first: "とても\(secret)")].joined(separator: "\r\n") + "\r\n")
        let band = scratch.write("band.csv", [surveyHeader, row("B1", age: "60代\(secret)"), row("B2")].joined(separator: "\r\n") + "\r\n")
        let header = scratch.write("header.csv", surveyHeader.replacingOccurrences(of: "Q3 現在の仕事にやりがいを感じている,", with: "") + "\r\nH1,2024/07/01 08:00:00\r\n")
        let span = scratch.write("span.csv", [surveyHeader, row("S1", date: "2025/03/31 10:00:00"), row("S2", date: "2025/04/01 10:00:00")].joined(separator: "\r\n") + "\r\n")

        let likertRun = try CLI.run(["import", "survey", likert], in: scratch.url)
        #expect(likertRun.status == 3)
        #expect(likertRun.stdout.contains("likert.csv line 3, column Q1 自分の職場では効率的に仕事が進められている: not one of the five answers"))
        let bandRun = try CLI.run(["import", "survey", band], in: scratch.url)
        #expect(bandRun.status == 3)
        #expect(bandRun.stdout.contains("band.csv line 2, column 年代: not one of the bands of 年代 in the form profile survey (20代以下, 30代, 40代, 50代以上)."))
        let headerRun = try CLI.run(["import", "survey", header], in: scratch.url)
        #expect(headerRun.status == 65)
        #expect(headerRun.stderr.contains("meyasu: header.csv lacks the required column 現在の仕事にやりがいを感じている of the form profile survey (職員アンケート（勤務実態・働き方）); export the form with that column or name another profile with --profile.\n"))
        let spanRun = try CLI.run(["import", "survey", span], in: scratch.url)
        #expect(spanRun.status == 65)
        #expect(spanRun.stderr.contains("span.csv holds responses from two fiscal years (line 2 counts in 2024年度（令和6年度）, line 3 in 2025年度（令和7年度）)"))
        #expect(try CLI.run(["import", "survey", span, "--year", "2024"], in: scratch.url).status == 0)
        #expect(try CLI.run(["import", "survey", "missing.csv"], in: scratch.url).status == 66)
        #expect(try CLI.run(["import", "survey", span, "--year", "24"], in: scratch.url).status == 64)
        for result in [likertRun, bandRun, headerRun, spanRun] {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    @Test("An unknown key in indicators.yaml stops the summary with exit 78, naming the file and the key")
    func unknownIndicatorKey() throws {
        let scratch = try Self.importedWorkspace()
        let url = scratch.url.appendingPathComponent("indicators.yaml")
        let yaml = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "    unit: 件\n", with: "    unit: 件\n    units: 件\n")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        let result = try CLI.run(["survey", "summary", "--year", "2024"], in: scratch.url)
        #expect(result.status == 78)
        #expect(result.stderr.contains("meyasu: indicators.yaml: the key `indicators[1].units` is not known (a typo?); remove it or see schemas/ for the keys allowed there.\n"))
    }

    @Test("The summary table follows the programme's table and reproduces its figures")
    func table() throws {
        let scratch = try Self.importedWorkspace()
        let result = try CLI.run(["survey", "summary", "--year", "2024"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        #expect(lines[0] == "職員アンケート 2024年度（令和6年度）　回答者 1,584人（2023年度 1,620人）")
        for (label, r5, r6) in [("効率的な仕事の進め方（Q1）", "52.2%", "60.6%"), ("風通しの良い職場環境づくり（Q2）", "77.2%", "74.5%"),
                                ("仕事のやりがい・達成感（Q3）", "70.1%", "71.2%"), ("ワークライフバランスの実現（Q4）", "74.5%", "76.3%")] {
            let line = try #require(lines.first { $0.contains(label) })
            let cells = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(cells.contains(r5) && cells.contains(r6), "\(line)")
        }
        #expect(lines.contains { $0.contains("職員一人あたりの月平均時間外勤務数") && $0.contains("12.0時間") && $0.hasSuffix("○") })
        #expect(try CLI.run(["survey", "summary", "--year", "2030"], in: scratch.url).status == 64)
        #expect(try CLI.run(["survey", "summary", "--year", "2024", "--by", "血液型"], in: scratch.url).status == 64)
    }

    @Test("Every format hides the same groups and shows no figure of a hidden one")
    func sameRulesInEveryFormat() throws {
        let scratch = try Self.importedWorkspace()
        let by = ["--by", "課", "--by", "課×性別", "--by", "年代×役職"]
        let json = try CLI.run(["survey", "summary", "--year", "2024", "--format", "json"] + by, in: scratch.url)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let groups = try #require(document["breakdowns"] as? [[String: Any]])
        let hidden = Set(groups.filter { $0["suppressed"] as? Bool == true }.map { $0["group"] as! String })
        let shown = Set(groups.filter { $0["suppressed"] as? Bool == false }.map { $0["group"] as! String })
        #expect(hidden.contains("広報課") && hidden.contains("人権・男女共同参画課"))
        #expect(!shown.isEmpty)
        for group in groups where group["suppressed"] as? Bool == true {
            #expect(group["respondents"] is NSNull && group["questions"] == nil && group["comments"] == nil)
        }

        // The table: a hidden group's line holds no digit.
        let table = try CLI.run(["survey", "summary", "--year", "2024"] + by, in: scratch.url).stdout
        var tableHidden = Set<String>()
        for line in table.components(separatedBy: "\n") {
            guard let name = line.split(separator: " ").first.map(String.init), hidden.contains(name) || shown.contains(name) else { continue }
            if line.contains("非表示") && !line.dropFirst(name.count).contains(where: \.isNumber) { tableHidden.insert(name) }
        }
        #expect(tableHidden == hidden)

        // The CSV: a hidden group has one row: 内訳, group, 非表示.
        let csv = try CLI.run(["survey", "summary", "--year", "2024", "--format", "csv"] + by, in: scratch.url)
        #expect(csv.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.stdout.contains("\"内訳\",\"グループ\",\"回答者数\""))
        let rows = csv.stdout.components(separatedBy: "\r\n").dropFirst().map { $0.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{FEFF}")) } }
        let csvHidden = Set(rows.filter { $0.count == 3 && $0[2] == "非表示" }.map { $0[1] })
        #expect(csvHidden == hidden)
        #expect(!rows.contains { $0.count > 3 && hidden.contains($0[1]) })

        // The HTML: self-contained, and every hidden group's row is all 非表示.
        let html = try CLI.run(["survey", "summary", "--year", "2024", "--format", "html"] + by, in: scratch.url).stdout
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"ja\">"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("src="))
        #expect(html.components(separatedBy: "<svg").count - 1 == 14)
        for name in hidden {
            let rowsOfGroup = html.components(separatedBy: "<tr><td class=\"label\">\(name)</td>").dropFirst()
            #expect(!rowsOfGroup.isEmpty, "\(name)")
            for rest in rowsOfGroup {
                let row = rest.components(separatedBy: "</tr>")[0]
                #expect(!row.contains(where: \.isNumber) || row.allSatisfy { !$0.isNumber || row.contains("colspan") }, "\(name): \(row)")
                #expect(row.contains("非表示"))
            }
        }
    }

    @Test("HTML escapes text and --out writes the page")
    func htmlOut() throws {
        let scratch = try Self.importedWorkspace()
        let url = scratch.url.appendingPathComponent("indicators.yaml")
        let yaml = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "label: 決裁の電子化率", with: "label: \"決裁の<b>電子化</b>率 & more\"")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        let out = scratch.url.appendingPathComponent("report.html").path
        let result = try CLI.run(["survey", "summary", "--year", "2024", "--format", "html", "--out", out], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("決裁の&lt;b&gt;電子化&lt;/b&gt;率 &amp; more"))
        #expect(!html.contains("<b>"))
    }

    @Test("figures import records a new year; bad rows are reported by line and column; the summary shows the figure")
    func figures() throws {
        let scratch = try Scratch.workspace()
        let file = scratch.write("figures.csv", """
            indicator,fiscal_year,value,part
            overtime_hours,2025,11.5,
            kakaricho_ratio,R7,22.0,男性
            kakaricho_ratio,R7,19.0,女性
            efficient_work,2025,70.0,
            no_such_indicator,2025,1,
            annual_leave_days,来年,14.0,
            overtime_hours,2024,12.0,

            """.replacingOccurrences(of: "\n", with: "\r\n"))
        let result = try CLI.run(["figures", "import", file], in: scratch.url)
        #expect(result.status == 3)
        #expect(result.stdout.contains("figures.csv line 5, column indicator: a survey indicator"))
        #expect(result.stdout.contains("figures.csv line 6, column indicator: not an indicator id of indicators.yaml"))
        #expect(result.stdout.contains("figures.csv line 7, column fiscal_year: not a fiscal year"))
        #expect(result.stdout.contains("already present 1"))
        #expect(!result.stdout.contains("no_such_indicator") && !result.stdout.contains("来年"))
        let again = try CLI.run(["figures", "import", file], in: scratch.url)
        #expect(again.stdout.contains("already present 4"))
        let summary = try CLI.run(["survey", "summary", "--year", "2025"], in: scratch.url)
        #expect(summary.status == 0, "\(summary.stderr)")
        #expect(summary.stdout.contains("11.5時間"))
        #expect(summary.stdout.contains("男性 22.0% / 女性 19.0%"))
    }

    @Test("No 回答ID and no identifier from a comment reaches any file of the workspace or any output")
    func privacyScan() throws {
        let scratch = try Scratch.workspace()
        var outputs: [String] = []
        var runs = [["import", "survey"] + SampleFiles.surveyExports.map(\.path)]
        for format in ["table", "csv", "json", "html"] {
            runs.append(["survey", "summary", "--year", "2024", "--by", "all", "--format", format])
            runs.append(["survey", "summary", "--year", "2023", "--format", format])
        }
        for arguments in runs {
            let result = try CLI.run(arguments, in: scratch.url, environment: ["MEYASU_LOG_LEVEL": "trace"])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        let enumerator = FileManager.default.enumerator(at: scratch.url, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator {
            if let data = FileManager.default.contents(atPath: url.path) { outputs.append(String(decoding: data, as: UTF8.self)) }
        }
        // Every 回答ID of the samples (nine digits): no run of digits anywhere holds one.
        var ids = Set<String>()
        for url in SampleFiles.surveyExports where !url.lastPathComponent.contains("cp932") {
            let text = try String(contentsOf: url, encoding: .utf8)
            ids.formUnion(text.components(separatedBy: "\r\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) })
        }
        #expect(ids.count > 3000)
        let bytes = Array(outputs.joined(separator: "\u{0}").utf8)
        var index = 0
        var leaked: [String] = []
        while index < bytes.count {
            guard (0x30...0x39).contains(bytes[index]) else { index += 1; continue }
            var end = index
            while end < bytes.count, (0x30...0x39).contains(bytes[end]) { end += 1 }
            if end - index >= 9 {
                for start in index...(end - 9) where ids.contains(String(decoding: bytes[start..<start + 9], as: UTF8.self)) {
                    leaked.append(String(decoding: bytes[start..<start + 9], as: UTF8.self))
                }
            }
            index = end
        }
        #expect(leaked.isEmpty, "\(leaked.prefix(5))")
        // The identifiers planted in the comments (samples/README.md).
        let data = Data(bytes)
        for value in ["内線1113", "４６９２", "2240", "渡辺由美", "d.takahashi", "m.kato", "nakamura-yumi", "中村由美", "斎藤課長",
                      "中村係長", "井上さん", "佐藤部長", "3249", "３１９０", "吉田大輔", "2999", "s.yamada", "saito-daisuke",
                      "takahashi52", "山田部長", "山田翔太", "鈴木さん", "鈴木係長", "@city.example.lg.jp"] {
            #expect(data.range(of: Data(value.utf8)) == nil, "\(value)")
        }
    }
}
