import Crypto
import Foundation

/// Turns one CSV record of a survey export into a `SurveyResponse`, or says which column of
/// which line is wrong, never what the cell holds.
///
/// Identifier columns are never decoded; 回答日時 is read only when the fiscal year is not given.
public final class SurveyRowMapper: RowMapping {
    private let profile: FormProfile
    private let headers: [String]
    private let binding: [Int?]
    private let decoder: CellDecoder
    private let keyer: ResponseKeyer
    private let organization: Organization
    private let fiscalYear: Int?
    private let scrubber: PIIScrubber
    private let scratch = PIIScrubber.Scratch()
    /// For each profile column, its position among the likert columns.
    private let likertIndex: [Int: Int]
    /// The question ids in likert order.
    public let questions: [String]
    private let bureaus: Set<String>

    /// - Parameters:
    ///   - profile: a survey form profile, already checked with `problems()`.
    ///   - headers: the header row, for column names in messages.
    ///   - map: how the header lines up with the profile.
    ///   - decoder: decodes cells in the file's encoding.
    ///   - keyer: hashes 回答ID and the content.
    ///   - organization: the 部局 and 課 a response may name.
    ///   - fiscalYear: the year every row counts in (`--year`); nil to take it from 回答日時.
    ///   - scrubber: redacts identifiers from the comment.
    public init(profile: FormProfile, headers: [String], map: HeaderMap, decoder: CellDecoder, keyer: ResponseKeyer,
                organization: Organization, fiscalYear: Int?, scrubber: PIIScrubber = PIIScrubber()) {
        self.profile = profile
        self.headers = headers
        self.binding = map.binding
        self.decoder = decoder
        self.keyer = keyer
        self.organization = organization
        self.fiscalYear = fiscalYear
        self.scrubber = scrubber
        var likertIndex: [Int: Int] = [:]
        var questions: [String] = []
        for (index, column) in profile.columns.enumerated() where column.role == .likert {
            likertIndex[index] = questions.count
            questions.append(column.question ?? "")
        }
        self.likertIndex = likertIndex
        self.questions = questions
        bureaus = Set(organization.departments.map(\.bureau))
    }

    /// Maps `record`; a failure names the line and column and never quotes the cell.
    public func map(_ record: CSVRecord) -> Result<SurveyResponse, RowProblem> {
        func problem(_ reason: String, column: Int? = nil) -> Result<SurveyResponse, RowProblem> {
            .failure(record.problem(reason, column: column, headers: headers))
        }
        if let structural = record.structuralProblem(headers: headers) { return .failure(structural) }

        var responseKey: Data?
        var year = fiscalYear
        var department: Organization.Department?
        var bureau: String?
        var bureauColumn: Int?
        var bands: [SurveyDimension: String] = [:]
        var answers = [UInt8](repeating: 0, count: questions.count)
        var comment = ""

        for index in 0..<record.cellCount {
            guard let columnIndex = binding[index] else { continue }
            let column = profile.columns[columnIndex]
            if column.role == .identifier || (column.role == .submittedAt && fiscalYear != nil) { continue }
            let value: String
            switch record.decodedCell(index, decoder: decoder, headers: headers) {
            case .success(let decoded): value = decoded
            case .failure(let failure): return .failure(failure)
            }
            let trimmed = String(value.trimmingWhitespace())
            switch column.role {
            case .responseID:
                if trimmed.isEmpty { return problem("回答ID is empty", column: index) }
                responseKey = keyer.key(for: trimmed)
            case .submittedAt:
                guard let date = CivilDate.parseTimestamp(Substring(trimmed)) else {
                    return problem("not a real date and time (expected e.g. 2024/07/01 08:15:05), so its fiscal year is unknown; give --year to import without dates", column: index)
                }
                year = date.fiscalYear
            case .choice where column.field == SurveyDimension.department.rawValue:
                if trimmed.isEmpty { continue }
                guard let found = organization.departments.first(where: { $0.section == trimmed || $0.code == trimmed }) else {
                    return problem("not a 課 of organization.yaml (write the 課 as organization.yaml names it, or add it there)", column: index)
                }
                department = found
            case .choice:
                if trimmed.isEmpty { continue }
                guard bureaus.contains(trimmed) else {
                    return problem("not a 部局 of organization.yaml (write the 部局 as organization.yaml names it, or add it there)", column: index)
                }
                bureau = trimmed
                bureauColumn = index
            case .demographic:
                if trimmed.isEmpty { continue }
                let allowed = column.bands ?? []
                guard allowed.contains(trimmed) else {
                    return problem("not one of the bands of \(column.displayName) in the form profile \(profile.id) (\(allowed.joined(separator: ", ")))", column: index)
                }
                if let dimension = column.field.flatMap(SurveyDimension.init(rawValue:)) { bands[dimension] = trimmed }
            case .likert:
                if trimmed.isEmpty { continue }
                guard let answer = LikertScale.value(of: trimmed) else {
                    return problem("not one of the five answers (\(LikertScale.labels.joined(separator: ", "))) and not blank", column: index)
                }
                answers[likertIndex[columnIndex]!] = UInt8(answer)
            case .text:
                comment = ProposalRowMapper.tidy(value)
            case .identifier, .choices, .routingHint:
                continue
            }
        }
        guard let responseKey else { return problem("回答ID is empty") }
        guard let year else { return problem("回答日時 is empty, so its fiscal year is unknown; give --year to import without dates") }
        if let department {
            if let bureau, bureau != department.bureau {
                return problem("not the 部局 of this row's 所属課 in organization.yaml", column: bureauColumn)
            }
            bureau = department.bureau
        }
        let contentHash = Self.contentHash(keyer.contentHasher(), fiscalYear: year, department: department?.code,
                                           bureau: bureau, bands: bands, questions: questions, answers: answers,
                                           comment: comment)
        var redactions = RedactionCounts()
        var scrubbed: String?
        if !comment.isEmpty {
            let (clean, counts) = scrubber.scrub(fields: [comment], scratch: scratch)
            scrubbed = clean[0]
            redactions = counts
        }
        var response = SurveyResponse(responseKey: responseKey, contentHash: contentHash, fiscalYear: year,
                                      department: department?.code, bureau: bureau, bands: bands,
                                      answers: answers, comment: scrubbed)
        response.redactions = redactions
        return .success(response)
    }

    /// The keyed hash of a response as read (the comment before scrubbing): filled-in values
    /// only, by field and question id, so that a new optional column or another column order
    /// does not turn stored responses into conflicts.
    static func contentHash(_ hasher: HMAC<SHA256>, fiscalYear: Int, department: String?, bureau: String?,
                            bands: [SurveyDimension: String], questions: [String], answers: [UInt8],
                            comment: String) -> Data {
        var hasher = hasher
        var message: [UInt8] = []
        message.reserveCapacity(256 + comment.utf8.count)
        func add(_ part: String) {
            message.append(contentsOf: part.utf8)
            message.append(0x1F)
        }
        add("survey")
        add(String(fiscalYear))
        for dimension in SurveyDimension.allCases {
            let value = dimension == .department ? department : dimension == .bureau ? bureau : bands[dimension]
            if let value {
                add(dimension.rawValue)
                add(value)
            }
        }
        for (question, answer) in zip(questions, answers).filter({ $0.1 != 0 }).sorted(by: { $0.0 < $1.0 }) {
            add(question)
            add(String(answer))
        }
        add(comment)
        hasher.update(data: message)
        return Data(hasher.finalize())
    }
}
