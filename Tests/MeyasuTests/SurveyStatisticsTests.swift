import Foundation
import Testing
@testable import Meyasu

@Suite("FixedDecimal: exact figures and rounding half up")
struct FixedDecimalTests {
    @Test("Percentages round half up to one decimal, exactly at .x5", arguments: [
        (209, 400, "52.3"),   // 52.25: binary floating point would make it 52.2
        (1, 16, "6.3"),       // 6.25
        (3, 16, "18.8"),      // 18.75
        (1, 80, "1.3"),       // 1.25
        (1, 2000, "0.1"),     // 0.05
        (1, 8, "12.5"),
        (1, 3, "33.3"),
        (2, 3, "66.7"),
        (0, 5, "0.0"),
        (5, 5, "100.0"),
        (846, 1620, "52.2"),
    ])
    func percent(part: Int, whole: Int, expected: String) {
        #expect(FixedDecimal.percent(part, of: whole).description == expected)
    }

    @Test("Means round half up to two decimals", arguments: [
        (25, 8, "3.13"),     // 3.125
        (469, 200, "2.35"),  // 2.345
        (9, 4, "2.25"),
        (10, 3, "3.33"),
        (5, 1, "5.00"),
    ])
    func mean(sum: Int, n: Int, expected: String) {
        #expect(FixedDecimal.ratio(sum, n, scale: 2).description == expected)
    }

    @Test("Reads published figures exactly, full-width too; refuses anything else", arguments: [
        ("52.2", "52.2"), ("12.0", "12.0"), ("０．５", "0.5"), ("１２．０", "12.0"), ("-3", "-3"), ("867", "867"),
    ])
    func parse(text: String, expected: String) throws {
        #expect(try #require(FixedDecimal(text)).description == expected)
    }

    @Test("Rejects text that is not a plain number", arguments: ["", "12.", ".5", "5%", "1,234", "12時間", "--1", "1.2.3"])
    func rejects(text: String) {
        #expect(FixedDecimal(text) == nil)
    }

    @Test("Differences and comparisons are exact across scales")
    func arithmetic() throws {
        let now = try #require(FixedDecimal("60.6"))
        let then = try #require(FixedDecimal("52.2"))
        #expect((now - then).signed == "+8.4")
        #expect((then - now).signed == "-8.4")
        #expect(FixedDecimal("12") == FixedDecimal("12.0"))
        #expect(try #require(FixedDecimal("4.0")) < FixedDecimal("6.6")!)
        #expect(Set([FixedDecimal("12")!, FixedDecimal("12.00")!]).count == 1)
    }
}

@Suite("WilsonInterval")
struct WilsonIntervalTests {
    @Test("Bounds match the known values", arguments: [
        (8, 10, 0.4902, 0.9433),
        (52, 100, 0.4232, 0.6154),
        (0, 5, 0.0, 0.4345),
        (5, 5, 0.5655, 1.0),
        (1, 2, 0.0945, 0.9055),
    ])
    func bounds(successes: Int, trials: Int, low: Double, high: Double) {
        let interval = WilsonInterval(successes: successes, trials: trials)
        #expect(abs(interval.low - low) < 0.00005)
        #expect(abs(interval.high - high) < 0.00005)
    }

    @Test("Percent bounds are rounded to one decimal")
    func percent() {
        let interval = WilsonInterval(successes: 8, trials: 10)
        #expect(interval.percent.low.description == "49.0")
        #expect(interval.percent.high.description == "94.3")
    }
}

@Suite("QuestionFigures")
struct QuestionFiguresTests {
    @Test("Favourable is the top two boxes over the non-blank answers; nobody answering gives no figures")
    func figures() throws {
        var counts = AnswerCounts()
        for value in [5, 5, 4, 3, 1] { counts.add(value) }
        let figures = QuestionFigures(counts)
        #expect(figures.n == 5)
        #expect(figures.favourable == 3)
        #expect(figures.favourablePercent?.description == "60.0")
        #expect(figures.mean?.description == "3.60")
        let empty = QuestionFigures(AnswerCounts())
        #expect(empty.favourablePercent == nil)
        #expect(empty.mean == nil)
        #expect(empty.interval == nil)
    }

