/// The words and marks every rendering of a survey summary shares, so that the table, the CSV,
/// the JSON and the HTML page say the same thing the same way.
enum SurveySummaryText {
    /// Shown instead of a hidden group's figures.
    static let hidden = "非表示"
    /// Shown where there is no figure.
    static let none = "－"
    /// Marks a change whose two 95 % intervals do not overlap.
    static let significantMark = "*"

    static func percent(_ value: FixedDecimal?) -> String {
        value.map { "\($0)%" } ?? none
    }

    static func attained(_ value: Bool?) -> String {
        switch value {
        case true?: "○"
        case false?: "×"
        case nil: none
        }
    }

    /// `+8.4pt`, `+315件`, `-0.8時間`.
    static func change(_ points: FixedDecimal?, unit: String) -> String {
        guard let points else { return none }
        return points.signed + (unit == "%" ? "pt" : unit)
    }

    /// The target as the programme writes it, with the longer-term aim: `17.5%以上（最終 50%）`.
    static func target(_ indicator: Indicator?) -> String {
        guard let indicator else { return none }
        guard let target = indicator.target else { return "（参考）" }
        var text = target.text(unit: indicator.unit)
        if let longTerm = indicator.longTerm { text += "（最終 \(longTerm.text(unit: indicator.unit))）" }
        return text
    }

    /// `効率的な仕事の進め方（Q1）`, `Q5 業務改善の提案をしやすい雰囲気がある`.
    static func label(_ row: SurveySummary.QuestionRow) -> String {
        row.indicator.map { "\($0.label)（\(row.question.id)）" } ?? "\(row.question.id) \(row.question.wording)"
    }

    /// The sentence under every summary: what is hidden and why.
    static func suppressionNote(_ summary: SurveySummary) -> String {
        "回答者\(summary.minGroup)人未満の集団は表示しません。ほかの数字との差し引きで\(summary.minGroup)人未満の集団が分かってしまう場合も、その集団を「\(hidden)」にしています。自由記述は回答者\(summary.minCommentGroup)人以上の課だけに表示します。"
    }

    static let significantNote = "\(significantMark) 前年度との差が、両年度の95%信頼区間（Wilson）が重ならない大きさの変化。"
    static let publishedNote = "† indicators.yaml の公表値（この年度の回答が取り込まれていないもの）。"

    /// `1,584`.
    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    /// The heading line: `職員アンケート 2024年度（令和6年度）　回答者 1,584人（2023年度 1,620人）`.
    static func heading(_ summary: SurveySummary) -> String {
        var text = "職員アンケート \(FiscalYear.label(summary.year))　"
        if let respondents = summary.respondents {
            text += "回答者 \(count(respondents))人"
        } else {
            text += summary.hasResponses ? "回答者 \(hidden)（\(summary.minGroup)人未満）" : "回答の取り込みなし（調査の指標は公表値）"
        }
        if let compare = summary.compareYear, let previous = summary.previousRespondents {
            text += "（\(compare)年度 \(count(previous))人）"
        }
        return text
    }
}

extension SurveySummary {
    /// One row of the indicator table as every format shows it: the seed's columns (指標,
    /// previous year, this year, target, attained) plus the change.
    struct IndicatorLine {
        var pillar: String?
        var label: String
        var previous: String
        var current: String
        var change: String
        var target: String
        var attained: String
    }

    /// A row of the indicator table: a survey question (with its indicator, if any) or another
    /// indicator, under its pillar.
    enum IndicatorEntry {
        case question(QuestionRow, pillar: String?)
        case figure(FigureRow)

        var pillar: String? {
            switch self {
            case .question(_, let pillar): pillar
            case .figure(let row): row.indicator.pillar
            }
        }
    }

    /// The programme's indicators in indicators.yaml's order (survey and other), then the
    /// questions without an indicator.
    var indicatorEntries: [IndicatorEntry] {
        let questionsByIndicator = Dictionary(uniqueKeysWithValues: questions.compactMap { row in row.indicator.map { ($0.id, row) } })
        let figuresByIndicator = Dictionary(uniqueKeysWithValues: figures.map { ($0.indicator.id, $0) })
        var entries: [IndicatorEntry] = []
        for indicator in indicatorsInOrder {
            if let row = questionsByIndicator[indicator.id] {
                entries.append(.question(row, pillar: indicator.pillar))
            } else if let row = figuresByIndicator[indicator.id] {
                entries.append(.figure(row))
            }
        }
        return entries + questions.filter { $0.indicator == nil }.map { .question($0, pillar: "指標のない設問") }
    }

    /// The indicator table as every text format shows it.
    var indicatorLines: [IndicatorLine] {
        indicatorEntries.map { entry in
            switch entry {
            case .question(let row, let pillar):
                let mark = { (computed: Bool, value: FixedDecimal?) in value == nil || computed ? "" : "†" }
                let change = row.change.map {
                    SurveySummaryText.change($0.points, unit: "%") + ($0.significant ? SurveySummaryText.significantMark : "")
                } ?? SurveySummaryText.none
                return IndicatorLine(
                    pillar: pillar, label: SurveySummaryText.label(row),
                    previous: SurveySummaryText.percent(row.previousPercent) + mark(row.previous != nil, row.previousPercent),
                    current: SurveySummaryText.percent(row.percent) + mark(row.figures != nil, row.percent),
                    change: change, target: SurveySummaryText.target(row.indicator),
                    attained: row.indicator?.target == nil ? SurveySummaryText.none : SurveySummaryText.attained(row.attained))
            case .figure(let row):
                let indicator = row.indicator
                let change = row.change.map { (indicator.parts == nil ? "" : "差 ") + SurveySummaryText.change($0, unit: indicator.unit) }
                return IndicatorLine(
                    pillar: indicator.pillar, label: indicator.label,
                    previous: row.previous?.text(unit: indicator.unit) ?? SurveySummaryText.none,
                    current: row.value?.text(unit: indicator.unit) ?? SurveySummaryText.none,
                    change: change ?? SurveySummaryText.none, target: SurveySummaryText.target(indicator),
                    attained: indicator.target == nil ? SurveySummaryText.none : SurveySummaryText.attained(row.attained))
            }
        }
    }

    /// The indicators in indicators.yaml's order (as kept by the rows).
    var indicatorsInOrder: [Indicator] {
        trends.map(\.indicator)
    }
}
