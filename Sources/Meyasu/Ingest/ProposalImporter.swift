import Foundation
import Logging

/// What importing one file did, for the CLI's text and JSON output.
public struct FileImportReport: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// The file's transaction committed.
        case imported
        /// Everything was checked and rolled back (`--dry-run`).
        case dryRun = "dry_run"
        /// Nothing of the file was stored.
        case rejected
    }

    /// The file's base name.
    public var file: String
    public var status: Status
    /// How the file was decoded; nil when it was rejected before that was decided.
    public var sniff: FileSniff?
    public var profile: String?
    public var batchID: Int64?
    public var counts = ImportCounts()
    /// Identifiers redacted from the free text of the rows imported, by kind (counts only).
    public var redactions = RedactionCounts()
    /// The first `ProposalImporter.problemsKept` row problems; all are stored with the batch.
    public var problems: [RowProblem] = []
    /// Headers the profile does not know, ignored.
    public var ignoredColumns: [String] = []
    /// Why the file was rejected whole.
    public var error: String?
    public var errorCode: IngestError.Code?

    /// True when some row was reported (a bad row or a conflict).
    public var hasRowProblems: Bool { counts.badRows + counts.conflicts > 0 }
}

/// Runs the proposal pipeline for one file: bytes → encoding → CSV → form profile → submissions
/// → store, in one transaction, so a file lands whole or not at all.
public struct ProposalImporter: Sendable {
    /// Row problems kept in a report (all of them are stored).
    public static let problemsKept = 1000

    public struct Options: Sendable {
        public var dryRun = false
        public var encoding: TextEncoding?
        /// Use this profile id instead of picking by headers.
        public var profile: String?

        public init(dryRun: Bool = false, encoding: TextEncoding? = nil, profile: String? = nil) {
            self.dryRun = dryRun
            self.encoding = encoding
            self.profile = profile
        }
    }

    let store: MeyasuStore
    let profiles: [FormProfile]
    let keyer: ResponseKeyer
    let triage: String
    let settings: WorkspaceConfig.Proposals
    let clock: @Sendable () -> Date
    let logger: Logger
    let scrubber: PIIScrubber
    let router: ProposalRouter?

    /// - Parameter router: routes each proposal on arrival; without one every proposal goes to
    ///   `triage`.
    public init(store: MeyasuStore, profiles: [FormProfile], keyer: ResponseKeyer, triage: String,
                settings: WorkspaceConfig.Proposals = .init(), roster: Roster? = nil, router: ProposalRouter? = nil,
                clock: @escaping @Sendable () -> Date = Date.init,
                logger: Logger = Logger(label: "meyasu.import")) {
        self.store = store
        self.profiles = profiles
        self.keyer = keyer
        self.triage = triage
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.scrubber = PIIScrubber(roster: roster)
        self.router = router
    }

    /// Imports `path`. File-level failures come back as a `.rejected` report.
    /// - Throws: `StoreError` when the database itself fails (busy, full, unusable).
    public func importFile(at path: String, options: Options = .init()) throws -> FileImportReport {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var report = FileImportReport(file: name, status: .rejected)
        do {
            try run(path: path, options: options, report: &report)
        } catch let error as IngestError {
            report.status = .rejected
            report.error = error.message
            report.errorCode = error.code
            report.counts = ImportCounts()
            report.problems = []
            report.ignoredColumns = []
            report.batchID = nil
            logger.notice("import rejected a file", metadata: ["meyasu.reason": "\(error.code.rawValue)"])
        }
        return report
    }

