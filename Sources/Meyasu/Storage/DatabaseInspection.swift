import Foundation
import GRDB

/// What `meyasu doctor` reads from a database without changing it (no migration is run).
public struct DatabaseInspection: Sendable, Equatable {
    /// The last import of a file, as stored in `import_batch`.
    public struct LastImport: Sendable, Equatable {
        public var kind: String
        public var fileName: String
        public var finishedAt: String
        public var counts: ImportCounts
    }

    /// Migrations applied to the file, in order.
    public var applied: [String]
    /// Migrations this program knows, in order.
    public var known: [String]
    /// SQLite's verdict: ["ok"] or the first problems it lists (at most 10).
    public var integrity: [String]
    public var keyFingerprint: String?
    public var walBytes: Int
    public var databaseBytes: Int
    public var proposals: Int
    public var surveyResponses: Int
    public var lastImport: LastImport?
    /// Proposals not yet in the search index and similarity links (left by `import proposals
    /// --defer-index` or an interrupted catch-up); nil for a database from before
    /// `v6-derived-index`, whose imports indexed inside their own transactions.
    public var derivedPending: Int?

    /// Migrations this program would apply when it next opens the database.
    public var pending: [String] { known.filter { !applied.contains($0) } }
    /// Migrations applied by a newer program that this one does not know.
    public var unknown: [String] { applied.filter { !known.contains($0) } }

    /// Reads the database at `path`.
    /// - Parameter quick: SQLite's `quick_check` instead of the full `integrity_check` (which
    ///   also checks every index against its table and reads the whole file).
    /// - Throws: `StoreError` `.unusable` when the file is missing or not a database.
    public static func inspect(path: String, quick: Bool = false) throws -> DatabaseInspection {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.unusable, "there is no database at \(path); run `meyasu init`, or restore one with `meyasu restore`.")
        }
        func size(_ file: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
        }
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let applied = try db.tableExists("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") : []
                let integrity = try String.fetchAll(db, sql: quick ? "PRAGMA quick_check(10)" : "PRAGMA integrity_check(10)")
                let fingerprint = try db.tableExists("workspace_meta")
                    ? try String.fetchOne(db, sql: "SELECT value FROM workspace_meta WHERE name = ?",
                                          arguments: [MeyasuStore.keyFingerprintName])
                    : nil
                let counts = try db.tableExists("proposal") ? try MeyasuStore.counts(db) : (0, 0)
                let derivedPending = applied.contains("v6-derived-index") ? try MeyasuStore.derivedPending(db) : nil
                var last: LastImport?
                if try db.tableExists("import_batch"),
                   let row = try Row.fetchOne(db, sql: """
                       SELECT kind, file_name, finished_at, rows_read, imported, already_present, conflicts, bad_rows
                       FROM import_batch ORDER BY id DESC LIMIT 1
                       """) {
                    var counts = ImportCounts()
                    counts.rowsRead = row["rows_read"]
                    counts.imported = row["imported"]
                    counts.alreadyPresent = row["already_present"]
                    counts.conflicts = row["conflicts"]
                    counts.badRows = row["bad_rows"]
                    last = LastImport(kind: row["kind"], fileName: row["file_name"], finishedAt: row["finished_at"], counts: counts)
                }
                return DatabaseInspection(
                    applied: applied, known: StoreMigrations.migrator.migrations, integrity: integrity,
                    keyFingerprint: fingerprint, walBytes: size(path + "-wal"), databaseBytes: size(path),
                    proposals: counts.0, surveyResponses: counts.1, lastImport: last, derivedPending: derivedPending)
            }
        } catch let error as DatabaseError {
            throw MeyasuStore.translate(error, name: name)
        }
    }
}
