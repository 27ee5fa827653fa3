/// What each column of one LoGo form's export means.
///
/// A profile lists columns; each is matched by any of its `headers` (the label as written on
/// the form, or the numbered `N:type` header) and given a role. A new or changed form is a new
/// profile, not new code. Profiles are YAML files in the workspace's `forms/` folder, described
/// by `schemas/form-profile.schema.json`.
public struct FormProfile: Sendable, Equatable, Codable {
    /// What a profile's export holds.
    public enum Kind: String, Sendable, Codable {
        case proposals, survey
    }

    /// The meaning of a column.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// The form service's response id; kept only as a keyed hash.
        case responseID = "response_id"
        /// When the response was sent; kept only coarsened.
        case submittedAt = "submitted_at"
        /// Anything that identifies the person; never stored (at most a yes/no flag).
        case identifier
        /// Free text, stored under `field`.
        case text
        /// One option out of several.
        case choice
        /// Several options in one cell, joined by `separator`.
        case choices
        /// The proposer's guess at the owning department.
        case routingHint = "routing_hint"
        /// A five-point agreement question, `question` being its id.
        case likert
        /// A demographic band (survey), kept only as one of `bands`.
        case demographic
    }

    /// One column (or, for an identifier split into several, one group of columns).
    public struct Column: Sendable, Equatable, Codable {
        public var role: Role
        /// Header texts that mean this column: labels and numbered headers.
        public var headers: [String]
        /// Where the value is stored (text, choice, choices, demographic).
        public var field: String?
        /// The label shown beside the value; defaults to the first header.
        public var label: String?
        /// A file cannot be imported without this column (always so for response_id and submitted_at).
        public var required: Bool?
        /// For `choices`: what joins the chosen options in the cell.
        public var separator: String?
        /// For `identifier`: keep only whether the cell was filled in (e.g. an attachment).
        public var presenceFlag: String?
        /// For `likert`: the question id (Q1 …).
        public var question: String?
        /// For `demographic`: the allowed bands.
        public var bands: [String]?

        public init(role: Role, headers: [String], field: String? = nil, label: String? = nil,
                    required: Bool? = nil, separator: String? = nil, presenceFlag: String? = nil,
                    question: String? = nil, bands: [String]? = nil) {
            self.role = role
            self.headers = headers
            self.field = field
            self.label = label
            self.required = required
            self.separator = separator
            self.presenceFlag = presenceFlag
            self.question = question
            self.bands = bands
        }

        enum CodingKeys: String, CodingKey {
            case role, headers, field, label, required, separator, question, bands
            case presenceFlag = "presence_flag"
        }

        /// The name used in messages: the label, else the first header.
        public var displayName: String { label ?? headers.first ?? role.rawValue }
        public var isRequired: Bool { role == .responseID || role == .submittedAt || (required ?? false) }
    }

    /// The most five-point questions a survey profile may have (the store keeps a slot for each
    /// question id it has seen).
    public static let maxSurveyQuestions = 16

    /// What a survey profile may hold beyond the general rules: the six breakdown dimensions as
    /// their fields, one `comment` text, and up to `maxSurveyQuestions` likert questions.
    private func surveyProblems() -> [String] {
        var problems: [String] = []
        var questions = Set<String>()
        for (index, column) in columns.enumerated() {
            let name = "columns[\(index)] (\(column.displayName))"
            switch column.role {
            case .choice, .demographic:
                let allowed = SurveyDimension.allCases.filter { $0.role == column.role }.map(\.rawValue)
                if let field = column.field, !allowed.contains(field) {
                    problems.append("\(name) is a \(column.role.rawValue) with `field: \(field)`; in a survey profile it must be one of: \(allowed.joined(separator: ", ")).")
                }
            case .text:
                if let field = column.field, field != "comment" {
                    problems.append("\(name) has `field: \(field)`; the survey keeps one free-text column, `field: comment`.")
                }
            case .likert:
                if let question = column.question, !questions.insert(question).inserted {
                    problems.append("\(name) repeats the question id \(question); give each question its own id.")
                }
            case .choices, .routingHint:
                problems.append("\(name) has the role \(column.role.rawValue), which a survey profile cannot use.")
            case .responseID, .submittedAt, .identifier:
                break
            }
        }
        if questions.isEmpty {
            problems.append("a survey profile needs at least one likert column.")
        } else if questions.count > Self.maxSurveyQuestions {
            problems.append("a survey profile may have at most \(Self.maxSurveyQuestions) likert columns; it has \(questions.count).")
        }
        return problems
    }

    /// The presence flags the store keeps.
    public static let presenceFlags: Set<String> = ["attachment"]

    /// A short stable name (the file name without `.yaml` by convention).
    public var id: String
    public var kind: Kind
    /// The form's title as staff know it.
    public var title: String
    public var columns: [Column]

    public init(id: String, kind: Kind, title: String, columns: [Column]) {
        self.id = id
        self.kind = kind
        self.title = title
        self.columns = columns
    }

    /// Checks what decoding cannot: every role has what it needs.
    /// - Returns: sentences naming the column and the missing key; empty when the profile is sound.
    public func problems() -> [String] {
        var problems: [String] = []
        var fields = Set<String>()
        var headerOwners: [String: Int] = [:]
        for (index, column) in columns.enumerated() {
            let name = "columns[\(index)] (\(column.displayName))"
            if column.headers.isEmpty { problems.append("\(name) has no headers; list the label and the numbered header.") }
            for header in column.headers {
                let key = HeaderMap.canonical(header)
                if let owner = headerOwners[key], owner != index {
                    problems.append("\(name) lists the header \(header), which columns[\(owner)] lists too; a header may mean one column only.")
                }
                headerOwners[key] = index
            }
            if let flag = column.presenceFlag, !Self.presenceFlags.contains(flag) {
                problems.append("\(name) has `presence_flag: \(flag)`; the flags Meyasu stores are: \(Self.presenceFlags.sorted().joined(separator: ", ")).")
            }
            switch column.role {
            case .text, .choice, .choices, .demographic:
                guard let field = column.field, !field.isEmpty else {
                    problems.append("\(name) needs a `field` naming where its value is stored.")
                    continue
                }
                if !fields.insert(field).inserted { problems.append("\(name) reuses the field `\(field)`; give each column its own field.") }
                if column.role == .choices, (column.separator ?? "").isEmpty {
                    problems.append("\(name) needs a `separator` (the reference forms use \",\").")
                }
                if column.role == .demographic, (column.bands ?? []).isEmpty {
                    problems.append("\(name) needs the `bands` it may take.")
                }
            case .likert:
                if (column.question ?? "").isEmpty { problems.append("\(name) needs a `question` id such as Q1.") }
            case .responseID, .submittedAt, .identifier, .routingHint:
                break
            }
        }
        for role in [Role.responseID, .submittedAt] where !columns.contains(where: { $0.role == role }) {
            problems.append("the profile has no `\(role.rawValue)` column; every LoGo export has one.")
        }
        if kind == .proposals && !columns.contains(where: { $0.role == .text && $0.field == "title" }) {
            problems.append("a proposals profile needs a text column with `field: title`.")
        }
        if kind == .survey { problems += surveyProblems() }
        return problems
    }
}
