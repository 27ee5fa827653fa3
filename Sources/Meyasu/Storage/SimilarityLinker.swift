import Foundation
import GRDB
import GRDBSQLite

/// Links a proposal to the earlier proposals it most likely duplicates: its signature is stored,
/// each of its LSH buckets looked up (the most recent `bucketDepth` proposals of each), the
/// candidates' signatures compared, and the links and its own buckets written. Proposals are
/// linked in id order, each against every proposal linked before it, by the catch-up of the
/// derived data (`MeyasuStore.refreshDerivedData`). All through SQLite's C API on cached statements
/// (GRDB's argument boxing would cost more than the lookups at a hundred thousand rows).
///
/// The bucket cache stays valid across the catch-up's transactions only while nothing else links
/// proposals in between: the caller empties it (`forget()`) when another writer may have.
final class SimilarityLinker {
    /// Below this estimated similarity two proposals are not linked.
    static let threshold = 0.7
    /// At most this many earlier proposals are linked to one proposal (the most similar).
    static let maxLinks = 5
    /// At most this many of the most recent proposals of one bucket are compared: a bucket that
    /// many proposals share (a form's boilerplate sentences) must not make the import quadratic.
    /// (`Recent` holds exactly this many.)
    static let bucketDepth = 4

    /// Bucket rows per insert statement when the pending rows are written (`flush`).
    static let bucketRowsPerStatement = 64
    private static let insertBucketsSQL = "INSERT OR IGNORE INTO proposal_lsh (bucket, proposal_id) VALUES "
        + Array(repeating: "(?, ?)", count: bucketRowsPerStatement).joined(separator: ",")
    private static let insertBucketSQL = "INSERT OR IGNORE INTO proposal_lsh (bucket, proposal_id) VALUES (?, ?)"

    /// The cache of buckets is emptied when it holds this many, so that its table stays at 2^17
    /// slots of 48 bytes (6 MiB; a dictionary grows at three quarters full) and an import keeps
    /// within its memory budget however large; a bucket not cached is read from the table again.
    static let cachedBucketsLimit = 98_000

    /// The most recent `bucketDepth` proposals of one bucket, newest first.
    struct Recent {
        var ids: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        var count = 0

        /// Adds `id`, newer than every id held (ids only grow in this transaction).
        mutating func push(_ id: Int64) {
            if count > 0 && ids.0 == id { return }
            ids = (id, ids.0, ids.1, ids.2)
            count = Swift.min(count + 1, SimilarityLinker.bucketDepth)
        }

        /// Adds `id`, older than every id held (the lookup query's rows, newest first).
        mutating func append(older id: Int64) {
            switch count {
            case 0: ids.0 = id
            case 1: ids.1 = id
            case 2: ids.2 = id
            case 3: ids.3 = id
            default: return
            }
            count += 1
        }

        func forEach(_ body: (Int64) -> Void) {
            if count > 0 { body(ids.0) }
            if count > 1 { body(ids.1) }
            if count > 2 { body(ids.2) }
            if count > 3 { body(ids.3) }
        }
    }

    private var candidates: [(id: Int64, similarity: Double)] = []
    private var seen: [Int64] = []
    /// The buckets looked up so far, each with exactly what the lookup query would return now
    /// (kept up to date as proposals are added): about three buckets in four of an import recur
    /// among the proposals of the same night, and each of those would otherwise be a query.
    private var recent: [Int64: Recent] = [:]
    /// The bucket rows of the proposals added since the last `flush`, not yet in `proposal_lsh`:
    /// written together, in bucket order, they cost a quarter of what eight random B-tree inserts
    /// per proposal did. Every one of their buckets is in `recent` (looked up before its row was
    /// added), so no lookup misses them; `recent` is never emptied before they are written.
    private var pendingBuckets: [(bucket: Int64, id: Int64)] = []

    /// The stored form of the signatures this linker stored last, each in slot `id % capacity`
    /// with its id beside it (0: empty): a candidate is one of the most recent proposals of a
    /// bucket, so most candidates' signatures are here and are not read back from the table
    /// (about ten candidates per proposal on the synthetic export).
    private var signatureIDs: [Int64] = []
    private var signatureBytes: [UInt8] = []
    private let signatureCapacity: Int
    /// At most this many signatures are kept (8.5 MiB).
    static let cachedSignaturesLimit = 65_536
    private static let signatureSize = SimilaritySignature.bins * 4

    /// - Parameter expected: about how many proposals will be added (sizes the signature cache).
    init(expected: Int = cachedSignaturesLimit) {
        signatureCapacity = max(1, min(expected, Self.cachedSignaturesLimit))
    }

