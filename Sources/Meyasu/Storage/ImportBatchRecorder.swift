import Foundation
import GRDB

/// The record of one imported file, written inside the import's transaction: the batch row,
/// its row problems and, at the end, its counts. Every import (proposals, survey, figures)
/// keeps one.
public final class ImportBatchRecorder {
    private let db: Database
    public let batchID: Int64

    /// Records the batch (its counts are filled in by `finish`).
    /// - Parameter kind: `proposals`, `survey` or `figures`.
    public init(db: Database, kind: String, fileName: String, fileSize: Int,
                encoding: String, profile: String, startedAt: Date) throws {
        self.db = db
        let stamp = Timestamp.iso(startedAt)
        try db.execute(sql: """
            INSERT INTO import_batch (kind, file_name, file_sha256, file_size, encoding, profile,
                started_at, finished_at, rows_read, imported, already_present, conflicts, bad_rows)
            VALUES (?, ?, '', ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)
            """, arguments: [kind, fileName, fileSize, encoding, profile, stamp, stamp])
        batchID = db.lastInsertedRowID
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

extension Database {
    /// How an `INSERT … ON CONFLICT(response_key) DO NOTHING` into `table` just went: inserted,
    /// or the response was there already with the same content hash, or with another one.
    func insertOutcome(table: String, responseKey: Data, contentHash: Data) throws -> InsertOutcome {
        guard changesCount > 0 else {
            return try storedOutcome(table: table, responseKey: responseKey, contentHash: contentHash) ?? .conflict
        }
        return .inserted(id: lastInsertedRowID)
    }

    /// How a response with `contentHash` compares with the one stored in `table` under
    /// `responseKey`: `.alreadyPresent` for the same content, `.conflict` for other content; nil
    /// when none is stored.
    func storedOutcome(table: String, responseKey: Data, contentHash: Data) throws -> InsertOutcome? {
        guard let stored = try storedContentHash(table: table, responseKey: responseKey) else { return nil }
        return stored == contentHash ? .alreadyPresent : .conflict
    }

    /// The content hash stored in `table` under `responseKey`; nil when there is no such row.
    func storedContentHash(table: String, responseKey: Data) throws -> Data? {
        try Data.fetchOne(cachedStatement(sql: "SELECT content_sha256 FROM \(table) WHERE response_key = ?"),
                          arguments: [responseKey])
    }
}

/// UTC timestamps as stored: ISO 8601 to the second.
public enum Timestamp {
    public static func iso(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CivilDate(dayNumber: Int((Double(seconds) / 86400).rounded(.down)))
        let rest = seconds - day.dayNumber * 86400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day.iso)T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// The date of a stored timestamp (`YYYY-MM-DDTHH:MM:SSZ`); nil for anything else.
    static func date(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, let day = CivilDate(iso: String(text.prefix(10))) else { return nil }
        func number(_ at: Int) -> Int? {
            let (a, b) = (bytes[at], bytes[at + 1])
            guard (0x30...0x39).contains(a), (0x30...0x39).contains(b) else { return nil }
            return Int(a - 0x30) * 10 + Int(b - 0x30)
        }
        guard let hour = number(11), let minute = number(14), let second = number(17) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86400 + hour * 3600 + minute * 60 + second))
    }
}
