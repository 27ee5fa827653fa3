import Foundation
import GRDB

/// The embedded SQLite database: the one place that knows SQL.
///
/// On disk it is a WAL-mode database (readers never block the nightly import, and a crash at
/// any point leaves the last committed state); in tests it can live in memory.
public final class MeyasuStore: Sendable {
    public let writer: any DatabaseWriter
    /// What messages call the database (its file name, or "the in-memory database").
    public let displayName: String
    /// The database file; nil in memory.
    let path: String?

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// - Parameters:
    ///   - path: the database file.
    ///   - busyTimeout: how long to wait for another writer (e.g. a running import) before giving up.
    /// - Throws: `StoreError` when the file is not usable.
    public init(path: String, busyTimeout: TimeInterval = 30) throws {
        displayName = URL(fileURLWithPath: path).lastPathComponent
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // Proposals are a few kilobytes each: 16 KiB pages hold several per page and halve
            // the page writes of a large import. (Takes effect only when the file is created.)
            try db.execute(sql: "PRAGMA page_size = 16384")
            // NORMAL is durable in WAL mode up to the last checkpoint-free commit and never corrupts.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 64 MiB of page cache keeps the response-key index of a million-row import in memory
            // (the index is random-ordered by nature) while staying well under the 150 MB budget.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            writer = pool
            try Self.migrate(pool, name: displayName)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw Self.translate(error, name: displayName)
        }
    }

    /// A fresh in-memory database with the current schema, for tests and dry runs of tooling.
    public init() throws {
        displayName = "the in-memory database"
        path = nil
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        writer = queue
        try Self.migrate(queue, name: displayName)
    }

    static func migrate(_ writer: some DatabaseWriter, name: String) throws {
        let migrator = StoreMigrations.migrator
        let known = Set(migrator.migrations)
        let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
        if !applied.isSubset(of: known) {
            throw StoreError(.unusable, "\(name) was written by a newer version of Meyasu; upgrade meyasu before using it.")
        }
        try migrator.migrate(writer)
    }

    /// Runs `body` in one IMMEDIATE transaction: it holds the write lock from the start, so a
    /// second import waits (up to the busy timeout) instead of interleaving.
    /// - Parameters:
    ///   - commit: false to roll everything back at the end (a dry run).
    ///   - large: the transaction writes a lot (a file's import): its pages are written to disk
    ///     while it runs, so that the commit and its checkpoint wait less (`EarlyWriteback`).
    public func transaction<T>(commit: Bool = true, large: Bool = false, _ body: (Database) throws -> T) throws -> T {
        try transaction(commit: commit, large: large, checkingForeignKeys: true, body)
    }

    /// `transaction`, optionally with SQLite's foreign-key checks off for its duration: only for
    /// writes whose references are right by construction (the catch-up of the derived data refers
    /// only to proposals it has just read in the same transaction), where each check would be one
    /// more B-tree lookup per row.
    func transaction<T>(commit: Bool = true, large: Bool = false, checkingForeignKeys: Bool,
                        _ body: (Database) throws -> T) throws -> T {
        var writeback: EarlyWriteback?
        if large, commit, let path {
            writeback = EarlyWriteback(paths: [path + "-wal", path])
            writeback?.start()
        }
        defer { writeback?.stop() }
        do {
            return try writer.writeWithoutTransaction { db in
                // The pragma cannot change inside a transaction; it is set around it.
                if !checkingForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
                defer { if !checkingForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return commit ? .commit : .rollback
                }
                return result!
            }
        } catch let error as DatabaseError {
            throw Self.translate(error, name: displayName)
        }
    }

    /// Reads in a snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch let error as DatabaseError {
            throw Self.translate(error, name: displayName)
        }
    }

    /// A GRDB error as a sentence that never carries statement arguments (cell values).
    static func translate(_ error: DatabaseError, name: String) -> Error {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.busy, "\(name) is busy: another import or the portal is writing to it; try again when it has finished.")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return StoreError(.unusable, "\(name) is not a usable Meyasu database (\(error.resultCode)); restore it from a backup.")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM:
            return StoreError(.unusable, "\(name) cannot be opened for writing; check the path and its permissions.")
        case .SQLITE_FULL, .SQLITE_IOERR:
            return StoreError(.unusable, "\(name) could not be written (disk full or I/O error); nothing of this import was kept.")
        default:
            // Only the code and SQLite's own message, which never includes bound values.
            return StoreError(.unusable, "\(name) reported an error: \(error.resultCode); nothing of this operation was kept.")
        }
    }
}
