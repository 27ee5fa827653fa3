import Foundation

/// What an import did with one file: the counts every import prints and stores.
public struct ImportCounts: Sendable, Equatable, Codable {
    /// Data rows read (blank lines not counted).
    public var rowsRead = 0
    /// Rows stored as new proposals.
    public var imported = 0
    /// Rows whose response was already stored with the same content.
    public var alreadyPresent = 0
    /// Rows whose 回答ID was stored before with different content (the first is kept).
    public var conflicts = 0
    /// Rows that could not be imported, each reported.
    public var badRows = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rowsRead = "rows_read", imported
        case alreadyPresent = "already_present", conflicts
        case badRows = "bad_rows"
    }
}

/// The stored record of one imported file.
public struct ImportBatch: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var fileName: String
    public var fileSHA256: String
    public var fileSize: Int
    public var encoding: String
    public var profile: String
    public var startedAt: Date
    public var finishedAt: Date
    public var counts: ImportCounts
}

/// How storing one submission went.
public enum InsertOutcome: Sendable, Equatable {
    case inserted(id: Int64)
    case alreadyPresent
    case conflict
}
