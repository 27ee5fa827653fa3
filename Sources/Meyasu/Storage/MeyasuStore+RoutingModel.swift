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

    /// Keeps `model` (trained from what `fingerprint` describes) in place of any earlier one,
    /// if the database can be written at once.
    ///
    /// It writes through a connection of its own that never waits for a lock: the model may be
    /// trained on an import's worker thread while the import's own transaction holds the write
    /// lock, and waiting there for it would wait for ever. An in-memory database keeps nothing.
    /// - Throws: `StoreError` when the write could not be made now (busy, read-only).
    public func storeRoutingModel(_ model: Data, fingerprint: Data, at date: Date = Date()) throws {
        guard let path else { return }
        var configuration = Configuration()
        configuration.busyMode = .immediateError
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.inDatabase { db in
                try db.execute(sql: """
                    INSERT INTO routing_model (id, fingerprint, model, created_at) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, model = excluded.model,
                        created_at = excluded.created_at
                    """, arguments: [fingerprint, model, Timestamp.iso(date)])
            }
        } catch let error as DatabaseError {
            throw Self.translate(error, name: displayName)
        }
    }
}
