import Foundation

/// One survey response as it leaves the ingest stage: the fiscal year instead of a date, bands
/// instead of exact demographics, answers as 5…1, the comment scrubbed, 回答ID only as a keyed hash.
public struct SurveyResponse: Sendable, Equatable {
    /// HMAC-SHA256 of the 回答ID under the workspace key (32 bytes).
    public var responseKey: Data
    /// Keyed hash of everything below as read, to tell a repeat from a changed response.
    public var contentHash: Data
    /// The fiscal year (年度) the response counts in: `--year`, else its 回答日時's.
    public var fiscalYear: Int
    /// The respondent's 課 as its organization.yaml code; nil when not answered.
    public var department: String?
    /// The respondent's 部局 as organization.yaml names it; the 課's own when the 課 is given.
    public var bureau: String?
    /// The demographic bands by dimension (age, gender, job, position); absent when not answered.
    public var bands: [SurveyDimension: String]
    /// The answers 5…1 in the order of the profile's likert columns; 0 for a blank cell.
    public var answers: [UInt8]
    /// The free-text comment with identifiers redacted; nil when empty.
    public var comment: String?
    /// How many identifiers the scrubber replaced in the comment, by kind.
    public var redactions = RedactionCounts()

    public init(responseKey: Data, contentHash: Data, fiscalYear: Int, department: String?, bureau: String?,
                bands: [SurveyDimension: String], answers: [UInt8], comment: String?) {
        self.responseKey = responseKey
        self.contentHash = contentHash
        self.fiscalYear = fiscalYear
        self.department = department
        self.bureau = bureau
        self.bands = bands
        self.answers = answers
        self.comment = comment
    }

    /// The band or organisation label kept for `dimension`, nil when not answered.
    public func group(_ dimension: SurveyDimension) -> String? {
        switch dimension {
        case .bureau: bureau
        case .department: department
        default: bands[dimension]
        }
    }
}
