import Dispatch
import Synchronization

/// Renders a survey summary as a terminal table, CSV for Excel, or JSON
/// (`schemas/survey-summary.schema.json`); `SurveyHTMLReport` makes the HTML page. Every format
/// shows exactly what the summary holds: hidden groups arrive hidden.
public struct SurveySummaryRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case table, csv, json, html
    }

    public init() {}

    /// The HTML report's content (headings, tables, SVG charts, heatmap, comments) without its
    /// page: for a page that has its own head and styles. Every text in it is escaped.
    public func htmlBody(_ summary: SurveySummary) -> String {
        SurveyHTMLReport(summary: summary).body()
    }

    public func render(_ summary: SurveySummary, as format: Format) -> String {
        switch format {
        case .table: table(summary)
        case .csv: csv(summary)
        case .json: json(summary)
        case .html: SurveyHTMLReport(summary: summary).render()
        }
    }

    // MARK: table

    func table(_ summary: SurveySummary) -> String {
        var out = SurveySummaryText.heading(summary) + "\n\n"
        out += indicatorTable(summary)
        for breakdown in summary.breakdowns {
            out += "\n内訳: \(breakdown.label)（肯定的回答の割合）\n"
            var table = TextTable(headers: [breakdown.label, "回答者"] + summary.questions.map(\.question.id))
            for group in breakdown.groups {
                guard let respondents = group.respondents else {
                    table.rows.append([group.label, SurveySummaryText.hidden] + summary.questions.map { _ in SurveySummaryText.none })
                    continue
                }
                table.rows.append([group.label, SurveySummaryText.count(respondents)] + group.figures.map { cell in
                    guard let figures = cell.figures else { return SurveySummaryText.hidden }
                    let mark = cell.change?.significant == true ? SurveySummaryText.significantMark : ""
                    return SurveySummaryText.percent(figures.favourablePercent) + mark
                })
            }
            out += breakdown.groups.isEmpty ? "（回答なし）\n" : table.render()
        }
        out += "\n" + notes(summary).joined(separator: "\n") + "\n"
        return out
    }

    /// The programme's table: 指標, the compared year, this year, the change, 目標, 達成.
    func indicatorTable(_ summary: SurveySummary) -> String {
        let compare = summary.compareYear.map(FiscalYear.short) ?? "前年度"
        var table = TextTable(headers: ["指標", compare, FiscalYear.short(summary.year), "増減", "目標", "達成"])
        var pillar: String?
        for line in summary.indicatorLines {
            if line.pillar != pillar, let heading = line.pillar {
                table.rows.append([heading, "", "", "", "", ""])
                pillar = heading
            }
            table.rows.append(["  " + line.label, line.previous, line.current, line.change, line.target, line.attained])
        }
        return table.render()
    }

    func notes(_ summary: SurveySummary) -> [String] {
        var notes = [SurveySummaryText.significantNote, SurveySummaryText.suppressionNote(summary)]
        if summary.questions.contains(where: { $0.figures == nil && $0.percent != nil || $0.previous == nil && $0.previousPercent != nil }) {
            notes.append(SurveySummaryText.publishedNote)
        }
        for row in summary.questions where row.differsFromPublished {
            notes.append("注: \(row.question.id) の集計値 \(SurveySummaryText.percent(row.figures?.favourablePercent)) は indicators.yaml の公表値 \(SurveySummaryText.percent(row.published)) と異なります。")
        }
        if let source = summary.source { notes.append("出典: \(source)") }
        return notes
    }

    // MARK: CSV

    /// Without breakdowns: the indicator table with every figure. With breakdowns: one row per
    /// group and question.
    func csv(_ summary: SurveySummary) -> String {
        if summary.breakdowns.isEmpty {
            // Figures as plain numbers, so that Excel can compute with them; the unit in its own column.
            var csv = ExcelCSV(headers: ["区分", "指標", "設問ID", "設問", "単位", "前年度", "今年度", "増減", "有意な変化", "目標", "達成",
                                         "回答数", "肯定的回答数", "肯定的回答の割合(%)", "平均", "95%信頼区間 下限(%)", "95%信頼区間 上限(%)"])
            for (entry, line) in zip(summary.indicatorEntries, summary.indicatorLines) {
                switch entry {
                case .question(let row, let pillar):
                    csv.append([pillar ?? "", row.indicator?.label ?? "", row.question.id, row.question.wording, "%",
                                row.previousPercent?.description ?? "", row.percent?.description ?? "",
                                row.change?.points.description ?? "",
                                row.changeTested ? (row.change?.significant == true ? "はい" : "いいえ") : "",
                                line.target, line.attained] + Self.figureCells(row.figures))
                case .figure(let row):
                    let value = { (value: IndicatorValue?) -> String in
                        switch value {
                        case .single(let number)?: number.description
                        case .parts(let parts)?: parts.map { "\($0.name) \($0.value)" }.joined(separator: " / ")
                        case nil: ""
                        }
                    }
                    csv.append([row.indicator.pillar ?? "", row.indicator.label, "", "", row.indicator.unit,
                                value(row.previous), value(row.value), row.change?.description ?? "", "",
                                line.target, line.attained] + Self.figureCells(nil))
                }
            }
            return csv.output
        }
        var csv = ExcelCSV(headers: ["内訳", "グループ", "回答者数", "設問ID", "設問", "回答数", "肯定的回答数", "肯定的回答の割合(%)",
                                     "平均", "95%信頼区間 下限(%)", "95%信頼区間 上限(%)", "前年度の割合(%)", "増減(pt)", "有意な変化"])
        for breakdown in summary.breakdowns {
            for group in breakdown.groups {
                guard let respondents = group.respondents else {
                    csv.append([breakdown.label, group.label, SurveySummaryText.hidden])
                    continue
                }
                for (row, cell) in zip(summary.questions, group.figures) {
                    let head = [breakdown.label, group.label, String(respondents), row.question.id, row.question.wording]
                    guard let figures = cell.figures else {
                        csv.append(head + [SurveySummaryText.hidden])
                        continue
                    }
                    csv.append(head + Self.figureCells(figures)
                               + [cell.previous?.favourablePercent?.description ?? "", cell.change?.points.description ?? "",
                                  cell.change.map { $0.significant ? "はい" : "いいえ" } ?? ""])
                }
            }
        }
        return csv.output
    }

    static func figureCells(_ figures: QuestionFigures?) -> [String] {
        guard let figures, let percent = figures.favourablePercent else { return ["", "", "", "", "", ""] }
        let interval = figures.interval!.percent
        return [String(figures.n), String(figures.favourable), percent.description, figures.mean?.description ?? "",
                interval.low.description, interval.high.description]
    }

    // MARK: JSON

    func json(_ summary: SurveySummary) -> String {
        var members: [(String, String)] = [
            ("year", String(summary.year)),
            ("year_label", JSON.string(FiscalYear.label(summary.year))),
            ("compare_year", JSON.int(summary.compareYear)),
            ("respondents", JSON.int(summary.respondents)),
            ("previous_respondents", JSON.int(summary.previousRespondents)),
            ("min_group", String(summary.minGroup)),
            ("min_comment_group", String(summary.minCommentGroup)),
        ]
        members.append(("indicators", JSON.array(summary.questions.map(questionJSON), indent: 1)))
        members.append(("figures", JSON.array(summary.figures.map(figureJSON), indent: 1)))
        // Groups are written on every core: with every pair of dimensions and a large year's
        // comments they are most of the work.
        let groups = summary.breakdowns.flatMap { breakdown in breakdown.groups.map { (breakdown, $0) } }
        let written = Mutex([String](repeating: "", count: groups.count))
        let chunk = max(1, (groups.count + 7) / 8)
        DispatchQueue.concurrentPerform(iterations: (groups.count + chunk - 1) / chunk) { part in
            let range = (part * chunk)..<min(groups.count, (part + 1) * chunk)
            let texts = range.map { groupJSON(groups[$0].1, breakdown: groups[$0].0, questions: summary.questions) }
            written.withLock { $0.replaceSubrange(range, with: texts) }
        }
        members.append(("breakdowns", JSON.array(written.withLock { $0 }, indent: 1)))
        members.append(("trends", JSON.array(summary.trends.map(trendJSON), indent: 1)))
        members.append(("source", JSON.string(summary.source)))
        return JSON.object(members, indent: 0) + "\n"
    }

    private func targetJSON(_ target: Indicator.Target?, unit: String) -> String {
        guard let target else { return "null" }
        return JSON.object([("direction", JSON.string(target.direction.rawValue)), ("value", JSON.number(target.bound)),
                            ("text", JSON.string(target.text(unit: unit)))])
    }

    private func figuresMembers(_ figures: QuestionFigures?) -> [(String, String)] {
        let interval = figures?.interval?.percent
        return [("n", JSON.int(figures?.n)), ("favourable", JSON.int(figures?.favourable)),
                ("favourable_pct", JSON.number(figures?.favourablePercent)), ("mean", JSON.number(figures?.mean)),
                ("ci_low", JSON.number(interval?.low)), ("ci_high", JSON.number(interval?.high))]
    }

    private func questionJSON(_ row: SurveySummary.QuestionRow) -> String {
        var members: [(String, String)] = [
            ("id", JSON.string(row.indicator?.id ?? row.question.id)),
            ("label", JSON.string(row.indicator?.label ?? row.question.wording)),
            ("question_id", JSON.string(row.question.id)),
            ("question", JSON.string(row.question.wording)),
            ("is_indicator", row.indicator == nil ? "false" : "true"),
        ]
        members += figuresMembers(row.figures)
        members += [
            ("source", JSON.string(row.figures != nil ? "survey" : row.published != nil ? "published" : nil)),
            ("published_pct", JSON.number(row.published)),
            ("previous_pct", JSON.number(row.previousPercent)),
            ("change_pts", JSON.number(row.change?.points)),
            ("significant_change", row.changeTested ? JSON.bool(row.change?.significant) : "null"),
            ("target", targetJSON(row.indicator?.target, unit: "%")),
            ("attained", JSON.bool(row.attained)),
        ]
        return JSON.object(members)
    }

    private func valueJSON(_ value: IndicatorValue?) -> String {
        switch value {
        case nil: "null"
        case .single(let number)?: JSON.number(number)
        case .parts(let parts)?: JSON.object(parts.map { ($0.name, JSON.number($0.value)) })
        }
    }

    private func figureJSON(_ row: SurveySummary.FigureRow) -> String {
        let indicator = row.indicator
        return JSON.object([
            ("id", JSON.string(indicator.id)), ("label", JSON.string(indicator.label)), ("unit", JSON.string(indicator.unit)),
            ("parts", indicator.parts.map { JSON.array($0.map(JSON.string)) } ?? "null"),
            ("value", valueJSON(row.value)), ("previous", valueJSON(row.previous)), ("change", JSON.number(row.change)),
            ("target", targetJSON(indicator.target, unit: indicator.unit)),
            ("long_term", targetJSON(indicator.longTerm, unit: indicator.unit)),
            ("attained", JSON.bool(row.attained)),
        ])
    }

    private func groupJSON(_ group: SurveySummary.Group, breakdown: SurveySummary.Breakdown,
                           questions: [SurveySummary.QuestionRow]) -> String {
        var members: [(String, String)] = [
            ("dimension", JSON.string(breakdown.label)), ("dimension_id", JSON.string(breakdown.id)),
            ("group", JSON.string(group.label)), ("group_parts", JSON.array(group.labels.map(JSON.string))),
            ("respondents", JSON.int(group.respondents)), ("suppressed", JSON.bool(group.suppressed)),
        ]
        if !group.suppressed {
            members.append(("questions", JSON.array(zip(questions, group.figures).map { row, cell in
                JSON.object([("question_id", JSON.string(row.question.id)), ("suppressed", JSON.bool(cell.figures == nil))]
                            + (cell.figures == nil ? [] : figuresMembers(cell.figures) + [
                                ("previous_pct", JSON.number(cell.previous?.favourablePercent)),
                                ("change_pts", JSON.number(cell.change?.points)),
                                ("significant_change", JSON.bool(cell.change?.significant)),
                            ]))
            })))
        }
        if let comments = group.comments { members.append(("comments", JSON.strings(comments))) }
        return JSON.object(members)
    }

    private func trendJSON(_ trend: SurveySummary.Trend) -> String {
        JSON.object([
            ("id", JSON.string(trend.indicator.id)), ("label", JSON.string(trend.indicator.label)),
            ("unit", JSON.string(trend.indicator.unit)),
            ("series", JSON.array(trend.series.map { series in
                JSON.object([("name", JSON.string(series.name)), ("points", JSON.array(series.points.map { point in
                    JSON.object([("year", String(point.year)), ("value", JSON.number(point.value)),
                                 ("computed", JSON.bool(point.computed))])
                }))])
            })),
        ])
    }
}

