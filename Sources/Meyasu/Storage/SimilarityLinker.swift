import Foundation
import GRDB
import GRDBSQLite

/// Links a newly stored proposal to the earlier proposals it most likely duplicates, inside the
/// import's transaction: its LSH buckets are looked up in one indexed query, the candidates'
/// signatures compared, and the links and its own buckets written. Two statements per proposal
/// plus a few rows, through SQLite's C API (GRDB's argument boxing would cost more than the
/// lookups at a hundred thousand rows).
final class SimilarityLinker {
    /// Below this estimated similarity two proposals are not linked.
    static let threshold = 0.7
    /// At most this many earlier proposals are linked to one proposal (the most similar).
    static let maxLinks = 5

    private let db: Database
    private var candidates: [(id: Int64, similarity: Double)] = []

    init(db: Database) {
        self.db = db
    }

    /// Stores `signature` for proposal `id` (already inserted without one), then links it.
    func add(proposal id: Int64, signature: SimilaritySignature) throws {
        guard !signature.isEmpty else { return }
        try db.execute(sql: "UPDATE proposal SET minhash = ? WHERE id = ?", arguments: [signature.bytes, id])
        try link(proposal: id, signature: signature)
    }

    /// Links proposal `id`, whose signature is already stored, to its likely duplicates.
    func link(proposal id: Int64, signature: SimilaritySignature) throws {
        let buckets = signature.buckets
        guard buckets.count == SimilaritySignature.bands else { return }
        let placeholders = Array(repeating: "?", count: buckets.count).joined(separator: ",")
        let lookup = try db.cachedStatement(sql: """
            SELECT DISTINCT l.proposal_id, p.minhash FROM proposal_lsh l JOIN proposal p ON p.id = l.proposal_id
            WHERE l.bucket IN (\(placeholders))
            """)
        var bound = try BoundStatement(lookup)
        for bucket in buckets { bound.bind(bucket) }
        candidates.removeAll(keepingCapacity: true)
        let handle = lookup.sqliteStatement
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                let message = db.lastErrorMessage
                sqlite3_reset(handle)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: lookup.sql)
            }
            let other = sqlite3_column_int64(handle, 0)
            let count = Int(sqlite3_column_bytes(handle, 1))
            guard other != id, let blob = sqlite3_column_blob(handle, 1),
                  let earlier = SimilaritySignature(bytes: Data(bytes: blob, count: count)) else { continue }
            let similarity = signature.similarity(to: earlier)
            if similarity >= Self.threshold { candidates.append((other, similarity)) }
        }
        sqlite3_reset(handle)
        if !candidates.isEmpty {
            candidates.sort { $0.similarity > $1.similarity || ($0.similarity == $1.similarity && $0.id > $1.id) }
            let insertLink = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO proposal_similar (proposal_id, earlier_id, similarity) VALUES (?, ?, ?)
                """)
            for candidate in candidates.prefix(Self.maxLinks) {
                try insertLink.execute(arguments: [id, candidate.id, candidate.similarity])
            }
        }
        let values = Array(repeating: "(?, ?)", count: buckets.count).joined(separator: ",")
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO proposal_lsh (bucket, proposal_id) VALUES \(values)")
        var rows = try BoundStatement(insert)
        for bucket in buckets {
            rows.bind(bucket)
            rows.bind(id)
        }
        try rows.execute(in: db)
    }
}
