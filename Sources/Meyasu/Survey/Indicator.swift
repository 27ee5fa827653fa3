/// One indicator of the city's work-style programme (the seed's 現状及び目標 and 指標の推移):
/// a survey question's favourable share, or a figure HR gets elsewhere (overtime hours,
/// leave days, …), with its target and published history.
public struct Indicator: Sendable, Equatable, Codable {
    /// The survey question an indicator is measured by.
    public struct SurveyQuestion: Sendable, Equatable, Codable {
        /// The question id of the survey form profile, e.g. Q1.
        public var question: String
        /// The question exactly as asked.
        public var wording: String

        public init(question: String, wording: String) {
            self.question = question
            self.wording = wording
        }
    }

    /// What counts as attaining the target.
    public enum Direction: String, Sendable, Equatable, Codable, CaseIterable {
        case increase, decrease
        case atMost = "at_most"
        case atLeast = "at_least"
        case equal
    }

    /// A target (目標): a direction, and a value where the direction needs one.
    public struct Target: Sendable, Equatable, Codable {
        public var direction: Direction
        /// The bound for at_most, at_least and equal, written as in the programme (4.0, 12).
        public var value: String?
        /// How the programme words the target when it is not the plain direction (近づける).
        public var text: String?

        public init(direction: Direction, value: String? = nil, text: String? = nil) {
            self.direction = direction
            self.value = value
            self.text = text
        }

        /// The bound as an exact decimal.
        public var bound: FixedDecimal? { value.flatMap { FixedDecimal($0) } }

        /// True when `current` attains the target, given `previous` (the year before) for
        /// increase and decrease; nil when a figure it needs is missing.
        public func attained(current: FixedDecimal?, previous: FixedDecimal?) -> Bool? {
            guard let current else { return nil }
            switch direction {
            case .increase: return previous.map { current > $0 }
            case .decrease: return previous.map { current < $0 }
            case .atMost: return bound.map { current <= $0 }
            case .atLeast: return bound.map { current >= $0 }
            case .equal: return bound.map { current == $0 }
            }
        }

        /// The target as the programme's table writes it: 増加させる, 4.0%以下, 12日以上, 0人.
        public func text(unit: String) -> String {
            if let text { return text }
            let bound = value ?? ""
            switch direction {
            case .increase: return "増加させる"
            case .decrease: return "減少させる"
            case .atMost: return "\(bound)\(unit)以下"
            case .atLeast: return "\(bound)\(unit)以上"
            case .equal: return "\(bound)\(unit)"
            }
        }
    }

    /// A year's figure: one number, or one per part (男性 and 女性) for an indicator with parts.
    public enum Value: Sendable, Equatable, Codable {
        case single(String)
        case parts([String: String])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .single(text)
            } else {
                self = .parts(try container.decode([String: String].self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .single(let text): try container.encode(text)
            case .parts(let parts): try container.encode(parts)
            }
        }
    }

    /// A stable id (lowercase ASCII, digits, _), used by `meyasu figures import` and the JSON.
    public var id: String
    /// The programme's pillar (取組の柱) the indicator sits under, as its table heads it.
    public var pillar: String?
    /// The heading within the pillar (長時間勤務の是正), when the indicator is one of several under it.
    public var heading: String?
    /// The indicator's name in the programme's table (効率的な仕事の進め方, 決裁の電子化率).
    public var label: String
    /// What is measured, when the label does not say it (「…」と考える職員の割合).
    public var measure: String?
    /// For a survey indicator: its question. The figure is then the question's favourable share.
    public var survey: SurveyQuestion?
    /// The unit figures are written in: %, 件, 時間, 人, 日.
    public var unit: String
    /// For an indicator published as two figures (男性, 女性): their names. The target then
    /// applies to the gap between them.
    public var parts: [String]?
    /// The yearly target (目標); absent for a figure published for reference only.
    public var target: Target?
    /// The programme's longer-term aim, where it states one (※4).
    public var longTerm: Target?
    /// A footnote: how the figure is counted, or where the published history names it otherwise.
    public var note: String?
    /// Published figures by fiscal year: keys such as R5 (令和5年度) or 2023.
    public var history: [String: Value]

