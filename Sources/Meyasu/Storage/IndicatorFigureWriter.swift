import Foundation
import GRDB

/// Writes one figures file's rows, problems and batch record inside the import's transaction.
public final class IndicatorFigureWriter {
    private let db: Database
    /// The batch row and its row problems.
    public let batch: ImportBatchRecorder

    public init(db: Database, fileName: String, fileSize: Int, encoding: String, startedAt: Date) throws {
        self.db = db
        batch = try ImportBatchRecorder(db: db, kind: "figures", fileName: fileName, fileSize: fileSize,
                                        encoding: encoding, profile: "figures", startedAt: startedAt)
    }

    /// Records `figure` unless that indicator, part and year are already recorded.
    /// - Returns: `.alreadyPresent` for the same value, `.conflict` for another one (the
    ///   recorded value is kept).
    public func add(_ figure: IndicatorFigure, text: String) throws -> InsertOutcome {
        try db.execute(sql: """
            INSERT INTO indicator_figure (indicator, part, fiscal_year, value, batch_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(indicator, part, fiscal_year) DO NOTHING
            """, arguments: [figure.indicator, figure.part, figure.year, text, batch.batchID])
        guard db.changesCount > 0 else {
            let stored = try String.fetchOne(db, sql: "SELECT value FROM indicator_figure WHERE indicator = ? AND part = ? AND fiscal_year = ?",
                                             arguments: [figure.indicator, figure.part, figure.year])
            return stored.flatMap { FixedDecimal($0) } == figure.value ? .alreadyPresent : .conflict
        }
        return .inserted(id: db.lastInsertedRowID)
    }
}
