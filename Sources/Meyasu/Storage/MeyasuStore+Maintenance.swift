import Foundation
import GRDB

extension ResponseKeyer {
    /// A short fingerprint of the key: the keyed hash of a fixed text, first 16 hex digits. It
    /// tells two keys apart and reveals nothing of either.
    public var fingerprint: String {
        Hex.encode(key(for: "meyasu:key-fingerprint:v1").prefix(8))
    }
}

/// What `backup` wrote.
public struct BackupReport: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var proposals: Int
    public var surveyResponses: Int
}

/// What `restore` did.
public struct RestoreReport: Sendable, Equatable {
    public var proposals: Int
    public var surveyResponses: Int
    /// Migrations the restored database lacked and were applied to it.
    public var upgradedBy: [String]
    /// Where the database as it was before the restore was kept.
    public var previousCopy: String
}

extension MeyasuStore {
    static let keyFingerprintName = "key_fingerprint"

    /// Binds the database to `keyer` on first use and refuses another key afterwards: an import
    /// under a different key would store every response of tomorrow's export a second time.
    /// - Parameters:
    ///   - keyFileName: how messages name the key file.
    ///   - bind: record the key when none is recorded yet (false for a dry run, which stores nothing).
    /// - Throws: `ConfigError` `.invalid` when the database was written with another key.
    public func checkKey(_ keyer: ResponseKeyer, keyFileName: String, bind: Bool = true) throws {
        let fingerprint = keyer.fingerprint
        func stored(_ db: Database) throws -> String? {
            try String.fetchOne(db, sql: "SELECT value FROM workspace_meta WHERE name = ?", arguments: [Self.keyFingerprintName])
        }
        // A read, and the write lock only the first time (a dry run never takes it).
        var recorded = try read(stored)
        if recorded == nil, bind {
            recorded = try transaction { db in
                try db.execute(sql: "INSERT OR IGNORE INTO workspace_meta (name, value) VALUES (?, ?)",
                               arguments: [Self.keyFingerprintName, fingerprint])
                return try stored(db)
            }
        }
        if let stored = recorded, stored != fingerprint {
            throw ConfigError(.invalid, "\(keyFileName) is not the key \(displayName) was written with (fingerprint \(fingerprint), the database expects \(stored)); put back the key file that belongs to this database, or restore the database that belongs to this key (docs/operations.md).")
        }
    }

