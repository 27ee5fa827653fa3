import Foundation
import GRDB

extension MeyasuStore {
    /// Looks up the content hashes stored under response keys (nil where none is stored), in
    /// snapshots of their own beside an import's transaction: the import's Text stage skips the
    /// scrubbing, the display and key forms and the routing of the rows already stored, which are
    /// most of a cumulative export's. A failed lookup gives nils (the rows are then completed as new ones,
    /// and the import's writer sorts them out as before).
    public typealias StoredHashLookup = @Sendable ([Data]) -> [Data?]

    /// A lookup for the proposals already stored, or nil when there is nothing to look up (no
    /// proposal yet: a first import pays nothing) or no second connection to look with (an
    /// in-memory database has one, which the import's transaction holds).
    ///
    /// It reads through a connection of its own with a small page cache (2 MiB): the pool's
    /// readers keep 64 MiB each, which two Text workers would fill with the response-key index of
    /// a large database, over the import's memory budget. The pages it misses come from the
    /// system's file cache.
    public func storedProposalHashes() -> StoredHashLookup? {
        guard let path,
              let any = try? read({ db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM proposal)") }),
              any == true else { return nil }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -2048") }
        guard let lookup = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
        return { keys in
            let hashes = try? lookup.read { db in
                try keys.map { key in try db.storedContentHash(table: "proposal", responseKey: key) }
            }
            return hashes ?? [Data?](repeating: nil, count: keys.count)
        }
    }
}
