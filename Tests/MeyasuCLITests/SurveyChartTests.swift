import Foundation
import Testing

/// The trend charts of `survey summary --format html`, read back from the page as drawn: no text
/// may cover another, a point or a line of the chart, or run off the chart.
@Suite("Survey report charts")
struct SurveyChartTests {
    struct Box: CustomStringConvertible {
        var minX, minY, maxX, maxY: Double
        var description: String { "(\(minX), \(minY))–(\(maxX), \(maxY))" }

        func overlaps(_ other: Box) -> Bool {
            min(maxX, other.maxX) - max(minX, other.minX) > 0.01 && min(maxY, other.maxY) - max(minY, other.minY) > 0.01
        }

        func contains(x: Double, y: Double) -> Bool { x > minX && x < maxX && y > minY && y < maxY }
    }

    struct Chart {
        var width = 0.0, height = 0.0
        var texts: [(text: String, box: Box)] = []
        var points: [Box] = []
        var segments: [(Double, Double, Double, Double)] = []
    }

    /// Every `<svg>` of `html`, its texts measured as the report's fonts draw them, near enough: a
    /// Latin character 0.6 of the font size wide, any other 1.0; 0.8 of the size above the
    /// baseline, 0.25 below.
    static func charts(in html: String) throws -> [Chart] {
        func matches(_ pattern: String, in text: String) throws -> [[String]] {
            let expression = try NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            return expression.matches(in: text, range: range).map { match in
                (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
            }
        }
        func unescaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        return try matches(#"<svg [^>]*viewBox="0 0 ([0-9.]+) ([0-9.]+)"[^>]*>(.*?)</svg>"#, in: html).map { svg in
            var chart = Chart(width: Double(svg[1])!, height: Double(svg[2])!)
            let body = svg[3]
            for text in try matches(#"<text x="([-0-9.]+)" y="([-0-9.]+)" font-size="([0-9.]+)" text-anchor="(start|middle|end)"[^>]*>([^<]*)</text>"#, in: body) {
                let (x, y, size, content) = (Double(text[1])!, Double(text[2])!, Double(text[3])!, unescaped(text[5]))
                let width = content.unicodeScalars.reduce(0.0) { $0 + ($1.isASCII ? 0.6 : 1) } * size
                let minX = text[4] == "start" ? x : text[4] == "middle" ? x - width / 2 : x - width
                chart.texts.append((content, Box(minX: minX, minY: y - 0.8 * size, maxX: minX + width, maxY: y + 0.25 * size)))
            }
            for circle in try matches(#"<circle cx="([-0-9.]+)" cy="([-0-9.]+)" r="([0-9.]+)""#, in: body) {
                let (x, y, r) = (Double(circle[1])!, Double(circle[2])!, Double(circle[3])!)
                chart.points.append(Box(minX: x - r, minY: y - r, maxX: x + r, maxY: y + r))
            }
            for line in try matches(#"<polyline points="([^"]+)""#, in: body) {
                let places = line[1].split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
                for (a, b) in zip(places, places.dropFirst()) { chart.segments.append((a[0], a[1], b[0], b[1])) }
            }
            // The axis (the grid and target lines are light or dashed, and a label may cross them).
            for line in try matches(##"<line x1="([-0-9.]+)" y1="([-0-9.]+)" x2="([-0-9.]+)" y2="([-0-9.]+)" stroke="#888""##, in: body) {
                chart.segments.append((Double(line[1])!, Double(line[2])!, Double(line[3])!, Double(line[4])!))
            }
            return chart
        }
    }

    @Test("No text covers another, a point or a line, and none runs off its chart")
    func labelsClear() throws {
        let scratch = try SurveyCLITests.importedWorkspace()
        let html = try CLI.run(["survey", "summary", "--year", "2024", "--format", "html"], in: scratch.url).stdout
        let charts = try Self.charts(in: html)
        #expect(charts.count == 14)
        for (number, chart) in charts.enumerated() {
            #expect(!chart.points.isEmpty && chart.texts.count > chart.points.count, "chart \(number)")
            for (index, (text, box)) in chart.texts.enumerated() {
                #expect(box.minX >= 0 && box.minY >= 0 && box.maxX <= chart.width && box.maxY <= chart.height,
                        "chart \(number): \(text) at \(box) runs off the chart")
                for (other, otherBox) in chart.texts[(index + 1)...] where box.overlaps(otherBox) {
                    Issue.record("chart \(number): \(text) at \(box) covers \(other) at \(otherBox)")
                }
                for point in chart.points where box.overlaps(point) {
                    Issue.record("chart \(number): \(text) at \(box) covers the point at \(point)")
                }
                for (x1, y1, x2, y2) in chart.segments {
                    let steps = Int(max(abs(x2 - x1), abs(y2 - y1)).rounded(.up))
                    let crossed = (0...max(1, steps)).contains { step in
                        let t = Double(step) / Double(max(1, steps))
                        return box.contains(x: x1 + (x2 - x1) * t, y: y1 + (y2 - y1) * t)
                    }
                    if crossed { Issue.record("chart \(number): a line crosses \(text) at \(box)") }
                }
            }
        }
    }
}
