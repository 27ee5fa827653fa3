import GRDB

extension StoreMigrations {
    /// The portal's accounts. Sessions live in the server's memory, not here: a restart signs
    /// everyone out, which is what an intranet portal of a few hundred users can afford.
    static func registerAccounts(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-accounts") { db in
            try db.execute(sql: """
                CREATE TABLE account (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    role TEXT NOT NULL CHECK (role IN ('admin', 'hr', 'department', 'staff')),
                    department TEXT,                    -- a department code, for role 'department' only
                    password_hash TEXT NOT NULL,        -- bcrypt
                    disabled INTEGER NOT NULL DEFAULT 0,
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    locked_until INTEGER,               -- Unix seconds
                    created_at TEXT NOT NULL,
                    password_changed_at TEXT NOT NULL,
                    CHECK ((role = 'department') = (department IS NOT NULL))
                );
                """)
        }
    }
}