    /// Empties the caches: another connection may have linked proposals since they were filled.
    /// Call `flush` before, in the transaction that added them: pending bucket rows are dropped.
    func forget() {
        pendingBuckets.removeAll(keepingCapacity: true)
        recent.removeAll(keepingCapacity: true)
        if !signatureIDs.isEmpty {
            signatureIDs.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }

    /// Stores `signature` for proposal `id`, then links it to its likely duplicates among the
    /// proposals linked before it.
    func add(proposal id: Int64, signature: SimilaritySignature, in db: Database) throws {
        let buckets = signature.buckets
        guard buckets.count == SimilaritySignature.bands else { return }
        let store = try db.cachedStatement(sql: "INSERT OR REPLACE INTO proposal_minhash (proposal_id, signature) VALUES (?, ?)")
        let bytes = signature.bytes
        var row = try BoundStatement(store)
        row.bind(id)
        row.bind(bytes)
        try row.execute(in: db)

        // Plain index range scans, one per band (a UNION or IN would build temporary tables for
        // every proposal), then each candidate's signature by its key.
        let band = try db.cachedStatement(sql: """
            SELECT proposal_id FROM proposal_lsh WHERE bucket = ? ORDER BY proposal_id DESC LIMIT \(Self.bucketDepth)
            """)
        let fetch = try db.cachedStatement(sql: "SELECT signature FROM proposal_minhash WHERE proposal_id = ?")
        seen.removeAll(keepingCapacity: true)
        if recent.count >= Self.cachedBucketsLimit {
            try flush(in: db)
            recent.removeAll(keepingCapacity: true)
        }
        for bucket in buckets {
            if let cached = recent[bucket] {
                cached.forEach { other in
                    if other != id && !seen.contains(other) { seen.append(other) }
                }
                continue
            }
            var found = Recent()
            var bound = try BoundStatement(band)
            bound.bind(bucket)
            while try Self.step(band, in: db) {
                let other = sqlite3_column_int64(band.sqliteStatement, 0)
                found.append(older: other)
                if other != id && !seen.contains(other) { seen.append(other) }
            }
            recent[bucket] = found
        }
        candidates.removeAll(keepingCapacity: true)
        if signatureIDs.isEmpty {
            signatureIDs = [Int64](repeating: 0, count: signatureCapacity)
            signatureBytes = [UInt8](repeating: 0, count: signatureCapacity * Self.signatureSize)
        }
        for other in seen {
            let slot = Int(UInt64(bitPattern: other) % UInt64(signatureCapacity))
            if signatureIDs[slot] == other {
                let similarity = signatureBytes.withUnsafeBytes { raw in
                    signature.similarity(toStored: UnsafeRawBufferPointer(rebasing: raw[slot * Self.signatureSize ..< (slot + 1) * Self.signatureSize]))
                }
                if similarity >= Self.threshold { candidates.append((other, similarity)) }
                continue
            }
            var bound = try BoundStatement(fetch)
            bound.bind(other)
            guard try Self.step(fetch, in: db) else { continue }
            let handle = fetch.sqliteStatement
            if let blob = sqlite3_column_blob(handle, 0) {
                let similarity = signature.similarity(toStored: UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, 0))))
                if similarity >= Self.threshold { candidates.append((other, similarity)) }
            }
            sqlite3_reset(handle)
        }
        if !candidates.isEmpty {
            candidates.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.id > $1.id) }
            let insertLink = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO proposal_similar (proposal_id, earlier_id, similarity) VALUES (?, ?, ?)
                """)
            for candidate in candidates.prefix(Self.maxLinks) {
                var link = try BoundStatement(insertLink)
                link.bind(id)
                link.bind(candidate.id)
                link.bind(candidate.similarity)
                try link.execute(in: db)
            }
        }
        let slot = Int(UInt64(bitPattern: id) % UInt64(signatureCapacity))
        signatureIDs[slot] = id
        signatureBytes.withUnsafeMutableBytes { raw in
            bytes.copyBytes(to: UnsafeMutableRawBufferPointer(rebasing: raw[slot * Self.signatureSize ..< (slot + 1) * Self.signatureSize]))
        }

        for bucket in buckets {
            pendingBuckets.append((bucket, id))
            recent[bucket, default: Recent()].push(id)
        }
    }

    /// Writes the bucket rows of the proposals added since the last call, in bucket order. Call it
    /// before the transaction that added them commits.
    func flush(in db: Database) throws {
        guard !pendingBuckets.isEmpty else { return }
        pendingBuckets.sort { $0.bucket < $1.bucket || ($0.bucket == $1.bucket && $0.id < $1.id) }
        let many = try db.cachedStatement(sql: Self.insertBucketsSQL)
        var start = 0
        while start + Self.bucketRowsPerStatement <= pendingBuckets.count {
            var rows = try BoundStatement(many)
            for row in pendingBuckets[start ..< start + Self.bucketRowsPerStatement] {
                rows.bind(row.bucket)
                rows.bind(row.id)
            }
            try rows.execute(in: db)
            start += Self.bucketRowsPerStatement
        }
        let one = try db.cachedStatement(sql: Self.insertBucketSQL)
        for row in pendingBuckets[start...] {
            var bound = try BoundStatement(one)
            bound.bind(row.bucket)
            bound.bind(row.id)
            try bound.execute(in: db)
        }
        pendingBuckets.removeAll(keepingCapacity: true)
    }

    /// Steps `statement`: true for a row, false at the end (the statement is then reset).
    private static func step(_ statement: Statement, in db: Database) throws -> Bool {
        let handle = statement.sqliteStatement
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            sqlite3_reset(handle)
            return false
        case let code:
            let message = db.lastErrorMessage
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
