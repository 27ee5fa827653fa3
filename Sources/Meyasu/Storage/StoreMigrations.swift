import GRDB

/// The schema's history. A released migration is never edited: change the schema with a new one.
///
/// A proposal's free-text fields live in one JSON column of its row rather than a row each:
/// the form decides how many there are (a new form is a new profile, not a new table), every
/// reader wants them all at once, and one insert per proposal instead of four halves the time
/// of the nightly import. Search gets its own FTS table over the key forms (v5-workflow), brought up
/// to date after each import (v6-derived-index).
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-import-proposals") { db in
            try db.execute(sql: """
                CREATE TABLE import_batch (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,                 -- 'proposals' | 'survey'
                    file_name TEXT NOT NULL,            -- base name only
                    file_sha256 TEXT NOT NULL,
                    file_size INTEGER NOT NULL,
                    encoding TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    started_at TEXT NOT NULL,           -- UTC, ISO 8601
                    finished_at TEXT NOT NULL,
                    rows_read INTEGER NOT NULL,
                    imported INTEGER NOT NULL,
                    already_present INTEGER NOT NULL,
                    conflicts INTEGER NOT NULL,
                    bad_rows INTEGER NOT NULL,
                    redactions TEXT NOT NULL DEFAULT '{}'   -- JSON: identifiers redacted per kind (counts only)
                );
                CREATE TABLE row_problem (
                    id INTEGER PRIMARY KEY,
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
                    line INTEGER NOT NULL,
                    record INTEGER NOT NULL,
                    column_name TEXT,
                    kind TEXT NOT NULL,                 -- 'bad_row' | 'conflict'
                    reason TEXT NOT NULL                -- never a cell's content
                );
                CREATE INDEX row_problem_batch ON row_problem(batch_id);
                CREATE TABLE proposal (
                    id INTEGER PRIMARY KEY,
                    response_key BLOB NOT NULL UNIQUE,  -- HMAC-SHA256 of 回答ID (32 bytes)
                    content_sha256 BLOB NOT NULL,       -- SHA-256 of the stored content (32 bytes)
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                    submitted_on TEXT NOT NULL,         -- YYYY-MM-DD, coarsened
                    title TEXT NOT NULL,                -- display form
                    title_key TEXT NOT NULL,            -- key form (routing, duplicates, search)
                    texts TEXT NOT NULL,                -- JSON: [{"field","label","text"}] (display forms), form order, title excluded
                    body_key TEXT NOT NULL,             -- key forms of the texts, one line per field, form order
                    choices TEXT NOT NULL,              -- JSON: [{"field","label","values"}]
                    routing_hint TEXT,                  -- display form
                    routing_hint_key TEXT,
                    has_attachment INTEGER NOT NULL DEFAULT 0,
                    department TEXT NOT NULL,
                    status TEXT NOT NULL
                );
                CREATE INDEX proposal_queue ON proposal(department, status, submitted_on);
                """)
        }
        registerRouting(in: &migrator)
        SurveyMigrations.register(in: &migrator)
        registerMaintenance(in: &migrator)
        registerWorkflow(in: &migrator)
        registerDerivedIndex(in: &migrator)
        registerAccounts(in: &migrator)
        registerRoutingModel(in: &migrator)
        return migrator
    }
}
