/// The survey summary as one self-contained Japanese HTML page: the indicator table, a trend
/// chart per indicator over every known year (inline SVG), every question's figures, a
/// question × 課 heatmap with hidden cells marked, the other breakdowns asked for, and the
/// comments of the 課 large enough to show them. No script, no external resource; every text
/// is escaped.
struct SurveyHTMLReport {
    let summary: SurveySummary

    /// The report's content without the page around it (the portal shows it inside its own).
    func body() -> String {
        var body = "<h1>\(esc(SurveySummaryText.heading(summary)))</h1>\n"
        body += "<p class=\"note\">\(esc(SurveySummaryText.suppressionNote(summary)))</p>\n"
        body += indicatorTable()
        body += trends()
        body += questionTable()
        if let departments = summary.breakdowns.first(where: { $0.dimensions == [.department] }) {
            body += heatmap(departments)
        }
        for breakdown in summary.breakdowns where breakdown.dimensions != [.department] {
            body += breakdownTable(breakdown)
        }
        body += comments()
        body += "<footer>\n" + SurveySummaryRenderer().notes(summary).map { "<p>\(esc($0))</p>" }.joined(separator: "\n") + "\n</footer>\n"
        return body
    }

    func render() -> String {
        let body = self.body()
        return """
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc("職員アンケート集計 \(FiscalYear.label(summary.year))"))</title>
            <style>
            body { font-family: "Hiragino Sans", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif; margin: 2em; color: #1a1a1a; line-height: 1.5; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 2px solid #1f5fa8; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
            th, td { border: 1px solid #c8c8c8; padding: 0.25em 0.5em; text-align: right; vertical-align: top; }
            th { background: #eef2f7; } td.label, th.label { text-align: left; }
            tr.pillar td { background: #f6f6f6; font-weight: bold; text-align: left; }
            td.hidden { background: repeating-linear-gradient(45deg, #e6e6e6, #e6e6e6 4px, #f8f8f8 4px, #f8f8f8 8px); color: #555; text-align: center; }
            .charts { display: flex; flex-wrap: wrap; gap: 1em; }
            figure { margin: 0; border: 1px solid #ddd; padding: 0.5em; } figcaption { font-size: 0.85em; max-width: 360px; }
            .note, footer { font-size: 0.85em; color: #444; } .comments li { margin-bottom: 0.4em; white-space: pre-wrap; }
            .legend span { display: inline-block; padding: 0 0.6em; margin-right: 0.3em; border: 1px solid #c8c8c8; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    // MARK: tables

    private func indicatorTable() -> String {
        let compare = summary.compareYear.map { "\(FiscalYear.short($0))（\($0)年度）" } ?? "前年度"
        var html = "<h2>指標</h2>\n<table>\n<tr><th class=\"label\">指標</th><th>\(esc(compare))</th><th>\(esc("\(FiscalYear.short(summary.year))（\(summary.year)年度）"))</th><th>増減</th><th>目標</th><th>達成</th></tr>\n"
        var pillar: String?
        for line in summary.indicatorLines {
            if line.pillar != pillar, let heading = line.pillar {
                html += "<tr class=\"pillar\"><td colspan=\"6\">\(esc(heading))</td></tr>\n"
                pillar = heading
            }
            html += "<tr><td class=\"label\">\(esc(line.label))</td><td>\(esc(line.previous))</td><td>\(esc(line.current))</td><td>\(esc(line.change))</td><td class=\"label\">\(esc(line.target))</td><td>\(esc(line.attained))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    private func questionTable() -> String {
        var html = "<h2>設問別の結果（\(esc(FiscalYear.label(summary.year)))）</h2>\n<table>\n<tr><th class=\"label\">設問</th><th>回答数</th><th>肯定的回答</th><th>割合</th><th>平均（5〜1）</th><th>95%信頼区間</th></tr>\n"
        for row in summary.questions {
            html += "<tr><td class=\"label\">\(esc("\(row.question.id) \(row.question.wording)"))</td>"
            if let figures = row.figures, let percent = figures.favourablePercent, let interval = figures.interval?.percent {
                html += "<td>\(figures.n)</td><td>\(figures.favourable)</td><td>\(esc(percent.description))%</td><td>\(esc(figures.mean?.description ?? ""))</td><td>\(esc("\(interval.low)〜\(interval.high)%"))</td></tr>\n"
            } else {
                html += "<td class=\"hidden\" colspan=\"5\">\(esc(summary.hasResponses ? SurveySummaryText.hidden : SurveySummaryText.none))</td></tr>\n"
            }
        }
        return html + "</table>\n"
    }

    /// Question × 課: each cell coloured by its percent favourable; hidden cells hatched.
    private func heatmap(_ breakdown: SurveySummary.Breakdown) -> String {
        var html = "<h2>設問×課（肯定的回答の割合）</h2>\n"
        html += "<p class=\"legend\"><span style=\"background:\(color(30))\">30%</span><span style=\"background:\(color(55))\">55%</span><span style=\"background:\(color(80))\">80%</span><span class=\"hidden\" style=\"background:repeating-linear-gradient(45deg,#e6e6e6,#e6e6e6 4px,#f8f8f8 4px,#f8f8f8 8px)\">\(esc(SurveySummaryText.hidden))</span></p>\n"
        html += "<table>\n<tr><th class=\"label\">課</th><th>回答者</th>" + summary.questions.map { "<th title=\"\(esc($0.question.wording))\">\(esc($0.question.id))</th>" }.joined() + "</tr>\n"
        for group in breakdown.groups {
            html += "<tr><td class=\"label\">\(esc(group.label))</td>"
            guard let respondents = group.respondents else {
                html += "<td class=\"hidden\">\(esc(SurveySummaryText.hidden))</td>" + summary.questions.map { _ in "<td class=\"hidden\">\(esc(SurveySummaryText.hidden))</td>" }.joined() + "</tr>\n"
                continue
            }
            html += "<td>\(respondents)</td>"
            for cell in group.figures {
                if let percent = cell.figures?.favourablePercent {
                    html += "<td style=\"background:\(color(percent.double))\">\(esc(percent.description))</td>"
                } else {
                    html += "<td class=\"hidden\">\(esc(SurveySummaryText.hidden))</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    private func breakdownTable(_ breakdown: SurveySummary.Breakdown) -> String {
        var html = "<h2>\(esc("内訳: \(breakdown.label)（肯定的回答の割合）"))</h2>\n<table>\n<tr><th class=\"label\">\(esc(breakdown.label))</th><th>回答者</th>"
        html += summary.questions.map { "<th title=\"\(esc($0.question.wording))\">\(esc($0.question.id))</th>" }.joined() + "</tr>\n"
        for group in breakdown.groups {
            html += "<tr><td class=\"label\">\(esc(group.label))</td>"
            guard let respondents = group.respondents else {
                html += "<td class=\"hidden\" colspan=\"\(summary.questions.count + 1)\">\(esc(SurveySummaryText.hidden))</td></tr>\n"
                continue
            }
            html += "<td>\(respondents)</td>" + group.figures.map { cell in
                cell.figures?.favourablePercent.map { "<td>\(esc($0.description))</td>" } ?? "<td class=\"hidden\">\(esc(SurveySummaryText.hidden))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    private func comments() -> String {
        guard let departments = summary.breakdowns.first(where: { $0.dimensions == [.department] }) else { return "" }
        let shown = departments.groups.filter { !($0.comments ?? []).isEmpty }
        guard !shown.isEmpty else { return "" }
        var html = "<h2>自由記述（回答者\(summary.minCommentGroup)人以上の課）</h2>\n"
        for group in shown {
            html += "<h3>\(esc(group.label))</h3>\n<ul class=\"comments\">\n"
            html += (group.comments ?? []).map { "<li>\(esc($0))</li>" }.joined(separator: "\n") + "\n</ul>\n"
        }
        return html
    }

    // MARK: charts

    private func trends() -> String {
        var html = "<h2>指標の推移</h2>\n<div class=\"charts\">\n"
        for trend in summary.trends where !trend.years.isEmpty {
            html += "<figure>\n\(chart(trend))\n<figcaption>\(esc(trend.indicator.label))（\(esc(trend.indicator.unit))）　○ 公表値　● 集計値・記録値</figcaption>\n</figure>\n"
        }
        return html + "</div>\n"
    }

    /// A line chart of the indicator over its years, with its target bound when it has one.
    /// Every value, the target's label and each series' name go where they cover no other text,
    /// no point and no line of the chart's series (ChartLabels).
    private func chart(_ trend: SurveySummary.Trend) -> String {
        typealias Position = ChartLabels.Position
        let (width, height) = (360.0, 190.0)
        let (left, right, top, bottom) = (48.0, 14.0, 18.0, 30.0)
        // The first and last years stand in from the ends of the axis, so that a value's label
        // over the first point clears the value axis's labels and the last stays inside.
        let inset = 14.0
        let years = trend.years
        var values = trend.series.flatMap { $0.points.map(\.value.double) }
        let bound = trend.indicator.target?.bound?.double
        if let bound, trend.indicator.parts == nil { values.append(bound) }
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if high - low < 1 { low -= 1; high += 1 }
        let pad = (high - low) * 0.12
        low = max(0, low - pad)
        high += pad
        func x(_ year: Int) -> Double {
            let position = Double(years.firstIndex(of: year) ?? 0)
            let (first, last) = (left + inset, width - right - inset)
            return years.count == 1 ? (first + last) / 2 : first + position * (last - first) / Double(years.count - 1)
        }
        func y(_ value: Double) -> Double { top + (high - value) / (high - low) * (height - top - bottom) }
        func f(_ value: Double) -> String { String(Int((value * 10).rounded())) .inserting(".", fromEnd: 1) }
        func text(_ content: String, at position: Position, size: Int, color: String?) -> String {
            let fill = color.map { " fill=\"\($0)\"" } ?? ""
            return "<text x=\"\(f(position.x))\" y=\"\(f(position.y))\" font-size=\"\(size)\" text-anchor=\"\(position.anchor.rawValue)\"\(fill)>\(esc(content))</text>"
        }
        var labels = ChartLabels(width: width, height: height)
        labels.block(lineFrom: (left, height - bottom), to: (width - right, height - bottom))
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(esc(trend.indicator.label))\">"
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(height - bottom))\" x2=\"\(f(width - right))\" y2=\"\(f(height - bottom))\" stroke=\"#888\"/>"
        for step in 0...2 {
            let value = low + (high - low) * Double(step) / 2
            let label = FixedDecimal.nearest(value, scale: 1).description
            let position = Position(x: left - 4, y: y(value) + 4, anchor: .end)
            labels.block(label, size: 10, at: position)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(value)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(value)))\" stroke=\"#eee\"/>"
            svg += text(label, at: position, size: 10, color: "#666")
        }
        for year in years {
            let position = Position(x: x(year), y: height - bottom + 16, anchor: .middle)
            labels.block(FiscalYear.short(year), size: 11, at: position)
            svg += text(FiscalYear.short(year), at: position, size: 11, color: nil)
        }
        // The points and the lines between them first: no label may cover them.
        for series in trend.series {
            let places = series.points.map { (x: x($0.year), y: y($0.value.double)) }
            for (cx, cy) in places {
                labels.block(.init(minX: cx - 4.5, minY: cy - 4.5, maxX: cx + 4.5, maxY: cy + 4.5))
            }
            for (start, end) in zip(places, places.dropFirst()) { labels.block(lineFrom: start, to: end) }
        }
        if let bound, trend.indicator.parts == nil {
            let label = "目標 \(SurveySummaryText.target(trend.indicator))"
            let line = y(bound)
            let position = labels.place(label, size: 10, candidates: [
                Position(x: width - right, y: line - 4, anchor: .end), Position(x: width - right, y: line + 12, anchor: .end),
                Position(x: left + 4, y: line - 4, anchor: .start), Position(x: left + 4, y: line + 12, anchor: .start),
            ])
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(line))\" x2=\"\(f(width - right))\" y2=\"\(f(line))\" stroke=\"#c2410c\" stroke-dasharray=\"5 3\"/>"
            svg += text(label, at: position, size: 10, color: "#c2410c")
        }
        let colors = ["#1f5fa8", "#b45309"]
        for (number, series) in trend.series.enumerated() {
            let color = colors[number % colors.count]
            let points = series.points.map { "\(f(x($0.year))),\(f(y($0.value.double)))" }.joined(separator: " ")
            if series.points.count > 1 { svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>" }
            for point in series.points {
                let (cx, cy) = (x(point.year), y(point.value.double))
                let fill = point.computed ? color : "#fff"
                svg += "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"3.5\" fill=\"\(fill)\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
                let label = point.value.description
                let position = labels.place(label, size: 10, candidates: [
                    Position(x: cx, y: cy - 7, anchor: .middle), Position(x: cx, y: cy + 15, anchor: .middle),
                    Position(x: cx + 7, y: cy + 4, anchor: .start), Position(x: cx - 7, y: cy + 4, anchor: .end),
                    // Farther off, for a point with lines on both sides and no room to its right.
                    Position(x: cx, y: cy - 17, anchor: .middle), Position(x: cx, y: cy + 25, anchor: .middle),
                ])
                svg += text(label, at: position, size: 10, color: color)
            }
            if let name = series.name, let last = series.points.last {
                let (cx, cy) = (x(last.year), y(last.value.double))
                let position = labels.place(name, size: 10, candidates: [
                    Position(x: cx - 6, y: cy + 14, anchor: .end), Position(x: cx - 6, y: cy - 8, anchor: .end),
                    Position(x: cx - 8, y: cy + 26, anchor: .end), Position(x: cx - 8, y: cy - 20, anchor: .end),
                ])
                svg += text(name, at: position, size: 10, color: color)
            }
        }
        return svg + "</svg>"
    }

    /// Red (low) to blue (high) through pale yellow: 30 % and below is the reddest, 80 % and
    /// above the bluest.
    private func color(_ percent: Double) -> String {
        let t = min(1, max(0, (percent - 30) / 50))
        let hue = Int((t * 210).rounded())
        return "hsl(\(hue), 65%, \(Int(82 - abs(t - 0.5) * 12))%)"
    }

    /// `text` safe inside HTML text and attribute values.
    func esc(_ text: String) -> String { HTMLText.escape(text) }
}

private extension String {
    /// The text with `separator` inserted `fromEnd` characters before its end (`123` → `12.3`),
    /// padding with zeros so there is a digit before it.
    func inserting(_ separator: String, fromEnd: Int) -> String {
        var digits = self
        var sign = ""
        if digits.hasPrefix("-") { sign = "-"; digits.removeFirst() }
        while digits.count <= fromEnd { digits = "0" + digits }
        return sign + digits.dropLast(fromEnd) + separator + digits.suffix(fromEnd)
    }
}
