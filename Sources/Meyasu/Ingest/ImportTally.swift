import Foundation
import Logging

/// What an import counts while it writes one file, the same for every kind of import: rows
/// read, imported, already present, conflicts and bad rows, the identifiers redacted, and the
/// first `ProposalImporter.problemsKept` row problems (all are stored with the batch).
struct ImportTally {
    let batch: ImportBatchRecorder
    var counts = ImportCounts()
    var redactions = RedactionCounts()
    var problems: [RowProblem] = []

    init(batch: ImportBatchRecorder) {
        self.batch = batch
    }

    /// Stores `problem` with the batch and keeps it for the report while there is room.
    mutating func report(_ problem: RowProblem) throws {
        try batch.report(problem)
        if problems.count < ProposalImporter.problemsKept { problems.append(problem) }
    }

    /// A row that cannot be imported.
    mutating func badRow(_ problem: RowProblem) throws {
        counts.badRows += 1
        try report(problem)
    }

    /// Counts how storing the row at `line` went; a conflict is reported against `column`
    /// (the 回答ID column), and `redactions` count only for rows actually stored.
    mutating func record(_ outcome: InsertOutcome, line: Int, record: Int, column: String?,
                         redactions rowRedactions: RedactionCounts = RedactionCounts(),
                         conflict reason: String = "this 回答ID was imported before with different content; the stored version is kept") throws {
        switch outcome {
        case .inserted:
            counts.imported += 1
            redactions.add(rowRedactions)
        case .alreadyPresent:
            counts.alreadyPresent += 1
        case .conflict:
            counts.conflicts += 1
            try report(RowProblem(line: line, record: record, column: column, kind: .conflict, reason: reason))
        }
    }

    /// Writes the batch's final counts.
    func finish(fileSHA256: String, at date: Date) throws {
        try batch.finish(counts, redactions: redactions, fileSHA256: fileSHA256, at: date)
    }

    /// Fills `report` with the outcome and logs the counts (never a cell's content).
    func complete(_ report: inout FileImportReport, dryRun: Bool, logger: Logger) {
        report.status = dryRun ? .dryRun : .imported
        report.batchID = dryRun ? nil : batch.batchID
        report.counts = counts
        report.redactions = redactions
        report.problems = problems
        logger.info("import finished", metadata: [
            "meyasu.batch.id": "\(dryRun ? "dry-run" : String(batch.batchID))",
            "meyasu.rows.read": "\(counts.rowsRead)",
            "meyasu.rows.imported": "\(counts.imported)",
            "meyasu.rows.present": "\(counts.alreadyPresent)",
            "meyasu.rows.conflicts": "\(counts.conflicts)",
            "meyasu.rows.bad": "\(counts.badRows)",
        ])
    }
}
