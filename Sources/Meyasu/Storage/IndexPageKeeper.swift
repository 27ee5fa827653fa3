import GRDB

/// Keeps a table's own indexes in SQLite's page cache while a large import fills the table, so
/// that each of their pages is written to the WAL once, at the commit.
///
/// When the import's dirty pages fill the cache, SQLite writes the least recently used of them
/// to the WAL (a spill). The table's rows are appended: a full leaf is never read again and is
/// the right page to spill. An index page is different: a leaf of `proposal_queue` that no row
/// has reached for a while is still changed now and then, when its neighbour splits. Spilled and
/// then changed again, it is written over its first frame in the WAL, and SQLite must then read
/// back every frame from that one to the end at the commit to compute their checksums again: at
/// 100,000 rows, 15,400 frames (250 MB), about 0.25 s of the import's single-threaded end
/// (Benchmarks/README.md). Walking the indexes now and then puts their pages at the front of
/// the cache's list, so the spills take only the rows' pages.
///
/// Only the indexes created with their own statement are walked: an index behind a constraint
/// (the response key's `UNIQUE`) is on random keys, and every row reaches all of its leaves.
/// The walk is a hint to the cache; it changes nothing in the database.
struct IndexPageKeeper {
    /// The statement that walks each index.
    private let walks: [Statement]
    /// `PRAGMA page_count`: the database's size in pages, uncommitted pages included.
    private let pageCount: Statement
    /// Rows between two looks at the database's size.
    private let rowsPerLook: Int
    /// New pages after which the indexes are walked: half the cache, so that no index page can
    /// be the least recently used of the dirty pages when a spill comes.
    private let pagesPerWalk: Int
    /// The table's row count above which the indexes are left alone: they would then take more
    /// than a third of the cache (`bytesPerRow` a row), and walking them would push out as much.
    private let rowLimit: Int
    /// The table's rows, at most (its largest rowid at the start, and the rows added since).
    private var rows: Int
    private var rowsUntilLook: Int
    private var pagesAtWalk: Int
    /// How many times the indexes were walked (for the tests).
    private(set) var walkCount = 0

    /// The index bytes a row takes, measured for the proposal table: its two queue indexes take
    /// 529 pages of 16 KiB for 100,000 proposals (`dbstat`), 87 bytes a row.
    static let bytesPerRow = 87

    /// - Parameters:
    ///   - table: the table the import fills (a name from the schema, not from input).
    ///   - rowsPerLook: rows between two looks at the database's size.
    init(db: Database, table: String, rowsPerLook: Int = 256) throws {
        // Each index with its first column (NULL for an expression: rowid then stands in).
        let indexes = try Row.fetchAll(db, sql: """
            SELECT index_.name, coalesce(column_.name, 'rowid') FROM sqlite_schema AS index_
            JOIN pragma_index_info(index_.name) AS column_ ON column_.seqno = 0
            WHERE index_.type = 'index' AND index_.tbl_name = ? AND index_.sql IS NOT NULL ORDER BY index_.name
            """, arguments: [table])
        walks = try indexes.map { index in
            let name: String = index[0]
            let first: String = index[1]
            // A scan of the whole index that reads no column but the first, and that count(*)
            // alone would not do (SQLite counts through the smallest index, whatever is named).
            return try db.makeStatement(sql: """
                SELECT count(*) FROM \(table.quotedDatabaseIdentifier) INDEXED BY \(name.quotedDatabaseIdentifier)
                WHERE \(first.quotedDatabaseIdentifier) IS NOT NULL
                """)
        }
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        // A negative cache size is in KiB, a positive one in pages.
        let cacheBytes = cacheSize < 0 ? -cacheSize * 1024 : cacheSize * pageSize
        pagesPerWalk = max(1, cacheBytes / pageSize / 2)
        rowLimit = cacheBytes / 3 / Self.bytesPerRow
        self.rowsPerLook = max(1, rowsPerLook)
        // The largest rowid is one B-tree descent; a count would read a whole index.
        rows = try Int.fetchOne(db, sql: "SELECT max(rowid) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        rowsUntilLook = self.rowsPerLook
        pageCount = try db.makeStatement(sql: "PRAGMA page_count")
        pagesAtWalk = try Int.fetchOne(pageCount) ?? 0
    }

    /// Counts a row just added, and walks the indexes when the database has grown by
    /// `pagesPerWalk` pages since the last walk.
    mutating func added() throws {
        rows += 1
        rowsUntilLook -= 1
        guard rowsUntilLook == 0 else { return }
        rowsUntilLook = rowsPerLook
        guard !walks.isEmpty, rows <= rowLimit else { return }
        let pages = try Int.fetchOne(pageCount) ?? 0
        guard pages - pagesAtWalk >= pagesPerWalk else { return }
        for walk in walks { _ = try Int.fetchOne(walk) }
        pagesAtWalk = pages
        walkCount += 1
    }
}