/// Small builders for hand-written JSON: keys in the order given, exact decimals as numbers.
enum JSON {
    static func string(_ text: String?) -> String { text.map(JSONText.quote) ?? "null" }
    static func int(_ value: Int?) -> String { value.map(String.init) ?? "null" }
    static func bool(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "null" }
    static func number(_ value: FixedDecimal?) -> String { value?.description ?? "null" }

    /// An array of strings, written into one buffer (a year's comments can be a hundred thousand).
    static func strings(_ texts: [String]) -> String {
        var out: [UInt8] = [0x5B]
        out.reserveCapacity(texts.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, text) in texts.enumerated() {
            if index > 0 { out.append(0x2C) }
            JSONText.appendQuoted(text, to: &out)
        }
        out.append(0x5D)
        return String(decoding: out, as: UTF8.self)
    }

    /// An object; with `indent`, one member per line.
    static func object(_ members: [(String, String)], indent: Int? = nil) -> String {
        let parts = members.map { JSONText.quote($0.0) + ":" + $0.1 }
        guard let indent else { return "{" + parts.joined(separator: ",") + "}" }
        let pad = String(repeating: "  ", count: indent + 1)
        return "{\n" + parts.map { pad + $0 }.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "}"
    }

    /// An array; with `indent`, one element per line.
    static func array(_ elements: [String], indent: Int? = nil) -> String {
        guard let indent, !elements.isEmpty else { return "[" + elements.joined(separator: ",") + "]" }
        let pad = String(repeating: "  ", count: indent + 1)
        return "[\n" + elements.map { pad + $0 }.joined(separator: ",\n") + "\n" + String(repeating: "  ", count: indent) + "]"
    }
}
