import Foundation
import Logging

/// Records a year's non-survey indicator figures (overtime hours, leave days, …) from a small
/// CSV HR fills in: `indicator,fiscal_year,value` and, for an indicator with parts, `part`
/// (Japanese headers 指標ID, 年度, 値, 区分 work too). The import rules are the survey's: one
/// transaction per file, a bad row reported by line and column and never quoted, the same figure
/// again is already present, another figure for a recorded year is a conflict.
public struct FiguresImporter: Sendable {
    /// The columns of a figures file and the headers that name them.
    enum Column: CaseIterable {
        case indicator, year, value, part

        var headers: [String] {
            switch self {
            case .indicator: ["indicator", "指標ID", "指標"]
            case .year: ["fiscal_year", "年度"]
            case .value: ["value", "値"]
            case .part: ["part", "区分"]
            }
        }
    }

    let store: MeyasuStore
    let indicators: IndicatorSet
    let clock: @Sendable () -> Date
    let logger: Logger

    public init(store: MeyasuStore, indicators: IndicatorSet, clock: @escaping @Sendable () -> Date = Date.init,
                logger: Logger = Logger(label: "meyasu.import")) {
        self.store = store
        self.indicators = indicators
        self.clock = clock
        self.logger = logger
    }

    /// Imports `path`; file-level failures come back as a `.rejected` report.
    /// - Throws: `StoreError` when the database itself fails.
    public func importFile(at path: String, dryRun: Bool = false, encoding: TextEncoding? = nil) throws -> FileImportReport {
        try FileImportReport.capture(path: path, logger: logger) { report in
            try run(path: path, dryRun: dryRun, encoding: encoding, report: &report)
        }
    }

    private func run(path: String, dryRun: Bool, encoding: TextEncoding?, report: inout FileImportReport) throws {
        let export = try OpenedExport(path: path, encoding: encoding)
        let name = export.name
        report.sniff = export.sniff
        // What the batch records in place of a form profile.
        report.profile = "figures"
        var positions: [Column: Int] = [:]
        for (index, header) in export.headers.enumerated() {
            let key = HeaderMap.canonical(header)
            guard let column = Column.allCases.first(where: { $0.headers.map(HeaderMap.canonical).contains(key) }) else {
                report.ignoredColumns.append(header.isEmpty ? "(blank)" : header)
                continue
            }
            if positions[column] != nil {
                throw IngestError(.badHeader, "\(name) has the column \(header) twice in its header; remove one and import again.")
            }
            positions[column] = index
        }
        let missing = [Column.indicator, .year, .value].filter { positions[$0] == nil }.map { $0.headers[0] }
        if !missing.isEmpty {
            throw IngestError(.badHeader, "\(name) lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); a figures file has the header indicator,fiscal_year,value (and part for an indicator with parts), see docs/survey.md.")
        }
        let startedAt = clock()
        let tally = try store.transaction(commit: !dryRun) { db in
            let writer = try IndicatorFigureWriter(db: db, fileName: name, fileSize: export.file.size,
                                                   encoding: export.sniff.encoding.rawValue, startedAt: startedAt)
            var tally = ImportTally(batch: writer.batch)
            while let record = try export.reader.next() {
                tally.counts.rowsRead += 1
                switch figure(record, export: export, positions: positions) {
                case .failure(let problem):
                    try tally.badRow(problem)
                case .success(let (figure, text)):
                    let column = export.headers[positions[.value]!]
                    let outcome: InsertOutcome
                    if let published = indicators.indicator(figure.indicator)?.publishedValues[figure.year] {
                        outcome = Self.value(published, part: figure.part) == figure.value ? .alreadyPresent : .conflict
                        try tally.record(outcome, line: record.line, record: record.number, column: column,
                                         conflict: "indicators.yaml already publishes another figure for this indicator and year; correct indicators.yaml if the published figure was wrong")
                    } else {
                        outcome = try writer.add(figure, text: text)
                        try tally.record(outcome, line: record.line, record: record.number, column: column,
                                         conflict: "another figure was recorded for this indicator and year before; the recorded one is kept")
                    }
                }
            }
            try tally.finish(fileSHA256: export.reader.sha256 ?? "", at: clock())
            return tally
        }
        tally.complete(&report, dryRun: dryRun, logger: logger)
    }

    /// The published figure of `part` (or the single figure).
    static func value(_ value: IndicatorValue, part: String) -> FixedDecimal? {
        switch value {
        case .single(let number): part.isEmpty ? number : nil
        case .parts(let parts): parts.first { $0.name == part }?.value
        }
    }

    /// One row as a figure, or the problem with it (never quoting a cell).
    private func figure(_ record: CSVRecord, export: OpenedExport, positions: [Column: Int]) -> Result<(IndicatorFigure, String), RowProblem> {
        let headers = export.headers
        if let structural = record.structuralProblem(headers: headers) { return .failure(structural) }
        var cells: [Column: String] = [:]
        for (column, index) in positions {
            switch record.decodedCell(index, decoder: export.decoder, headers: headers) {
            case .success(let text): cells[column] = String(text.trimmingWhitespace())
            case .failure(let problem): return .failure(problem)
            }
        }
        func problem(_ column: Column, _ reason: String) -> Result<(IndicatorFigure, String), RowProblem> {
            .failure(record.problem(reason, column: positions[column], headers: headers))
        }
        guard let indicator = indicators.indicator(cells[.indicator] ?? "") else {
            return problem(.indicator, "not an indicator id of indicators.yaml (e.g. overtime_hours)")
        }
        if indicator.survey != nil {
            return problem(.indicator, "a survey indicator; its figure comes from `meyasu import survey`, not from a figures file")
        }
        guard let year = FiscalYear.parse(cells[.year] ?? "") else {
            return problem(.year, "not a fiscal year (write 2025 or R7)")
        }
        let part = cells[.part] ?? ""
        if let parts = indicator.parts, !parts.contains(part) {
            return problem(.part, "must name one of this indicator's parts (\(parts.joined(separator: ", ")))")
        }
        if indicator.parts == nil && !part.isEmpty {
            return problem(.part, "must be empty: this indicator has no parts")
        }
        guard let text = cells[.value], let value = FixedDecimal(text) else {
            return problem(.value, "not a plain number (write 12.5, without a unit or a comma)")
        }
        return .success((IndicatorFigure(indicator: indicator.id, part: part, year: year, value: value), value.description))
    }
}
