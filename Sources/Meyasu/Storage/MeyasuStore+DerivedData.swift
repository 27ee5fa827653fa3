import Foundation
import GRDB
import GRDBSQLite
import Logging

/// What one catch-up of the derived data (the search index and the similarity links) did.
public struct DerivedDataReport: Sendable, Equatable {
    /// Proposals added to the search index and linked to their likely duplicates by this call.
    public var proposals = 0
    /// The highest proposal id covered afterwards (0 when there is no proposal).
    public var through: Int64 = 0
    /// The transactions it committed (one per `MeyasuStore.derivedDataChunk` proposals).
    public var transactions = 0

    public init(proposals: Int = 0, through: Int64 = 0, transactions: Int = 0) {
        self.proposals = proposals
        self.through = through
        self.transactions = transactions
    }
}

/// The search index (`proposal_fts`) and the similarity links (`proposal_minhash`, `proposal_lsh`,
/// `proposal_similar`) are derived from the stored proposals and kept out of the import's
/// transaction, which stores the proposals alone. A catch-up brings them up to date for every
/// proposal above the watermark (`workspace_meta.derived_through`), in transactions of its own;
/// each transaction indexes and links one range of ids and moves the watermark past it, so a kill
/// at any moment leaves the watermark exactly at what is indexed, and the next catch-up does the
/// rest. The readers of the index catch up first (`readCaughtUp`).
extension MeyasuStore {
    /// The `workspace_meta` row that holds the watermark.
    static let derivedThroughName = "derived_through"

    /// Proposals per catch-up transaction. Filling the FTS5 index 32,768 proposals per statement
    /// costs about 12% less CPU than 4,096 per statement (one large statement is no cheaper), and
    /// holds the write lock for about two seconds at a time, so the portal's writes wait little.
    public static let derivedDataChunk = 32_768

    /// How many stored proposals are not yet in the search index and the similarity links.
    public func derivedDataPending() throws -> Int {
        try read { db in try Self.derivedPending(db) }
    }

    /// Adds every proposal above the watermark to the search index and links it to its likely
    /// duplicates, `chunk` proposals per transaction, in id order: the links are those the import
    /// made when it linked each proposal as it was stored. Idempotent; safe to run while another
    /// process does the same (each transaction starts from the watermark it finds).
    /// - Parameters:
    ///   - chunk: proposals per transaction.
    ///   - logger: receives one line per transaction (debug) and the total (info); counts only.
    /// - Returns: what was done (nothing when the data was up to date).
    /// - Throws: `StoreError` when the database fails; the transactions committed before stay.
    @discardableResult
    public func refreshDerivedData(chunk: Int = derivedDataChunk,
                                   logger: Logger = Logger(label: "meyasu.index")) throws -> DerivedDataReport {
        let chunk = Int64(max(1, chunk))
        let pending = try read { db in (try Int64.fetchOne(db, sql: "SELECT max(id) FROM proposal") ?? 0) - (try Self.derivedThrough(db)) }
        let linker = SimilarityLinker(expected: Int(clamping: max(pending, 1)))
        var report = DerivedDataReport()
        // The watermark this call left: the linker's bucket cache is valid while the next
        // transaction starts from it (nobody else linked proposals in between).
        var expected: Int64?
        while true {
            let step: (from: Int64, through: Int64, proposals: Int)? = try transaction(checkingForeignKeys: false) { db in
                let from = try Self.derivedThrough(db)
                let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM proposal") ?? 0
                guard last > from else {
                    report.through = from
                    return nil
                }
                if expected != from { linker.forget() }
                let through = min(last, from + chunk)
                let proposals = try Self.derive(from: from, through: through, linker: linker, in: db)
                try db.execute(sql: "INSERT OR REPLACE INTO workspace_meta (name, value) VALUES (?, ?)",
                               arguments: [Self.derivedThroughName, String(through)])
                return (from, through, proposals)
            }
            guard let step else { break }
            expected = step.through
            report.proposals += step.proposals
            report.through = step.through
            report.transactions += 1
            logger.debug("derived data: one range indexed and linked", metadata: [
                "meyasu.index.from": "\(step.from)", "meyasu.index.through": "\(step.through)",
                "meyasu.index.proposals": "\(step.proposals)"])
        }
        if report.proposals > 0 {
            logger.info("search index and similarity links up to date", metadata: [
                "meyasu.index.proposals": "\(report.proposals)", "meyasu.index.through": "\(report.through)",
                "meyasu.index.transactions": "\(report.transactions)"])
        }
        return report
    }

