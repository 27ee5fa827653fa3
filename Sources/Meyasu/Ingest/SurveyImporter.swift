import Foundation
import Logging

/// Runs the survey pipeline for one file: bytes → encoding → CSV → survey form profile →
/// responses → store, in one transaction, so a file lands whole or not at all. The same rules as
/// the proposal import: re-importing a cumulative export adds only new responses, a changed
/// response is a reported conflict, a bad row is reported and stored (never its content).
public struct SurveyImporter: Sendable {
    public struct Options: Sendable {
        public var dryRun = false
        public var encoding: TextEncoding?
        /// Use this profile id instead of picking by headers.
        public var profile: String?
        /// Count every row in this fiscal year (`--year`); nil to take each row's from 回答日時.
        public var fiscalYear: Int?

        public init(dryRun: Bool = false, encoding: TextEncoding? = nil, profile: String? = nil, fiscalYear: Int? = nil) {
            self.dryRun = dryRun
            self.encoding = encoding
            self.profile = profile
            self.fiscalYear = fiscalYear
        }
    }

    let store: MeyasuStore
    let profiles: [FormProfile]
    let keyer: ResponseKeyer
    let organization: Organization
    let clock: @Sendable () -> Date
    let logger: Logger
    let scrubber: PIIScrubber

    public init(store: MeyasuStore, profiles: [FormProfile], keyer: ResponseKeyer, organization: Organization,
                roster: Roster? = nil, clock: @escaping @Sendable () -> Date = Date.init,
                logger: Logger = Logger(label: "meyasu.import")) {
        self.store = store
        self.profiles = profiles
        self.keyer = keyer
        self.organization = organization
        self.clock = clock
        self.logger = logger
        self.scrubber = PIIScrubber(roster: roster)
    }

    /// Imports `path`. File-level failures (not an export, a bad header, two fiscal years) come
    /// back as a `.rejected` report with nothing stored.
    /// - Throws: `StoreError` when the database itself fails (busy, full, unusable).
    public func importFile(at path: String, options: Options = .init()) throws -> FileImportReport {
        try FileImportReport.capture(path: path, logger: logger) { report in
            try run(path: path, options: options, report: &report)
        }
    }

    private func run(path: String, options: Options, report: inout FileImportReport) throws {
        let matched = try MatchedExport(path: path, encoding: options.encoding, profiles: profiles, kind: .survey,
                                        requested: options.profile, report: &report)
        let (export, profile, map) = (matched.export, matched.profile, matched.map)
        let name = export.name
        let mapper = SurveyRowMapper(profile: profile, headers: export.headers, map: map, decoder: export.decoder,
                                     keyer: keyer, organization: organization, fiscalYear: options.fiscalYear,
                                     scrubber: scrubber)
        let questions = profile.columns.filter { $0.role == .likert }.map { (id: $0.question ?? "", wording: $0.displayName) }
        let responseIDColumn = matched.responseIDHeader
        let startedAt = clock()
        let queue = MappedRowQueue<SurveyResponse>()
        RowProducer(reader: export.reader, mapper: mapper).start(into: queue)
        defer { queue.cancelAndWait() }
        var first: (year: Int, line: Int)?
        let tally = try store.transaction(commit: !options.dryRun) { db in
            let writer = try SurveyBatchWriter(
                db: db, fileName: name, fileSize: export.file.size, encoding: export.sniff.encoding.rawValue,
                profile: profile.id, startedAt: startedAt, questions: questions)
            var tally = ImportTally(batch: writer.batch)
            while let batch = try queue.take() {
                for row in batch {
                    tally.counts.rowsRead += 1
                    switch row {
                    case .problem(let problem):
                        try tally.badRow(problem)
                    case .mapped(let response, let line, let record):
                        if let first, first.year != response.fiscalYear {
                            throw IngestError(.mixedFiscalYears, "\(name) holds responses from two fiscal years (line \(first.line) counts in \(FiscalYear.label(first.year)), line \(line) in \(FiscalYear.label(response.fiscalYear))); import each year's export on its own, or give --year to count every row in one year.")
                        }
                        first = first ?? (response.fiscalYear, line)
                        try tally.record(try writer.add(response), line: line, record: record, column: responseIDColumn,
                                         redactions: response.redactions)
                    }
                }
            }
            try tally.finish(fileSHA256: queue.digest ?? "", at: clock())
            return tally
        }
        report.fiscalYear = first?.year ?? options.fiscalYear
        tally.complete(&report, dryRun: options.dryRun, logger: logger)
    }
}
