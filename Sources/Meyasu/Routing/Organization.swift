import Foundation

/// The city's departments (所属) and who triages what routing cannot place.
///
/// Loaded from `organization.yaml` (schema: `schemas/organization.schema.json`); department
/// codes are stable identifiers used by samples, rules, tests and exports.
public struct Organization: Sendable, Equatable, Codable {
    public struct Department: Sendable, Equatable, Codable {
        /// Stable code, e.g. `jinji`.
        public var code: String
        /// 部局, e.g. 総務部.
        public var bureau: String
        /// 課, e.g. 人事課.
        public var section: String
        /// 主な所管事務: what the department owns.
        public var duties: String
        /// Other names proposers give the department in the hint column (人事, 給与担当 …).
        public var aliases: [String]
        /// Routing knowledge: words and phrases with a weight (3: almost only this department
        /// owns it; 2: strong but shared; 1: a weak hint), matched in the key form.
        public var keywords: [String: Double]

        public init(code: String, bureau: String, section: String, duties: String,
                    aliases: [String] = [], keywords: [String: Double] = [:]) {
            self.code = code
            self.bureau = bureau
            self.section = section
            self.duties = duties
            self.aliases = aliases
            self.keywords = keywords
        }

        enum CodingKeys: String, CodingKey { case code, bureau, section, duties, aliases, keywords }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            bureau = try container.decode(String.self, forKey: .bureau)
            section = try container.decode(String.self, forKey: .section)
            duties = try container.decode(String.self, forKey: .duties)
            aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
            keywords = try container.decodeIfPresent([String: Double].self, forKey: .keywords) ?? [:]
        }
    }

    /// How the router weighs its evidence (organization.yaml `routing:`; every key optional).
    public struct RoutingSettings: Sendable, Equatable, Codable {
        // The defaults were chosen by 5-fold cross-validation on the training split of the
        // shipped routing set (Benchmarks/route_tune.py); docs/routing.md has the figures.
        /// How much more a title's words count than the body's.
        public var titleWeight = 1.0
        /// Log-odds added per unit of keyword weight found.
        public var keywordWeight = 0.1
        /// Log-odds added to a department the proposer's hint names (hints are often wrong).
        public var hintWeight = 2.5
        /// Scale of the learned model's scores (lower is more decisive).
        public var learnedTemperature = 0.2
        /// Additive smoothing of the learned model.
        public var smoothing = 0.3
        /// How many times the duties text counts as a training example of its department.
        public var dutiesWeight = 2.0
        /// What the summed evidence is divided by before it becomes probabilities (higher is less
        /// sure). It changes no ranking, only how sure the router says it is, and so which
        /// proposals reach `confidence_threshold`.
        public var confidenceTemperature = 1.4

        enum CodingKeys: String, CodingKey {
            case titleWeight = "title_weight", keywordWeight = "keyword_weight", hintWeight = "hint_weight"
            case learnedTemperature = "learned_temperature", smoothing, dutiesWeight = "duties_weight"
            case confidenceTemperature = "confidence_temperature"
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = RoutingSettings()
            titleWeight = try container.decodeIfPresent(Double.self, forKey: .titleWeight) ?? defaults.titleWeight
            keywordWeight = try container.decodeIfPresent(Double.self, forKey: .keywordWeight) ?? defaults.keywordWeight
            hintWeight = try container.decodeIfPresent(Double.self, forKey: .hintWeight) ?? defaults.hintWeight
            learnedTemperature = try container.decodeIfPresent(Double.self, forKey: .learnedTemperature) ?? defaults.learnedTemperature
            smoothing = try container.decodeIfPresent(Double.self, forKey: .smoothing) ?? defaults.smoothing
            dutiesWeight = try container.decodeIfPresent(Double.self, forKey: .dutiesWeight) ?? defaults.dutiesWeight
            confidenceTemperature = try container.decodeIfPresent(Double.self, forKey: .confidenceTemperature)
                ?? defaults.confidenceTemperature
        }
    }

    /// Where a proposal goes when routing is unsure (and, until routing exists, every proposal).
    public var triage: String
    /// Below this routing confidence a proposal goes to triage.
    public var confidenceThreshold: Double
    public var departments: [Department]
    public var routing: RoutingSettings

    enum CodingKeys: String, CodingKey {
        case triage, departments, routing
        case confidenceThreshold = "confidence_threshold"
    }

    public init(triage: String, confidenceThreshold: Double, departments: [Department], routing: RoutingSettings = .init()) {
        self.triage = triage
        self.confidenceThreshold = confidenceThreshold
        self.departments = departments
        self.routing = routing
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        triage = try container.decode(String.self, forKey: .triage)
        confidenceThreshold = try container.decode(Double.self, forKey: .confidenceThreshold)
        departments = try container.decode([Department].self, forKey: .departments)
        routing = try container.decodeIfPresent(RoutingSettings.self, forKey: .routing) ?? .init()
    }

    /// The department with `code`, if any.
    public func department(_ code: String) -> Department? {
        departments.first { $0.code == code }
    }

    /// Reads and checks `organization.yaml`.
    /// - Throws: `ConfigError` naming the file, the key and the fix.
    public static func load(from url: URL) throws -> Organization {
        let organization = try YAMLFile.load(Organization.self, from: url, what: "the organisation")
        if let problem = organization.problems().first {
            throw ConfigError(.invalid, "\(url.lastPathComponent): \(problem)")
        }
        return organization
    }

    /// What is wrong with the organisation, as sentences; empty when it is sound.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        if departments.isEmpty { problems.append("`departments` is empty; list at least the triage department.") }
        for (index, department) in departments.enumerated() {
            let code = department.code
            let valid = !code.isEmpty && code.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
                && code.utf8.first.map { (0x61...0x7A).contains($0) } == true
            if !valid {
                problems.append("`departments[\(index)].code` must be lowercase ASCII letters, digits or _ and start with a letter.")
            }
            if !seen.insert(code).inserted {
                problems.append("`departments[\(index)].code` repeats the code \(code); codes must be unique.")
            }
        }
        if !seen.contains(triage) {
            problems.append("`triage` names \(triage), which is not one of the departments; use a listed code such as gyokan.")
        }
        for (index, department) in departments.enumerated() {
            for (phrase, weight) in department.keywords.sorted(by: { $0.key < $1.key }) where phrase.isEmpty || !(weight > 0 && weight <= 10) {
                problems.append("`departments[\(index)].keywords` has \(phrase.isEmpty ? "an empty word" : "a weight outside 0–10"); give each word a weight such as 1, 2 or 3.")
                break
            }
        }
        let settings = routing
        if !(settings.titleWeight > 0 && settings.learnedTemperature > 0 && settings.smoothing > 0
             && settings.keywordWeight >= 0 && settings.hintWeight >= 0 && settings.dutiesWeight >= 0) {
            problems.append("`routing` weights must be positive numbers (title_weight, learned_temperature and smoothing above 0).")
        }
        if !(settings.confidenceTemperature >= 0.05 && settings.confidenceTemperature <= 20) {
            problems.append("`routing.confidence_temperature` must be between 0.05 and 20 (1 leaves the confidence as the evidence gives it).")
        }
        if !(0...1).contains(confidenceThreshold) {
            problems.append("`confidence_threshold` must be between 0 and 1.")
        }
        return problems
    }
}