    /// Catches up when some proposal is not yet indexed; one cheap read when none is.
    /// - Returns: what was done, or nil when the data was up to date.
    @discardableResult
    public func catchUpDerivedData() throws -> DerivedDataReport? {
        guard try read({ db in try Self.derivedBehind(db) }) else { return nil }
        return try refreshDerivedData()
    }

    /// Reads through the search index or the similarity links: when some proposal is not yet in
    /// them, catches up first (the check is part of the read, so an index that is up to date costs
    /// nothing extra). When the catch-up cannot get the write lock in time (a large import holds
    /// it), reads what is indexed: the newest proposals may be missing from the answer, which is
    /// better than no answer.
    func readCaughtUp<T>(_ body: (Database) throws -> T) throws -> T {
        let current: T? = try read { db in try Self.derivedBehind(db) ? nil : body(db) }
        if let current { return current }
        do {
            try refreshDerivedData()
        } catch let error as StoreError where error.code == .busy {
            // Read what is indexed (see above).
        }
        return try read(body)
    }

    /// The watermark: the highest proposal id that is indexed and linked.
    static func derivedThrough(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT CAST(value AS INTEGER) FROM workspace_meta WHERE name = ?",
                           arguments: [derivedThroughName]) ?? 0
    }

    /// How many proposals are above the watermark. Counted on the narrow `proposal_queue` index:
    /// counting a range of the wide proposal table would read every page of the range (100,000
    /// proposals: 400 MB through the page cache) where the index holds 3 MB.
    static func derivedPending(_ db: Database) throws -> Int {
        guard try derivedBehind(db) else { return 0 }
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal INDEXED BY proposal_queue WHERE id > ?",
                                arguments: [try derivedThrough(db)]) ?? 0
    }

    /// True when some stored proposal is above the watermark.
    static func derivedBehind(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT coalesce((SELECT max(id) FROM proposal), 0)
                > coalesce((SELECT CAST(value AS INTEGER) FROM workspace_meta WHERE name = ?), 0)
            """, arguments: [derivedThroughName]) ?? false
    }

    /// Indexes and links the proposals with ids in `from + 1 ... through`, in id order.
    /// - Returns: how many there were.
    private static func derive(from: Int64, through: Int64, linker: SimilarityLinker, in db: Database) throws -> Int {
        // One statement for the whole range: FTS5 (SQLite 3.40) writes its pending terms out as a
        // segment at every statement, so fewer statements mean fewer segments to merge.
        try db.execute(sql: """
            INSERT INTO proposal_fts(rowid, title_key, body_key)
            SELECT id, title_key, body_key FROM proposal WHERE id > ? AND id <= ?
            """, arguments: [from, through])

        let select = try db.makeStatement(sql: "SELECT id, title_key, body_key FROM proposal WHERE id > ? AND id <= ? ORDER BY id")
        try select.setArguments([from, through])
        let handle = select.sqliteStatement
        defer { sqlite3_reset(handle) }
        var proposals = 0
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: select.sql)
            }
            proposals += 1
            let id = sqlite3_column_int64(handle, 0)
            // The key forms as stored, to their full length (a String read through a C string
            // would stop at a NUL), read in place.
            let signature = SimilaritySignature(titleUTF8: utf8(handle, 1), bodyUTF8: utf8(handle, 2))
            if !signature.isEmpty {
                try linker.add(proposal: id, signature: signature, in: db)
            }
        }
        try linker.flush(in: db)
        return proposals
    }

    /// A TEXT column's bytes, valid until the statement steps again.
    private static func utf8(_ handle: OpaquePointer?, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let bytes = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }
}
