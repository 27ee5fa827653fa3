import Foundation
import Testing
@testable import Meyasu

@Suite("IndicatorSet (indicators.yaml)")
struct IndicatorSetTests {
    @Test("The shipped indicators carry the programme's published figures")
    func shipped() throws {
        let set = try Fixtures.indicators()
        #expect(set.indicators.count == 14)
        let q1 = try #require(set.indicator(question: "Q1"))
        #expect(q1.survey?.wording == "自分の職場では効率的に仕事が進められている")
        #expect(q1.publishedValues[2023] == .single(FixedDecimal("52.2")!))
        #expect(q1.publishedValues[2024] == .single(FixedDecimal("60.6")!))
        for (question, r5, r6) in [("Q2", "77.2", "74.5"), ("Q3", "70.1", "71.2"), ("Q4", "74.5", "76.3")] {
            let indicator = try #require(set.indicator(question: question))
            #expect(indicator.publishedValues[2023] == .single(FixedDecimal(r5)!))
            #expect(indicator.publishedValues[2024] == .single(FixedDecimal(r6)!))
        }
        let overtime = try #require(set.indicator("overtime_hours"))
        #expect(overtime.publishedValues.keys.sorted() == [2020, 2021, 2022, 2023, 2024])
        #expect(overtime.publishedValues[2024]?.text(unit: overtime.unit) == "12.0時間")
        let ratio = try #require(set.indicator("kakaricho_ratio"))
        #expect(ratio.publishedValues[2024]?.text(unit: "%") == "男性 22.8% / 女性 17.6%")
        #expect(ratio.publishedValues[2024]?.comparable == FixedDecimal("5.2"))
        #expect(set.indicator("e_approval_rate")?.publishedValues[2020] == nil)  // － in the table
    }

    @Test("Problems name the key and the fix", arguments: [
        ("indicators:\n  - {id: a, label: x, unit: '%', target: {direction: at_most}}", "`indicators[0].target` needs a `value`"),
        ("indicators:\n  - {id: a, label: x, unit: '%', history: {R5: 1.2.3}}", "`indicators[0].history.R5` must be a number"),
        ("indicators:\n  - {id: a, label: x, unit: '%', history: {Q5: 1}}", "`indicators[0].history` has the year Q5"),
        ("indicators:\n  - {id: a, label: x, unit: '%'}\n  - {id: a, label: y, unit: '%'}", "`indicators[1].id` repeats the id a"),
        ("indicators:\n  - {id: a, label: x, unit: 件, survey: {question: Q1, wording: w}}", "`indicators[0].unit` must be %"),
    ])
    func problems(yaml: String, says: String) throws {
        let folder = TemporaryFolder()
        folder.write("indicators.yaml", utf8: yaml)
        let error = try #require(throws: ConfigError.self) { try IndicatorSet.load(from: folder.url.appendingPathComponent("indicators.yaml")) }
        #expect(error.message.hasPrefix("indicators.yaml: "))
        #expect(error.message.contains(says), "\(error.message)")
    }

    @Test("An unknown key is refused, naming it")
    func unknownKey() throws {
        let folder = TemporaryFolder()
        folder.write("indicators.yaml", utf8: "indicators:\n  - {id: a, label: x, unit: '%', taget: {direction: increase}}")
        let error = try #require(throws: ConfigError.self) { try IndicatorSet.load(from: folder.url.appendingPathComponent("indicators.yaml")) }
        #expect(error.message == "indicators.yaml: the key `indicators[0].taget` is not known (a typo?); remove it or see schemas/ for the keys allowed there.")
    }
}
