import Foundation

/// Reads a labelled export — a proposal export with one more column naming the department that
/// owns each proposal — into routing examples, for `meyasu route train` and `route evaluate`.
///
/// Rows go through the same mapper as the import (identifier columns dropped, free text
/// scrubbed, then normalised to the key form), so nothing of a proposer reaches the examples.
public struct LabelledProposalReader {
    /// What one file gave.
    public struct Result {
        public var examples: [RoutingExample] = []
        /// Rows that could not be read, or whose label is not a department (never a cell value).
        public var problems: [RowProblem] = []
        public var profile: String = ""
    }

    let profiles: [FormProfile]
    let organization: Organization
    let keyer: ResponseKeyer
    let scrubber: PIIScrubber

    public init(profiles: [FormProfile], organization: Organization, keyer: ResponseKeyer, roster: Roster? = nil) {
        self.profiles = profiles
        self.organization = organization
        self.keyer = keyer
        scrubber = PIIScrubber(roster: roster)
    }

    /// Reads `path`; `labelColumn` is the header of the column with the owning department, as a
    /// code (jinji) or a 課 name (人事課).
    /// - Throws: `IngestError` when the file is unreadable, not an export, or lacks the column.
    public func read(_ path: String, labelColumn: String, encoding: TextEncoding? = nil) throws -> Result {
        let export = try OpenedExport(path: path, encoding: encoding)
        guard let labelIndex = export.headers.firstIndex(of: labelColumn) else {
            throw IngestError(.badHeader, "\(export.name) has no column \(labelColumn); name the column that holds the department with --label-column.")
        }
        let (profile, map) = try FormProfile.choose(from: profiles, kind: .proposals, headers: export.headers,
                                                    fileName: export.name, requested: nil)
        let mapper = ProposalRowMapper(profile: profile, headers: export.headers, map: map, decoder: export.decoder,
                                       keyer: keyer, scrubber: scrubber)
        var codes: [String: String] = [:]
        for department in organization.departments {
            codes[department.code] = department.code
            codes[department.section] = department.code
        }
        let normalizer = TextNormalizer()
        var buffers = TextNormalizer.Buffers()
        var result = Result(profile: profile.id)
        while let record = try export.reader.next() {
            switch mapper.map(record) {
            case .failure(let problem):
                result.problems.append(problem)
            case .success(var submission):
                // The mapper has checked the record's shape, so the label cell exists.
                let label: String
                switch record.decodedCell(labelIndex, decoder: export.decoder, headers: export.headers) {
                case .failure(let problem):
                    result.problems.append(problem)
                    continue
                case .success(let value):
                    label = String(value.trimmingWhitespace())
                }
                guard let code = codes[label] else {
                    result.problems.append(record.problem("the label is not a department code or 課 name of organization.yaml",
                                                          column: labelIndex, headers: export.headers))
                    continue
                }
                normalizer.normalizeFields(of: &submission, buffers: &buffers)
                result.examples.append(RoutingExample(
                    input: RoutingInput(title: submission.titleKey, body: submission.bodyKey, hint: submission.routingHintKey),
                    department: code))
            }
        }
        return result
    }
}
