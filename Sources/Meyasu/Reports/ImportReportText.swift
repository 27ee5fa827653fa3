import Foundation

/// An import's report as people read it: the CLI prints it, the portal's upload page shows it.
/// Row problems name the line and column, never a cell's content.
public enum ImportReportText {
    /// The report of one file: its outcome, its counts, what was redacted and the first row problems.
    public static func render(_ report: FileImportReport) -> String {
        if report.status == .rejected {
            return "\(report.file): rejected, nothing stored.\n"
        }
        var lines = ["\(report.file): \(report.status == .dryRun ? "dry run (nothing stored)" : "imported as batch \(report.batchID ?? 0)"), \(report.sniff?.description ?? "?")"
                     + (report.profile.map { ", profile \($0)" } ?? "")
                     + (report.fiscalYear.map { ", fiscal year \(FiscalYear.label($0))" } ?? "")]
        let counts = report.counts
        for (label, value) in [("rows read", counts.rowsRead), ("imported", counts.imported),
                               ("already present", counts.alreadyPresent), ("conflicts", counts.conflicts),
                               ("bad rows", counts.badRows)] {
            lines.append("  " + label.padding(toLength: 16, withPad: " ", startingAt: 0) + String(value))
        }
        if report.redactions.total > 0 {
            let kinds = RedactionKind.allCases.filter { report.redactions[$0] > 0 }
                .map { "\($0.placeholder) \(report.redactions[$0])" }.joined(separator: ", ")
            lines.append("  " + "redacted".padding(toLength: 16, withPad: " ", startingAt: 0) + "\(report.redactions.total) (\(kinds))")
        }
        if !report.ignoredColumns.isEmpty {
            lines.append("  ignored columns (not in the profile): " + report.ignoredColumns.joined(separator: ", "))
        }
        for problem in report.problems {
            lines.append("  " + problem.sentence(file: report.file))
        }
        let hidden = counts.badRows + counts.conflicts - report.problems.count
        if hidden > 0 {
            lines.append("  … and \(hidden) more row problems, stored with batch \(report.batchID.map(String.init) ?? "(dry run)").")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
