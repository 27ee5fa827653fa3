import Foundation
import GRDB
@testable import Meyasu
import MeyasuSamples
import Testing

@Suite("Backup, restore, key binding and upgrades")
struct MaintenanceTests {
    /// A file store holding `rows` imported proposals.
    static func store(in folder: TemporaryFolder, name: String = "meyasu.sqlite", rows: Int) throws -> MeyasuStore {
        let store = try MeyasuStore(path: folder.url.appendingPathComponent(name).path, busyTimeout: 2)
        if rows > 0 {
            let lines = (1...rows).map { Fixtures.row("R\($0)", title: "提案\($0)の件名") }
            let file = folder.write("export-\(rows).csv", utf8: ([Fixtures.header] + lines).joined(separator: "\r\n") + "\r\n")
            _ = try Fixtures.importer(store).importFile(at: file)
        }
        return store
    }

    /// A connection set up as the first release set up its database (16 KiB pages).
    static var firstRelease: Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = 16384") }
        return configuration
    }

    static func count(_ store: MeyasuStore) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal")! }
    }

    @Test("A backup is one consistent file: a write still open when it starts is not in it, and it passes SQLite's check")
    func backupIsASnapshot() throws {
        let folder = TemporaryFolder()
        let store = try Self.store(in: folder, rows: 20)
        let started = DispatchSemaphore(value: 0)
        let finish = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let writer = Thread {
            // A write in progress: rows deleted but not committed while the backup runs.
            try? store.transaction { db in
                try db.execute(sql: "DELETE FROM proposal WHERE id > 5")
                started.signal()
                finish.wait()
            }
            done.signal()
        }
        writer.start()
        started.wait()
        let url = folder.url.appendingPathComponent("backup.sqlite")
        let report = try store.backup(to: url)
        finish.signal()
        done.wait()
        #expect(report.proposals == 20)
        let copy = try DatabaseQueue(path: url.path)
        #expect(try copy.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
        #expect(try copy.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "delete")
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))
        // No partial file is left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(!names.contains { $0.contains("partial") })
        // An existing file is kept unless replacing is asked for.
        #expect(throws: StoreError.self) { try store.backup(to: url) }
        #expect(try store.backup(to: url, replace: true).proposals == 5)
    }

    @Test("Restore brings back the backup's content and keeps the database as it was beside it")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        let store = try Self.store(in: folder, rows: 12)
        try store.checkKey(Fixtures.keyer, keyFileName: "meyasu.key")
        let backup = folder.url.appendingPathComponent("nightly.sqlite")
        _ = try store.backup(to: backup)
        _ = try Fixtures.importer(store).importFile(at: folder.write("more.csv", utf8: ([Fixtures.header] + (13...30).map { Fixtures.row("R\($0)") }).joined(separator: "\r\n")))
        #expect(try Self.count(store) == 30)
        let previous = folder.url.appendingPathComponent("before.sqlite")
        let report = try store.restore(from: backup, keyer: Fixtures.keyer, keyFileName: "meyasu.key", previousCopy: previous)
        #expect(report.proposals == 12 && report.upgradedBy.isEmpty)
        #expect(try Self.count(store) == 12)
        let kept = try DatabaseQueue(path: previous.path)
        #expect(try kept.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM proposal") } == 30)
        // The same export imported again after the restore adds exactly what the backup lacked.
        let again = try Fixtures.importer(store).importFile(at: folder.url.appendingPathComponent("more.csv").path)
        #expect(again.counts.imported == 18)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("Restore refuses what is not a good Meyasu backup, names the file, and leaves the database alone",
          arguments: ["missing", "text", "other-sqlite", "newer", "damaged", "page-size"])
    func restoreRefuses(kind: String) throws {
        let folder = TemporaryFolder()
        let store = try Self.store(in: folder, rows: 8)
        let file = folder.url.appendingPathComponent("\(kind).sqlite")
        switch kind {
        case "missing": break
        case "text": folder.write("\(kind).sqlite", utf8: "回答ID,件名\r\n1,x\r\n")
        case "other-sqlite":
            let other = try DatabaseQueue(path: file.path)
            try other.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
            try other.close()
        case "newer":
            _ = try store.backup(to: file)
            let copy = try DatabaseQueue(path: file.path)
            try copy.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
            try copy.close()
        case "page-size":
            // A Meyasu schema in 4 KiB pages: SQLite cannot copy it into a 16 KiB WAL database.
            let pool = try DatabasePool(path: file.path)
            try StoreMigrations.migrator.migrate(pool)
            try pool.close()
        default:
            _ = try Self.store(in: folder, name: "big.sqlite", rows: 400).backup(to: file)
            // Scribble over the middle of the file: pages of the proposal table.
            var bytes = try Data(contentsOf: file)
            for index in stride(from: bytes.count / 2, to: bytes.count / 2 + 40_000, by: 1) { bytes[index] = 0x5A }
            try bytes.write(to: file)
        }
        let previous = folder.url.appendingPathComponent("before.sqlite")
        do {
            _ = try store.restore(from: file, keyer: nil, keyFileName: "meyasu.key", previousCopy: previous)
            Issue.record("a \(kind) file was restored")
        } catch let error as StoreError {
            #expect(error.code == (kind == "missing" ? .fileUnreadable : .fileRejected))
            #expect(error.message.hasPrefix("\(kind).sqlite "), "\(error.message)")
            #expect(!error.message.contains("回答ID"))
        }
        #expect(try Self.count(store) == 8)
        #expect(!FileManager.default.fileExists(atPath: previous.path))
    }

    @Test("The database is bound to its key: another key is refused for imports and for restore unless forced")
    func keyBinding() throws {
        let folder = TemporaryFolder()
        let store = try Self.store(in: folder, rows: 3)
        let other = ResponseKeyer(secret: Array(repeating: 9, count: 32))
        #expect(other.fingerprint != Fixtures.keyer.fingerprint && other.fingerprint.count == 16)
        // A dry run checks but does not bind.
        try store.checkKey(other, keyFileName: "meyasu.key", bind: false)
        try store.checkKey(Fixtures.keyer, keyFileName: "meyasu.key")
        try store.checkKey(Fixtures.keyer, keyFileName: "meyasu.key")
        #expect(throws: ConfigError.self) { try store.checkKey(other, keyFileName: "meyasu.key") }
        let backup = folder.url.appendingPathComponent("b.sqlite")
        _ = try store.backup(to: backup)
        let elsewhere = try Self.store(in: folder, name: "elsewhere.sqlite", rows: 0)
        try elsewhere.checkKey(other, keyFileName: "meyasu.key")
        let previous = folder.url.appendingPathComponent("before.sqlite")
        #expect(throws: ConfigError.self) {
            try elsewhere.restore(from: backup, keyer: other, keyFileName: "meyasu.key", previousCopy: previous)
        }
        #expect(try Self.count(elsewhere) == 0)
        #expect(try elsewhere.restore(from: backup, keyer: other, keyFileName: "meyasu.key", previousCopy: previous, force: true).proposals == 3)
    }

    @Test("A database of the first released schema, filled, goes through every migration to the current one and loses nothing")
    func upgradeFromFirstSchema() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("old.sqlite").path
        let migrator = StoreMigrations.migrator
        let steps = migrator.migrations
        #expect(steps.first == "v1-import-proposals" && steps.count >= 4)
        let pool = try DatabasePool(path: path, configuration: Self.firstRelease)
        try migrator.migrate(pool, upTo: steps[0])
        // Rows as the first release wrote them.
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO import_batch (id, kind, file_name, file_sha256, file_size, encoding, profile, started_at,
                    finished_at, rows_read, imported, already_present, conflicts, bad_rows, redactions)
                VALUES (1, 'proposals', 'old.csv', 'ab', 10, 'utf-8', 'proposals', '2025-04-01T00:00:00Z',
                    '2025-04-01T00:00:01Z', 3, 3, 0, 0, 1, '{}');
                INSERT INTO row_problem (batch_id, line, record, column_name, kind, reason)
                VALUES (1, 5, 4, '回答日時', 'bad_row', 'the date is not a date');
                """)
            for index in 1...3 {
                try db.execute(sql: """
                    INSERT INTO proposal (response_key, content_sha256, batch_id, submitted_on, title, title_key, texts,
                        body_key, choices, routing_hint, routing_hint_key, has_attachment, department, status)
                    VALUES (?, ?, 1, '2025-04-01', ?, ?, '[{"field":"improvement","label":"改善案","text":"本文"}]',
                        '本文', '[]', NULL, NULL, 0, 'gyokan', '受付')
                    """, arguments: [Data(repeating: UInt8(index), count: 32), Data(repeating: 0, count: 32),
                                     "件名\(index)", "件名\(index)"])
            }
        }
        func snapshot(_ db: Database) throws -> [Row] {
            try Row.fetchAll(db, sql: "SELECT id, response_key, title, texts, department, submitted_on FROM proposal ORDER BY id")
        }
        let before = try pool.read(snapshot)
        // One migration at a time: nothing is lost at any step.
        for step in steps.dropFirst() {
            try migrator.migrate(pool, upTo: step)
            #expect(try pool.read(snapshot) == before, "after \(step)")
            #expect(try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM row_problem") } == 1)
        }
        try pool.close()
        // The current program opens it and reads the old proposals through today's queries.
        let store = try MeyasuStore(path: path)
        let detail = try #require(try store.proposal(id: 2))
        #expect(detail.summary.title == "件名2" && detail.texts.first?.text == "本文" && detail.routing == nil)
        #expect(try DatabaseInspection.inspect(path: path).pending.isEmpty)
    }

    @Test("A backup made before the last migrations is upgraded when restored")
    func restoreUpgrades() throws {
        let folder = TemporaryFolder()
        let old = folder.url.appendingPathComponent("old.sqlite")
        let pool = try DatabasePool(path: old.path, configuration: Self.firstRelease)
        try StoreMigrations.migrator.migrate(pool, upTo: "v1-import-proposals")
        try pool.close()
        let store = try Self.store(in: folder, rows: 2)
        let report = try store.restore(from: old, keyer: nil, keyFileName: "meyasu.key",
                                       previousCopy: folder.url.appendingPathComponent("before.sqlite"))
        #expect(report.proposals == 0)
        #expect(report.upgradedBy == Array(StoreMigrations.migrator.migrations.dropFirst()))
        #expect(try DatabaseInspection.inspect(path: folder.url.appendingPathComponent("meyasu.sqlite").path).pending.isEmpty)
    }

    @Test("doctor: all ok on a healthy workspace; a missing key, a readable key, a damaged or old database are named")
    func doctor() throws {
        let folder = TemporaryFolder()
        let config = folder.url.appendingPathComponent("meyasu.yaml")
        let workspace = try Workspace.initialize(at: config, starter: SampleFiles.directory)
        var report = workspace.doctor()
        #expect(report.worst == .ok, "\(report.checks)")
        #expect(report.checks.map(\.name) == ["database", "schema", "integrity", "wal", "search index", "last import", "key file", "key match"])

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: workspace.keyURL.path)
        report = workspace.doctor()
        #expect(report.worst == .warning && report.failedArea == nil)
        #expect(report.checks.first { $0.name == "key file" }?.detail.contains("chmod 600") == true)

        let key = try Data(contentsOf: workspace.keyURL)
        try FileManager.default.removeItem(at: workspace.keyURL)
        report = workspace.doctor(quick: true)
        #expect(report.failedArea == .configuration)
        try key.write(to: workspace.keyURL)

        // A database still on an older schema is a warning: the next command upgrades it.
        try FileManager.default.removeItem(at: workspace.databaseURL)
        let pool = try DatabasePool(path: workspace.databaseURL.path)
        try StoreMigrations.migrator.migrate(pool, upTo: "v1-import-proposals")
        try pool.close()
        report = workspace.doctor()
        #expect(report.checks.first { $0.name == "schema" }?.status == .warning)

        // Not a database at all.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: workspace.databaseURL.path + suffix) }
        try Data(repeating: 0x41, count: 8192).write(to: workspace.databaseURL)
        report = workspace.doctor()
        #expect(report.failedArea == .database)
        #expect(report.checks[0].detail.contains(workspace.databaseURL.lastPathComponent))
    }
}
