import Foundation
import GRDB

extension MeyasuStore {
    /// The most recent imported files, newest first: what the portal's import history shows.
    public func importBatches(limit: Int = 50) throws -> [ImportBatch] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, kind, file_name, file_sha256, file_size, encoding, profile, started_at, finished_at,
                       rows_read, imported, already_present, conflicts, bad_rows
                FROM import_batch ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map(Self.batch)
        }
    }

    /// One imported file's record, if it exists.
    public func importBatch(id: Int64) throws -> ImportBatch? {
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, kind, file_name, file_sha256, file_size, encoding, profile, started_at, finished_at,
                       rows_read, imported, already_present, conflicts, bad_rows
                FROM import_batch WHERE id = ?
                """, arguments: [id]).map(Self.batch)
        }
    }

    /// The row problems stored with batch `id`, in file order (at most `limit`).
    public func rowProblems(batch id: Int64, limit: Int = 1000) throws -> [RowProblem] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT line, record, column_name, kind, reason FROM row_problem WHERE batch_id = ?
                ORDER BY line, id LIMIT ?
                """, arguments: [id, limit]).map { row in
                RowProblem(line: row["line"], record: row["record"], column: row["column_name"],
                           kind: RowProblem.Kind(rawValue: row["kind"]) ?? .badRow, reason: row["reason"])
            }
        }
    }

    private static func batch(_ row: Row) -> ImportBatch {
        var counts = ImportCounts()
        counts.rowsRead = row["rows_read"]
        counts.imported = row["imported"]
        counts.alreadyPresent = row["already_present"]
        counts.conflicts = row["conflicts"]
        counts.badRows = row["bad_rows"]
        let epoch = Date(timeIntervalSince1970: 0)
        return ImportBatch(id: row["id"], kind: row["kind"], fileName: row["file_name"], fileSHA256: row["file_sha256"],
                           fileSize: row["file_size"], encoding: row["encoding"], profile: row["profile"],
                           startedAt: Timestamp.date(row["started_at"]) ?? epoch,
                           finishedAt: Timestamp.date(row["finished_at"]) ?? epoch, counts: counts)
    }
}
