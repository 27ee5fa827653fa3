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
    /// The fiscal year (年度) a survey file was imported into; nil for other imports.
    public var fiscalYear: Int?
    /// Why the file was rejected whole.
    public var error: String?
    public var errorCode: IngestError.Code?

    /// True when some row was reported (a bad row or a conflict).
    public var hasRowProblems: Bool { counts.badRows + counts.conflicts > 0 }
}

/// Runs the proposal pipeline for one file: bytes → encoding → CSV → form profile → submissions
/// → store, in one transaction, so a file lands whole or not at all. The search index and the
/// similarity links are not part of it: call `MeyasuStore.refreshDerivedData()` after the files
/// (the readers of the index catch up by themselves otherwise).
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
    let router: PendingRouter?
    /// Replaces the store's lookup of the responses stored already (tests: a lookup that finds
    /// a row the writer then does not).
    var storedHashes: MeyasuStore.StoredHashLookup?
    /// Files from this size on are imported with their stages kept to cores (`StageCores`;
    /// tests lower it).
    var stageCoresFromSize = StageCores.minimumFileSize
    /// On a first import, the reading thread scrubs a batch itself when at least this many wait
    /// for the Text stage (`RowProducer`; tests set 0, always, or `Int.max`, never).
    var readingScrubsFromBacklog = 2

    /// - Parameter router: routes each proposal on arrival; without one every proposal goes to
    ///   `triage`.
    public init(store: MeyasuStore, profiles: [FormProfile], keyer: ResponseKeyer, triage: String,
                settings: WorkspaceConfig.Proposals = .init(), roster: Roster? = nil, router: ProposalRouter? = nil,
                clock: @escaping @Sendable () -> Date = Date.init,
                logger: Logger = Logger(label: "meyasu.import")) {
        self.init(store: store, profiles: profiles, keyer: keyer, triage: triage, settings: settings, roster: roster,
                  pendingRouter: router.map { PendingRouter(ready: $0) }, clock: clock, logger: logger)
    }

    /// - Parameter pendingRouter: a router not built yet; the import builds it while it starts
    ///   reading the file, and fails with what building it threw, if it did.
    public init(store: MeyasuStore, profiles: [FormProfile], keyer: ResponseKeyer, triage: String,
                settings: WorkspaceConfig.Proposals = .init(), roster: Roster? = nil, pendingRouter: PendingRouter?,
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
        self.router = pendingRouter
    }

    /// Lets the router go once the files are imported (the next file would make it again), so
    /// that what follows (the index phase) can reuse its memory instead of adding to it.
    public func releaseRouter() {
        router?.release()
    }

    /// Imports `path`. File-level failures come back as a `.rejected` report.
    /// - Throws: `StoreError` when the database itself fails (busy, full, unusable).
    public func importFile(at path: String, options: Options = .init()) throws -> FileImportReport {
        try FileImportReport.capture(path: path, logger: logger) { report in
            try run(path: path, options: options, report: &report)
        }
    }

    private func run(path: String, options: Options, report: inout FileImportReport) throws {
        let matched = try MatchedExport(path: path, encoding: options.encoding, profiles: profiles, kind: .proposals,
                                        requested: options.profile, report: &report)
        let (export, profile, map) = (matched.export, matched.profile, matched.map)
        let (name, file, sniff, reader, decoder, headers) =
            (export.name, export.file, export.sniff, export.reader, export.decoder, export.headers)

        // The reading leaves the scrubbing to the Text stage. With proposals stored already, the
        // Text stage looks each row up first, and the rows it finds (most of a cumulative
        // export's) are not stored again, so they skip the scrubbing too. Otherwise the reading
        // scrubs a batch itself whenever the Text stage is behind: whichever stage has time does it
        // (Benchmarks/README.md, "The scrubbing goes to whichever stage has time").
        let stored = storedHashes ?? store.storedProposalHashes()
        let mapper = ProposalRowMapper(profile: profile, headers: headers, map: map, decoder: decoder,
                                       keyer: keyer, coarsening: settings.submittedDate, scrubber: scrubber,
                                       defersScrubbing: true)
        let scrubbing: ((inout ProposalSubmission) -> Void)? = stored != nil ? nil : { mapper.scrub(&$0) }
        let startedAt = clock()
        let responseIDColumn = matched.responseIDHeader
        // Three stages on threads of their own: reading and mapping (decode, hash, and the scrubbing
        // when the Text stage is behind) on one; the Text stage and routing on two; writing, here
        // (see MappedRowQueue).
        // A large first import on two cores keeps each half of the work to a core (StageCores).
        let cores = stored == nil && file.size >= stageCoresFromSize ? StageCores.current() : nil
        let mapped = MappedRowQueue<ProposalSubmission>()
        let queue = MappedRowQueue<ProposalSubmission>()
        RowProducer(reader: reader, mapper: mapper, core: cores?.reading, spareWork: scrubbing,
                    spareWorkFromBacklog: readingScrubsFromBacklog).start(into: mapped)
        // The router is made here while the reading gets under way (the first file only), and
        // before the Text workers start: they need it for every row, and a model trained now is
        // kept only if it is written before the file's transaction takes the write lock (a
        // worker that made it would finish after that, and the next import would train again).
        router?.build()
        TextStage(router: router, scrubber: scrubber, storedHashes: stored, core: cores?.text).start(from: mapped, into: queue)
        defer { queue.cancelAndWait() }
        // This thread writes on the reading thread's core, and has its own cores back afterwards.
        let ownCores = cores.flatMap { StageCores.pin(to: $0.reading) }
        defer { StageCores.restore(ownCores) }
        let tally = try store.transaction(commit: !options.dryRun, large: true) { db in
            let writer = try ProposalBatchWriter(
                db: db, fileName: name, fileSize: file.size,
                encoding: sniff.encoding.rawValue, profile: profile.id, startedAt: startedAt)
            var tally = ImportTally(batch: writer.batch)
            // For a row the Text stage found stored but that is gone now (deleted meanwhile).
            var completion: TextCompletion?
            while var batch = try queue.take() {
                for index in batch.indices {
                    // Moved out of the batch (swapped with a placeholder), not copied: a copy
                    // would retain and release every string and array of every row.
                    var row = MappedRow<ProposalSubmission>.placeholder
                    swap(&row, &batch[index])
                    tally.counts.rowsRead += 1
                    switch consume row {
                    case .problem(let problem):
                        try tally.badRow(problem)
                    case .mapped(let submission, let line, let record):
                        // Read where it is (a `var` binding would copy it whole); only the rare row
                        // completed here is copied.
                        func store(_ submission: borrowing ProposalSubmission) throws {
                            let outcome = try writer.add(submission, department: submission.routing?.department ?? triage,
                                                         status: settings.initialStatus)
                            try tally.record(outcome, line: line, record: record, column: responseIDColumn,
                                             redactions: submission.redactions)
                        }
                        guard submission.storedContentHash != nil else {
                            try store(submission)
                            continue
                        }
                        if let outcome = try writer.outcomeIfStored(submission) {
                            try tally.record(outcome, line: line, record: record, column: responseIDColumn)
                            continue
                        }
                        if completion == nil { completion = TextCompletion(scrubber: scrubber, router: try router?.get()) }
                        var completed = submission
                        completion?.complete(&completed)
                        completed.storedContentHash = nil
                        try store(completed)
                    }
                }
            }
            try tally.finish(fileSHA256: queue.digest ?? "", at: clock())
            return tally
        }
        tally.complete(&report, dryRun: options.dryRun, logger: logger)
    }
}