    /// Copies the database, as one consistent snapshot, to a new single-file database at `url`
    /// with SQLite's online backup: imports and the portal go on meanwhile. The copy is written
    /// beside `url` under a temporary name, checked, and renamed, so `url` never holds half a
    /// backup.
    /// - Parameter replace: overwrite an existing file at `url`.
    /// - Throws: `StoreError` when the source cannot be read or `url` cannot be written.
    public func backup(to url: URL, replace: Bool = false) throws -> BackupReport {
        let fileManager = FileManager.default
        let name = url.lastPathComponent
        if fileManager.fileExists(atPath: url.path), !replace {
            throw StoreError(.fileRejected, "\(name) already exists; choose another name, or add --force to replace it.")
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(name).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fileManager.removeItem(at: temporary)
        defer { try? fileManager.removeItem(at: temporary) }
        do {
            let destination = try DatabaseQueue(path: temporary.path)
            try writer.backup(to: destination)
            let check = try destination.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            guard check == ["ok"] else {
                throw StoreError(.unusable, "the copy of \(displayName) did not pass SQLite's check; the database may be damaged (run `meyasu doctor`).")
            }
            let counts = try destination.read { db in try Self.counts(db) }
            // The pages came from a WAL database: make the copy one self-contained file.
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
            if replace { try? fileManager.removeItem(at: url) }
            try fileManager.moveItem(at: temporary, to: url)
            let bytes = ((try? fileManager.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
            return BackupReport(path: url.path, bytes: bytes, proposals: counts.proposals, surveyResponses: counts.responses)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_PERM {
                throw StoreError(.unusable, "the backup cannot be written to \(url.deletingLastPathComponent().path); check the folder and its permissions.")
            }
            throw Self.translate(error, name: displayName)
        } catch {
            throw StoreError(.unusable, "the backup cannot be written to \(url.deletingLastPathComponent().path); check the folder, its permissions and the free space.")
        }
    }

    /// Replaces the database's content with the backup at `url`, through SQLite's backup API
    /// into the open database (other connections see either the old or the new content, never
    /// a mix), after keeping the current content at `previousCopy`. A backup made by an older
    /// Meyasu is brought up to the current schema.
    /// - Parameters:
    ///   - keyer: the workspace's key, if its file is there: a backup written under another
    ///     key is refused unless `force`.
    /// - Throws: `StoreError` `.fileUnreadable` or `.fileRejected` for the backup file,
    ///   `ConfigError` for a key mismatch, `StoreError` `.busy`/`.unusable` for the database.
    public func restore(from url: URL, keyer: ResponseKeyer?, keyFileName: String, previousCopy: URL,
                        force: Bool = false) throws -> RestoreReport {
        let name = url.lastPathComponent
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw StoreError(.fileUnreadable, "\(name) cannot be opened; check the path and its permissions.")
        }
        let source: DatabaseQueue
        let sourceMigrations: [String]
        let sourceFingerprint: String?
        do {
            var configuration = Configuration()
            configuration.readonly = true
            source = try DatabaseQueue(path: url.path, configuration: configuration)
            let check = try source.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard check == ["ok"] else {
                throw StoreError(.fileRejected, "\(name) is damaged (SQLite's integrity check failed); restore an older backup.")
            }
            (sourceMigrations, sourceFingerprint) = try source.read { db in
                guard try db.tableExists("grdb_migrations"), try db.tableExists("proposal") else {
                    throw StoreError(.fileRejected, "\(name) is an SQLite database but not a Meyasu database; give a file written by `meyasu backup`.")
                }
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                let fingerprint = try db.tableExists("workspace_meta")
                    ? try String.fetchOne(db, sql: "SELECT value FROM workspace_meta WHERE name = ?", arguments: [Self.keyFingerprintName])
                    : nil
                return (applied, fingerprint)
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError(.fileRejected, "\(name) is not a Meyasu database (not SQLite, or damaged); give a file written by `meyasu backup`.")
        } catch let error as DatabaseError {
            throw StoreError(.fileRejected, "\(name) cannot be read as a database (\(error.resultCode)); give a file written by `meyasu backup`.")
        }
        let known = StoreMigrations.migrator.migrations
        // SQLite copies pages as they are, and a WAL database cannot change its page size.
        let pageSizes = try? (source.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") },
                              read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") })
        if let (from, to) = pageSizes, let from, let to, from != to {
            throw StoreError(.fileRejected, "\(name) uses pages of \(from) bytes and \(displayName) pages of \(to); give a file written by `meyasu backup`.")
        }
        if !Set(sourceMigrations).isSubset(of: Set(known)) {
            throw StoreError(.fileRejected, "\(name) was written by a newer version of Meyasu; upgrade meyasu before restoring it.")
        }
        if let keyer, let sourceFingerprint, sourceFingerprint != keyer.fingerprint, !force {
            throw ConfigError(.invalid, "\(name) was written with another key than \(keyFileName) (fingerprints \(sourceFingerprint) and \(keyer.fingerprint)); restore the key file that belongs to the backup first, or add --force to restore it anyway (the next import would then store every response again).")
        }
        // Keep what is there now, then copy the backup in.
        _ = try backup(to: previousCopy, replace: true)
        do {
            try source.backup(to: writer)
            try source.close()
        } catch let error as DatabaseError {
            throw Self.translate(error, name: displayName)
        }
        let upgradedBy = known.filter { !sourceMigrations.contains($0) }
        try Self.migrate(writer, name: displayName)
        let counts = try read { db in try Self.counts(db) }
        return RestoreReport(proposals: counts.proposals, surveyResponses: counts.responses, upgradedBy: upgradedBy,
                             previousCopy: previousCopy.path)
    }

    static func counts(_ db: Database) throws -> (proposals: Int, responses: Int) {
        let proposals = try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal") ?? 0
        let responses = try db.tableExists("survey_response")
            ? try Int.fetchOne(db, sql: "SELECT count(*) FROM survey_response") ?? 0
            : 0
        return (proposals, responses)
    }
}
