import Foundation

/// `indicators.yaml`: the programme's indicators, their targets and their published history.
/// Schema: `schemas/indicators.schema.json`; see docs/survey.md.
public struct IndicatorSet: Sendable, Equatable, Codable {
    /// Where the figures come from (the programme's title and table), shown under reports.
    public var source: String?
    public var indicators: [Indicator]

    public init(source: String? = nil, indicators: [Indicator]) {
        self.source = source
        self.indicators = indicators
    }

    /// The indicator with `id`, if any.
    public func indicator(_ id: String) -> Indicator? {
        indicators.first { $0.id == id }
    }

    /// The indicator measured by survey question `question`, if any.
    public func indicator(question: String) -> Indicator? {
        indicators.first { $0.survey?.question == question }
    }

    /// Reads and checks `indicators.yaml`.
    /// - Throws: `ConfigError` naming the file, the key and the fix.
    public static func load(from url: URL) throws -> IndicatorSet {
        let set = try YAMLFile.load(IndicatorSet.self, from: url, what: "the indicators")
        if let problem = set.problems().first {
            throw ConfigError(.invalid, "\(url.lastPathComponent): \(problem)")
        }
        return set
    }

    /// What is wrong with the indicators, as sentences naming the key; empty when they are sound.
    public func problems() -> [String] {
        var problems: [String] = []
        var ids = Set<String>()
        var questions = Set<String>()
        for (index, indicator) in indicators.enumerated() {
            func key(_ path: String = "") -> String { "`indicators[\(index)]\(path)`" }
            let id = indicator.id
            let valid = !id.isEmpty && id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
                && id.utf8.first.map { (0x61...0x7A).contains($0) } == true
            if !valid { problems.append("\(key(".id")) must be lowercase ASCII letters, digits or _ and start with a letter.") }
            if !ids.insert(id).inserted { problems.append("\(key(".id")) repeats the id \(id); ids must be unique.") }
            if indicator.label.isEmpty { problems.append("\(key(".label")) is empty; give the indicator's name.") }
            if let survey = indicator.survey {
                if survey.question.isEmpty || survey.wording.isEmpty {
                    problems.append("\(key(".survey")) needs both `question` (e.g. Q1) and `wording` (the question as asked).")
                }
                if !questions.insert(survey.question).inserted {
                    problems.append("\(key(".survey.question")) \(survey.question) is measured by another indicator too; give each question one indicator.")
                }
                if indicator.parts != nil { problems.append("\(key()) is a survey indicator and cannot have `parts`.") }
                if indicator.unit != "%" { problems.append("\(key(".unit")) must be % for a survey indicator (its figure is a share).") }
            }
            if let parts = indicator.parts, parts.count != 2 || Set(parts).count != 2 {
                problems.append("\(key(".parts")) must name two different parts (e.g. [男性, 女性]); the target applies to their gap.")
            }
            for (name, target) in [("target", indicator.target), ("long_term", indicator.longTerm)] {
                guard let target else { continue }
                switch target.direction {
                case .increase, .decrease:
                    if target.value != nil {
                        problems.append("\(key(".\(name).value")) is not used with `direction: \(target.direction.rawValue)`; remove it.")
                    }
                case .atMost, .atLeast, .equal:
                    if target.bound == nil {
                        problems.append("\(key(".\(name)")) needs a `value` (a number such as 4.0) with `direction: \(target.direction.rawValue)`.")
                    }
                }
            }
            for year in indicator.history.keys.sorted() {
                if FiscalYear.parse(year) == nil {
                    problems.append("\(key(".history")) has the year \(year); write fiscal years as R5 (令和5年度) or 2023.")
                } else if IndicatorValue(indicator.history[year]!, parts: indicator.parts) == nil {
                    let shape = indicator.parts.map { "one number for each of \($0.joined(separator: ", "))" } ?? "a number such as 12.0"
                    problems.append("\(key(".history.\(year)")) must be \(shape).")
                }
            }
            let years = indicator.history.keys.compactMap { FiscalYear.parse($0) }
            if Set(years).count != years.count {
                problems.append("\(key(".history")) names one fiscal year twice (e.g. as R5 and 2023); keep one.")
            }
        }
        return problems
    }
}