    @Test("A change is in points between the rounded shares, flagged when the intervals are apart")
    func change() throws {
        let before = QuestionFigures(AnswerCounts(counts: [100, 200, 200, 300, 200]))   // 50.0 % of 1000
        let small = QuestionFigures(AnswerCounts(counts: [100, 200, 180, 300, 220]))    // 52.0 %
        let large = QuestionFigures(AnswerCounts(counts: [50, 100, 150, 400, 300]))     // 70.0 %
        let slight = try #require(small.change(from: before))
        #expect(slight.points.signed == "+2.0")
        #expect(!slight.significant)
        let clear = try #require(large.change(from: before))
        #expect(clear.points.signed == "+20.0")
        #expect(clear.significant)
    }
}

@Suite("Indicator.Target")
struct IndicatorTargetTests {
    @Test("Attainment for each direction", arguments: [
        (Indicator.Target(direction: .increase), "60.6", "52.2", true),
        (Indicator.Target(direction: .increase), "74.5", "77.2", false),
        (Indicator.Target(direction: .decrease), "12.0", "12.8", true),
        (Indicator.Target(direction: .atMost, value: "4.0"), "6.6", nil, false),
        (Indicator.Target(direction: .atMost, value: "4.0"), "4.0", nil, true),
        (Indicator.Target(direction: .atLeast, value: "12"), "13.7", nil, true),
        (Indicator.Target(direction: .atLeast, value: "17.5"), "17.0", nil, false),
        (Indicator.Target(direction: .equal, value: "0"), "1", nil, false),
        (Indicator.Target(direction: .equal, value: "0"), "0", nil, true),
    ] as [(Indicator.Target, String, String?, Bool)])
    func attained(target: Indicator.Target, current: String, previous: String?, expected: Bool) {
        #expect(target.attained(current: FixedDecimal(current), previous: previous.flatMap { FixedDecimal($0) }) == expected)
    }

    @Test("Without the figure it needs, attainment is unknown")
    func unknown() {
        #expect(Indicator.Target(direction: .increase).attained(current: FixedDecimal("5"), previous: nil) == nil)
        #expect(Indicator.Target(direction: .atLeast, value: "12").attained(current: nil, previous: nil) == nil)
    }

    @Test("Targets read as the programme writes them")
    func text() {
        #expect(Indicator.Target(direction: .increase).text(unit: "%") == "増加させる")
        #expect(Indicator.Target(direction: .atMost, value: "4.0").text(unit: "%") == "4.0%以下")
        #expect(Indicator.Target(direction: .atLeast, value: "12").text(unit: "日") == "12日以上")
        #expect(Indicator.Target(direction: .equal, value: "0").text(unit: "人") == "0人")
        #expect(Indicator.Target(direction: .decrease, text: "近づける").text(unit: "%") == "近づける")
    }
}

@Suite("FiscalYear")
struct FiscalYearTests {
    @Test("Reads and writes 年度 as the city does", arguments: [
        ("2024", 2024), ("R6", 2024), ("Ｒ６", 2024), ("令和6年度", 2024), ("令和元年度", 2019), ("H30", 2018), ("平成30年度", 2018),
    ])
    func parse(text: String, year: Int) {
        #expect(FiscalYear.parse(text) == year)
    }

    @Test("Labels")
    func labels() {
        #expect(FiscalYear.short(2024) == "R6")
        #expect(FiscalYear.long(2019) == "令和元年度")
        #expect(FiscalYear.label(2023) == "2023年度（令和5年度）")
        #expect(FiscalYear.parse("R") == nil)
        #expect(FiscalYear.parse("来年") == nil)
    }
}
