import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import Meyasu

@Suite("IndexPageKeeper")
struct IndexPageKeeperTests {
    /// What one transaction of `rows` proposals wrote: the pages SQLite wrote to the WAL while it
    /// ran (`SQLITE_DBSTATUS_CACHE_WRITE`: a page written again over its own frame counts twice),
    /// the frames the WAL holds after the commit, and the keeper's walks.
    struct Written {
        var pageWrites: Int
        var frames: Int
        var walks: Int
    }

    /// Adds `rows` proposals of about 8 KB in one transaction, with a page cache of `cacheKiB`
    /// (pages of 16 KiB) and a keeper that looks at the database's size every `rowsPerLook` rows.
    /// The proposals go to two departments, and every `rareEvery`th to a third; department codes
    /// of `codeLength` characters make the index rows long, so that the indexes span many leaves.
    static func fill(rows: Int, rowsPerLook: Int, cacheKiB: Int = 320, rareEvery: Int = 50, codeLength: Int = 3,
                     in folder: TemporaryFolder) throws -> Written {
        let store = try MeyasuStore(path: folder.url.appendingPathComponent("m.sqlite").path)
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
        }
        let (writes, walks) = try store.transaction { db in
            var reset: Int32 = 0
            var high: Int32 = 0
            sqlite3_db_status(db.sqliteConnection!, SQLITE_DBSTATUS_CACHE_WRITE, &reset, &high, 1)
            try db.execute(sql: """
                INSERT INTO import_batch (kind, file_name, file_sha256, file_size, encoding, profile,
                    started_at, finished_at, rows_read, imported, already_present, conflicts, bad_rows)
                VALUES ('proposals', 't.csv', '', 0, 'utf-8', 'p', '', '', 0, 0, 0, 0, 0)
                """)
            let batch = db.lastInsertedRowID
            var keeper = try IndexPageKeeper(db: db, table: "proposal", rowsPerLook: rowsPerLook)
            let insert = try db.makeStatement(sql: """
                INSERT INTO proposal (response_key, content_sha256, batch_id, submitted_on, title, title_key,
                    texts, body_key, choices, department, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let body = String(repeating: "窓口の案内を分かりやすくする。", count: 90)
            let codes = ["a", "b", "c"].map { String(repeating: $0, count: codeLength) }
            for row in 0..<rows {
                let key = Data((0..<32).map { UInt8(truncatingIfNeeded: row >> ($0 % 4 * 8)) ^ UInt8($0) })
                let department = codes[row % rareEvery == 0 ? 0 : 1 + row % 2]
                let day = String(format: "2025-%02d-%02d", 1 + row / 300 % 12, 1 + row / 10 % 28)
                try insert.execute(arguments: [key, key, batch, day, "提案 \(row)", "提案 \(row)", body, body, "[]",
                                               department, "new"])
                try keeper.added()
            }
            var writes: Int32 = 0
            sqlite3_db_status(db.sqliteConnection!, SQLITE_DBSTATUS_CACHE_WRITE, &writes, &high, 0)
            return (Int(writes), keeper.walkCount)
        }
        let frames = try store.writer.writeWithoutTransaction { db in
            try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")?[1] as Int? ?? -1
        }
        return Written(pageWrites: writes, frames: frames, walks: walks)
    }

    @Test("Walking the indexes keeps their pages from being spilled and written twice")
    func eachPageWrittenOnce() throws {
        // 80 pages of cache; the rare department's leaf is reached every 150 pages or so. Without
        // walks it is spilled, changed, and written again over its own frame: the case the
        // keeper is for (if the first expectation fails, the case no longer arises here and the
        // second proves nothing).
        let without = try Self.fill(rows: 900, rowsPerLook: .max, cacheKiB: 1_280, rareEvery: 300,
                                    codeLength: 200, in: TemporaryFolder())
        let with = try Self.fill(rows: 900, rowsPerLook: 8, cacheKiB: 1_280, rareEvery: 300,
                                 codeLength: 200, in: TemporaryFolder())
        #expect(without.walks == 0)
        #expect(with.walks > 5)
        // The same rows make the same pages, and so as many frames; without walks some of them
        // were written twice.
        #expect(with.frames == without.frames)
        #expect(without.pageWrites > with.pageWrites)
    }

    @Test("It walks only while the indexes would fit in a third of the cache")
    func stopsAboveTheRowLimit() throws {
        // 20 pages of cache: a third of 327,680 bytes for 87-byte index rows is 1,255 rows, and the
        // last look under it is at row 1,248.
        let atLimit = try Self.fill(rows: 1_255, rowsPerLook: 8, in: TemporaryFolder())
        let over = try Self.fill(rows: 2_400, rowsPerLook: 8, in: TemporaryFolder())
        #expect(atLimit.walks > 50)
        #expect(over.walks == atLimit.walks)
    }
}
