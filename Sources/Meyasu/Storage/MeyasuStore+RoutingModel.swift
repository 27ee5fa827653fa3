import Foundation
import GRDB

extension MeyasuStore {
    /// The stored trained model if its fingerprint is `fingerprint`, else nil.
    public func routingModel(fingerprint: Data) throws -> Data? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT model FROM routing_model WHERE id = 1 AND fingerprint = ?",
                              arguments: [fingerprint])
        }
    }

    /// Keeps `model` (trained from what `fingerprint` describes) in place of any earlier one.
    public func storeRoutingModel(_ model: Data, fingerprint: Data, at date: Date = Date()) throws {
        try transaction { db in
            try db.execute(sql: """
                INSERT INTO routing_model (id, fingerprint, model, created_at) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, model = excluded.model,
                    created_at = excluded.created_at
                """, arguments: [fingerprint, model, Timestamp.iso(date)])
        }
    }
}
