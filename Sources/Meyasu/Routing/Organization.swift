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

        public init(code: String, bureau: String, section: String, duties: String) {
            self.code = code
            self.bureau = bureau
            self.section = section
            self.duties = duties
        }
    }

    /// Where a proposal goes when routing is unsure (and, until routing exists, every proposal).
    public var triage: String
    /// Below this routing confidence a proposal goes to triage.
    public var confidenceThreshold: Double
    public var departments: [Department]

    enum CodingKeys: String, CodingKey {
        case triage, departments
        case confidenceThreshold = "confidence_threshold"
    }

    public init(triage: String, confidenceThreshold: Double, departments: [Department]) {
        self.triage = triage
        self.confidenceThreshold = confidenceThreshold
        self.departments = departments
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
        if !(0...1).contains(confidenceThreshold) {
            problems.append("`confidence_threshold` must be between 0 and 1.")
        }
        return problems
    }
}
