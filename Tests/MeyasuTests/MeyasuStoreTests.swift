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

    @Test("A large transaction, written to disk while it runs, commits and rolls back as any other")
    func largeTransaction() throws {
        let folder = TemporaryFolder()
        let path = folder.url.appendingPathComponent("m.sqlite").path
        let store = try MeyasuStore(path: path)
        let insert = "INSERT INTO workspace_meta (name, value) VALUES (?, ?)"
        try store.transaction(large: true) { db in
            for index in 0..<2_000 {
                try db.execute(sql: insert, arguments: ["kept-\(index)", String(repeating: "x", count: 1_000)])
            }
            Thread.sleep(forTimeInterval: 0.5)  // long enough for the writeback thread to sync
        }
        try store.transaction(commit: false, large: true) { db in
            try db.execute(sql: insert, arguments: ["rolled-back", "x"])
        }
        let reopened = try MeyasuStore(path: path)
        let names = try reopened.read { db in try String.fetchAll(db, sql: "SELECT name FROM workspace_meta") }
        #expect(names.filter { $0.hasPrefix("kept-") }.count == 2_000)
        #expect(!names.contains("rolled-back"))
    }

    @Test("The database is in WAL mode")
    func wal() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore(path: folder.url.appendingPathComponent("m.sqlite").path)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }
}