    enum CodingKeys: String, CodingKey {
        case id, pillar, heading, label, measure, survey, unit, parts, target, note, history
        case longTerm = "long_term"
    }

    public init(id: String, pillar: String? = nil, heading: String? = nil, label: String, measure: String? = nil,
                survey: SurveyQuestion? = nil, unit: String, parts: [String]? = nil, target: Target? = nil,
                longTerm: Target? = nil, note: String? = nil, history: [String: Value] = [:]) {
        self.id = id
        self.pillar = pillar
        self.heading = heading
        self.label = label
        self.measure = measure
        self.survey = survey
        self.unit = unit
        self.parts = parts
        self.target = target
        self.longTerm = longTerm
        self.note = note
        self.history = history
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        pillar = try container.decodeIfPresent(String.self, forKey: .pillar)
        heading = try container.decodeIfPresent(String.self, forKey: .heading)
        label = try container.decode(String.self, forKey: .label)
        measure = try container.decodeIfPresent(String.self, forKey: .measure)
        survey = try container.decodeIfPresent(SurveyQuestion.self, forKey: .survey)
        unit = try container.decode(String.self, forKey: .unit)
        parts = try container.decodeIfPresent([String].self, forKey: .parts)
        target = try container.decodeIfPresent(Target.self, forKey: .target)
        longTerm = try container.decodeIfPresent(Target.self, forKey: .longTerm)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        history = try container.decodeIfPresent([String: Value].self, forKey: .history) ?? [:]
    }

    /// The published history by fiscal year, read exactly; entries that do not parse are left
    /// out (`IndicatorSet.problems()` reports them).
    public var publishedValues: [Int: IndicatorValue] {
        var values: [Int: IndicatorValue] = [:]
        for (key, value) in history {
            guard let year = FiscalYear.parse(key), let parsed = IndicatorValue(value, parts: parts) else { continue }
            values[year] = parsed
        }
        return values
    }
}

/// A year's figure of an indicator, read exactly.
public enum IndicatorValue: Sendable, Equatable {
    case single(FixedDecimal)
    /// One figure per part, in the indicator's part order.
    case parts([(name: String, value: FixedDecimal)])

    public init?(_ value: Indicator.Value, parts names: [String]?) {
        switch (value, names) {
        case (.single(let text), nil):
            guard let number = FixedDecimal(text) else { return nil }
            self = .single(number)
        case (.parts(let map), let names?):
            guard Set(map.keys) == Set(names) else { return nil }
            var values: [(name: String, value: FixedDecimal)] = []
            for name in names {
                guard let number = FixedDecimal(map[name]!) else { return nil }
                values.append((name, number))
            }
            self = .parts(values)
        default:
            return nil
        }
    }

    /// What the target is judged on: the figure itself, or the gap between two parts.
    public var comparable: FixedDecimal {
        switch self {
        case .single(let value): value
        case .parts(let values): values.count == 2 ? (values[0].value - values[1].value).magnitude : values[0].value
        }
    }

    /// The figure with its unit: `60.6%`, `男性 22.8% / 女性 17.6%`.
    public func text(unit: String) -> String {
        switch self {
        case .single(let value): "\(value)\(unit)"
        case .parts(let values): values.map { "\($0.name) \($0.value)\(unit)" }.joined(separator: " / ")
        }
    }

    public static func == (lhs: IndicatorValue, rhs: IndicatorValue) -> Bool {
        switch (lhs, rhs) {
        case (.single(let a), .single(let b)): a == b
        case (.parts(let a), .parts(let b)): a.map(\.name) == b.map(\.name) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }
}
