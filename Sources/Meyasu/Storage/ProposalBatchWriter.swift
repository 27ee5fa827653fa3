import Foundation
import GRDB

/// Writes one file's proposals, problems and batch record inside the import's transaction.
public final class ProposalBatchWriter {
    private let db: Database
    public let batchID: Int64
    private let startedAt: Date

    /// Records the batch (its counts are filled in by `finish`).
    public init(db: Database, fileName: String, fileSize: Int,
                encoding: String, profile: String, startedAt: Date) throws {
        self.db = db
        self.startedAt = startedAt
        let stamp = Timestamp.iso(startedAt)
        try db.execute(sql: """
            INSERT INTO import_batch (kind, file_name, file_sha256, file_size, encoding, profile,
                started_at, finished_at, rows_read, imported, already_present, conflicts, bad_rows)
            VALUES ('proposals', ?, '', ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)
            """, arguments: [fileName, fileSize, encoding, profile, stamp, stamp])
        batchID = db.lastInsertedRowID
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
        guard db.changesCount > 0 else {
            let stored = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT content_sha256 FROM proposal WHERE response_key = ?"),
                arguments: [submission.responseKey])
            return stored == submission.contentHash ? .alreadyPresent : .conflict
        }
        return .inserted(id: db.lastInsertedRowID)
    }

    /// Records a row problem (never a cell's content: the reason is a phrase about the cell).
    public func report(_ problem: RowProblem) throws {
        try db.cachedStatement(sql: """
            INSERT INTO row_problem (batch_id, line, record, column_name, kind, reason) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [batchID, problem.line, problem.record, problem.column,
                                     problem.kind.rawValue, problem.reason])
    }

    /// Stores the final counts and the file's SHA-256 (known only once it has been read through).
    public func finish(_ counts: ImportCounts, redactions: RedactionCounts, fileSHA256: String, at finishedAt: Date) throws {
        let redactionJSON = "{" + RedactionKind.allCases.filter { redactions[$0] > 0 }
            .map { "\"\($0.rawValue)\":\(redactions[$0])" }.joined(separator: ",") + "}"
        try db.execute(sql: """
            UPDATE import_batch SET file_sha256 = ?, finished_at = ?, rows_read = ?, imported = ?,
                already_present = ?, conflicts = ?, bad_rows = ?, redactions = ? WHERE id = ?
            """, arguments: [fileSHA256, Timestamp.iso(finishedAt), counts.rowsRead, counts.imported,
                             counts.alreadyPresent, counts.conflicts, counts.badRows, redactionJSON, batchID])
    }
}

/// UTC timestamps as stored: ISO 8601 to the second.
enum Timestamp {
    static func iso(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CivilDate(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
        let rest = seconds - day.dayNumber * 86400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day.iso)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
