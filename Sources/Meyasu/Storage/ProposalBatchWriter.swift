import Foundation
import GRDB

/// Writes one file's proposals, problems and batch record inside the import's transaction, with
/// their search index entries and similarity links. Call `finish()` after the last `add`.
public final class ProposalBatchWriter {
    private let db: Database
    /// The proposals inserted but not yet in the search index (ids are consecutive: this
    /// transaction is the only writer).
    private var unindexed: ClosedRange<Int64>?
    /// How many proposals go into the search index per statement.
    static let searchIndexStride: Int64 = 4096
    /// The batch row and its row problems.
    public let batch: ImportBatchRecorder
    private let linker: SimilarityLinker
    public var batchID: Int64 { batch.batchID }

    /// Records the batch (its counts are filled in by `finish`).
    public init(db: Database, fileName: String, fileSize: Int,
                encoding: String, profile: String, startedAt: Date) throws {
        self.db = db
        linker = SimilarityLinker(db: db)
        batch = try ImportBatchRecorder(db: db, kind: "proposals", fileName: fileName, fileSize: fileSize,
                                        encoding: encoding, profile: profile, startedAt: startedAt)
    }
    /// Stores `submission` unless its response is already there.
    /// - Returns: `.alreadyPresent` for the same content, `.conflict` for different content
    ///   under the same 回答ID (the stored one is kept untouched).
    public func add(_ submission: ProposalSubmission, department: String, status: String) throws -> InsertOutcome {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO proposal (response_key, content_sha256, batch_id, submitted_on, title, title_key, texts,
                body_key, choices, routing_hint, routing_hint_key, has_attachment, department, status, routing)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(response_key) DO NOTHING
            """)
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
        if case .inserted(let id) = outcome {
            if let signature = submission.signature, !signature.isEmpty {
                try linker.add(proposal: id, signature: signature)
            }
            unindexed = (unindexed?.lowerBound ?? id)...id
            if let range = unindexed, range.count >= Self.searchIndexStride { try indexPending() }
        }
        return outcome
    }

    /// Adds the proposals not yet indexed to the search index; call after the last `add`.
    public func finish() throws {
        try indexPending()
    }

    /// The search index is filled thousands of proposals per statement rather than by a trigger
    /// per row: FTS5 (SQLite 3.40) writes its pending terms out as a new segment at every
    /// statement savepoint, and a trigger on an upsert opens one per row, which made the index
    /// cost eight times as much.
    private func indexPending() throws {
        guard let range = unindexed else { return }
        try db.execute(sql: """
            INSERT INTO proposal_fts(rowid, title_key, body_key)
            SELECT id, title_key, body_key FROM proposal WHERE id BETWEEN ? AND ?
            """, arguments: [range.lowerBound, range.upperBound])
        unindexed = nil
    }
}
