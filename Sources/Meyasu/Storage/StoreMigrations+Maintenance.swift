import GRDB

extension StoreMigrations {
    /// Facts about the workspace the database belongs to, as name/value pairs. The first is the
    /// key fingerprint: an HMAC of a fixed text under `meyasu.key`, so that an import with
    /// another key (which would store every response again as new) is refused, and `doctor`
    /// and `restore` can tell whether a database and a key file belong together. It reveals
    /// nothing of the key.
    static func registerMaintenance(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-workspace-meta") { db in
            try db.execute(sql: """
                CREATE TABLE workspace_meta (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
        }
    }
}
