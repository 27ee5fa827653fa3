import Foundation
import GRDB
import Testing
@testable import Meyasu

@Suite("MeyasuStore")
struct MeyasuStoreTests {
    @Test("A database from a newer Meyasu is refused with a sentence")
    func newerSchema() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("m.sqlite").path
        let store = try MeyasuStore(path: path)
        try store.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        let error = try #require(throws: StoreError.self) { try MeyasuStore(path: path) }
        #expect(error.message.contains("newer version"))
    }

    @Test("A file that is not a database is refused, naming it")
    func notADatabase() throws {
        let folder = TemporaryFolder()
        let path = folder.write("junk.sqlite", utf8: String(repeating: "not sqlite ", count: 200))
        let error = try #require(throws: StoreError.self) { try MeyasuStore(path: path) }
        #expect(error.message.contains("junk.sqlite"))
    }

    @Test("A second writer waits, then fails with 'busy' rather than corrupting anything")
    func busy() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("m.sqlite").path
        let first = try MeyasuStore(path: path, busyTimeout: 0.2)
        let second = try MeyasuStore(path: path, busyTimeout: 0.2)
        try first.transaction { _ in
            let error = try #require(throws: StoreError.self) {
                try second.transaction { db in try db.execute(sql: "DELETE FROM proposal") }
            }
            #expect(error.code == .busy)
            #expect(error.message.contains("busy"))
        }
        #expect(try second.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    @Test("The database is in WAL mode")
    func wal() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore(path: folder.url.appendingPathComponent("m.sqlite").path)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }
}