    private func run(path: String, options: Options, report: inout FileImportReport) throws {
        let export = try OpenedExport(path: path, encoding: options.encoding)
        let (file, name, sniff, reader, decoder, headers) = (export.file, export.name, export.sniff, export.reader,
                                                              export.decoder, export.headers)
        report.sniff = sniff
        let (profile, map) = try Self.chooseProfile(among: profiles, headers: headers, fileName: name, requested: options.profile)
        report.profile = profile.id
        report.ignoredColumns = map.unknownHeaders

        let mapper = ProposalRowMapper(profile: profile, headers: headers, map: map, decoder: decoder,
                                       keyer: keyer, coarsening: settings.submittedDate, scrubber: scrubber)
        let startedAt = clock()
        var counts = ImportCounts()
        var redactions = RedactionCounts()
        var problems: [RowProblem] = []
        let responseIDColumn = map.binding.firstIndex { $0.map { profile.columns[$0].role == .responseID } ?? false }
            .map { headers[$0] }
        // Three stages, each on a thread of its own: reading and mapping (decode, hash, scrub),
        // the Text stage and routing, and writing, here (see MappedRowQueue).
        let mapped = MappedRowQueue()
        let queue = MappedRowQueue()
        RowProducer(reader: reader, mapper: mapper).start(into: mapped)
        TextStage(router: router).start(from: mapped, into: queue)
        defer { queue.cancelAndWait() }
        let batchID = try store.transaction(commit: !options.dryRun) { db in
            let writer = try ProposalBatchWriter(
                db: db, fileName: name, fileSize: file.size,
                encoding: sniff.encoding.rawValue, profile: profile.id, startedAt: startedAt)
            func reportProblem(_ problem: RowProblem) throws {
                try writer.report(problem)
                if problems.count < Self.problemsKept { problems.append(problem) }
            }
            while var batch = try queue.take() {
                // Rows are moved out of the batch (popLast) rather than copied: a copy would
                // retain and release every string of every row.
                batch.reverse()
                while let row = batch.popLast() {
                    counts.rowsRead += 1
                    switch consume row {
                    case .problem(let problem):
                        counts.badRows += 1
                        try reportProblem(problem)
                    case .submission(let submission, let line, let record):
                        switch try writer.add(submission, department: submission.routing?.department ?? triage,
                                              status: settings.initialStatus) {
                        case .inserted:
                            counts.imported += 1
                            redactions.add(submission.redactions)
                        case .alreadyPresent: counts.alreadyPresent += 1
                        case .conflict:
                            counts.conflicts += 1
                            try reportProblem(RowProblem(
                                line: line, record: record, column: responseIDColumn, kind: .conflict,
                                reason: "this 回答ID was imported before with different content; the stored version is kept"))
                        }
                    }
                }
            }
            try writer.finish(counts, redactions: redactions, fileSHA256: queue.digest ?? "", at: clock())
            return writer.batchID
        }
        report.status = options.dryRun ? .dryRun : .imported
        report.batchID = options.dryRun ? nil : batchID
        report.counts = counts
        report.redactions = redactions
        report.problems = problems
        logger.info("import finished", metadata: [
            "meyasu.batch.id": "\(options.dryRun ? "dry-run" : String(batchID))",
            "meyasu.rows.read": "\(counts.rowsRead)",
            "meyasu.rows.imported": "\(counts.imported)",
            "meyasu.rows.present": "\(counts.alreadyPresent)",
            "meyasu.rows.conflicts": "\(counts.conflicts)",
            "meyasu.rows.bad": "\(counts.badRows)",
        ])
    }

    /// Picks the named profile, or the proposals profile whose headers match best with nothing
    /// required missing.
    static func chooseProfile(among profiles: [FormProfile], headers: [String], fileName: String,
                              requested: String?) throws -> (FormProfile, HeaderMap) {
        let candidates = profiles.filter { $0.kind == .proposals && (requested == nil || $0.id == requested) }
        if candidates.isEmpty {
            if let requested {
                throw IngestError(.badHeader, "there is no proposals form profile named \(requested) in forms/; use one of: \(profiles.filter { $0.kind == .proposals }.map(\.id).joined(separator: ", ")).")
            }
            throw IngestError(.badHeader, "forms/ holds no proposals form profile; run `meyasu init` or add one (see docs/forms.md).")
        }
        var best: (FormProfile, HeaderMap)?
        var firstError: IngestError?
        for profile in candidates {
            do {
                let map = try HeaderMap(headers: headers, profile: profile, fileName: fileName)
                if best == nil || Self.better(map, than: best!.1) { best = (profile, map) }
            } catch let error as IngestError {
                firstError = firstError ?? error
            }
        }
        guard let (profile, map) = best else { throw firstError! }
        if !map.missingRequired.isEmpty {
            if let firstError { throw firstError }
            let missing = map.missingRequired.joined(separator: ", ")
            throw IngestError(.badHeader, "\(fileName) lacks the required column\(map.missingRequired.count > 1 ? "s" : "") \(missing) of the form profile \(profile.id) (\(profile.title)); export the form with \(map.missingRequired.count > 1 ? "those columns" : "that column") or name another profile with --profile.")
        }
        return (profile, map)
    }

    private static func better(_ candidate: HeaderMap, than current: HeaderMap) -> Bool {
        if candidate.missingRequired.isEmpty != current.missingRequired.isEmpty { return candidate.missingRequired.isEmpty }
        return candidate.matched > current.matched
    }
}

/// An export opened for reading: its encoding decided, its header row read and decoded.
struct OpenedExport {
    let file: ByteFile
    let name: String
    let sniff: FileSniff
    let reader: CSVReader
    let decoder: CellDecoder
    let headers: [String]

    /// - Throws: `IngestError` when the file cannot be read, is not an export, or its header is broken.
    init(path: String, encoding: TextEncoding?) throws {
        file = try ByteFile(path: path)
        name = file.displayName
        sniff = try EncodingDetector.sniff(file, forced: encoding)
        reader = try CSVReader(file: file, startOffset: sniff.bomLength)
        decoder = CellDecoder(encoding: sniff.encoding)
        guard let headerRecord = try reader.next() else {
            throw IngestError(.notAnExport, "\(name) holds no header row, only blank lines; download the export again.")
        }
        if headerRecord.problem != nil {
            throw IngestError(.badHeader, "\(name) line \(headerRecord.line): the header row's quoting is broken; download the export again.")
        }
        var headers: [String] = []
        for index in 0..<headerRecord.cellCount {
            guard let header = decoder.decode(headerRecord.cell(index)) else {
                throw IngestError(.badHeader, "\(name) line \(headerRecord.line), column \(index + 1): the header is not valid \(sniff.encoding.displayName); try --encoding.")
            }
            headers.append(String(header.trimmingWhitespace()))
        }
        self.headers = headers
    }
}
