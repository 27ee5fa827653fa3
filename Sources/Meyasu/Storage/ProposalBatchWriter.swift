import Foundation
import GRDB

/// Writes one file's proposals, problems and batch record inside the import's transaction. The
/// search index and the similarity links are not written here: they are derived data, brought up
/// to date after the transaction (`MeyasuStore.refreshDerivedData`).
public final class ProposalBatchWriter {
    private let db: Database
    /// The batch row and its row problems.
    public let batch: ImportBatchRecorder
    public var batchID: Int64 { batch.batchID }
    /// The insert, prepared once: looking a cached statement up by its SQL hashes the SQL for
    /// every row.
    private let insert: Statement
    /// Keeps the table's indexes in the page cache while the rows are added.
    private var indexPages: IndexPageKeeper

    /// Records the batch (its counts are filled in by `finish`).
    public init(db: Database, fileName: String, fileSize: Int,
                encoding: String, profile: String, startedAt: Date) throws {
        self.db = db
        batch = try ImportBatchRecorder(db: db, kind: "proposals", fileName: fileName, fileSize: fileSize,
                                        encoding: encoding, profile: profile, startedAt: startedAt)
        insert = try db.cachedStatement(sql: """
            INSERT INTO proposal (response_key, content_sha256, batch_id, submitted_on, title, title_key, texts,
                body_key, choices, routing_hint, routing_hint_key, has_attachment, department, status, routing)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(response_key) DO NOTHING
            """)
        indexPages = try IndexPageKeeper(db: db, table: "proposal")
    }
    /// Stores `submission` unless its response is already there.
    /// - Returns: `.alreadyPresent` for the same content, `.conflict` for different content
    ///   under the same 回答ID (the stored one is kept untouched).
    public func add(_ submission: borrowing ProposalSubmission, department: String, status: String) throws -> InsertOutcome {
        // Its text would still hold the identifiers (DESIGN, promise 1): a bug, never bad input.
        precondition(!submission.awaitsScrubbing && submission.storedContentHash == nil,
                     "a proposal the import has not completed reached the store")
        let columns = ProposalColumns(submission)
        var row = try BoundStatement(insert)
        row.bind(submission.responseKey)
        row.bind(submission.contentHash)
        row.bind(batchID)
        row.bind(submission.submittedOn.iso)
        row.bind(submission.title)
        row.bind(submission.titleKey)
        row.bind(utf8: columns.texts)
        row.bind(submission.bodyKey)
        row.bind(utf8: columns.choices)
        row.bind(submission.routingHint)
        row.bind(submission.routingHintKey)
        row.bind(submission.flags.contains("attachment"))
        row.bind(department)
        row.bind(status)
        if let routing = submission.routing { row.bind(utf8: routing.columnJSON()) } else { row.bind(nil as String?) }
        try row.execute(in: db)
        let outcome = try db.insertOutcome(table: "proposal", responseKey: submission.responseKey, contentHash: submission.contentHash)
        if case .inserted = outcome { try indexPages.added() }
        return outcome
    }

    /// How `submission` compares with the response stored under its 回答ID in this transaction:
    /// `.alreadyPresent` for the same content, `.conflict` for other content; nil when none is
    /// stored. For the rows the Text stage found stored already (`storedContentHash`), which
    /// were not completed and must not be added as they are.
    public func outcomeIfStored(_ submission: ProposalSubmission) throws -> InsertOutcome? {
        try db.storedOutcome(table: "proposal", responseKey: submission.responseKey, contentHash: submission.contentHash)
    }
}
