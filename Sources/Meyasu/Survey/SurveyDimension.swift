/// The six ways the survey is broken down (forms.md §2): 部局 and 課 from the organisation,
/// the four demographic bands from the form. The raw value is the `field` a survey form
/// profile stores the column under.
public enum SurveyDimension: String, Sendable, CaseIterable, Comparable, Codable {
    case bureau, department, age, gender, job, position

    /// 部局, 課, 年代, 性別, 職種, 役職.
    public var label: String {
        switch self {
        case .bureau: "部局"
        case .department: "課"
        case .age: "年代"
        case .gender: "性別"
        case .job: "職種"
        case .position: "役職"
        }
    }

    /// The column of a survey form profile that fills the dimension: a choice checked
    /// against organization.yaml (部局, 課), or a demographic with bands.
    public var role: FormProfile.Role {
        self == .bureau || self == .department ? .choice : .demographic
    }

    /// Reads a dimension by its field name (department) or label (課, 所属課).
    public init?(name: some StringProtocol) {
        let text = String(name).trimmingWhitespace()
        if let dimension = Self(rawValue: String(text).lowercased()) {
            self = dimension
            return
        }
        let labels: [String: SurveyDimension] = [
            "部局": .bureau, "所属部局": .bureau, "課": .department, "所属課": .department, "所属": .department,
            "年代": .age, "性別": .gender, "職種": .job, "役職": .position,
        ]
        guard let dimension = labels[String(text)] else { return nil }
        self = dimension
    }

    public static func < (lhs: SurveyDimension, rhs: SurveyDimension) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
