import GRDB

extension StoreMigrations {
    /// Routing: each proposal's routing decision, the labelled examples the router learns from,
    /// and the history of a proposal's assignments.
    static func registerRouting(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-routing") { db in
            try db.execute(sql: """
                -- JSON: {"department","confidence","confident","candidates":[{"department","score"}],
                -- "words":[…],"hint_agreed"}; NULL for proposals imported before routing existed.
                ALTER TABLE proposal ADD COLUMN routing TEXT;
                CREATE TABLE routing_example (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,               -- 'sample' | 'train' | 'handover'
                    department TEXT NOT NULL,
                    title_key TEXT NOT NULL,            -- key forms, scrubbed: never raw text
                    body_key TEXT NOT NULL,
                    hint_key TEXT,
                    proposal_id INTEGER REFERENCES proposal(id) ON DELETE SET NULL,
                    created_at TEXT NOT NULL            -- UTC, ISO 8601
                );
                CREATE TABLE proposal_event (
                    id INTEGER PRIMARY KEY,
                    proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
                    at TEXT NOT NULL,                   -- UTC, ISO 8601
                    actor TEXT NOT NULL,                -- 'router', 'admin', a department code or an account
                    kind TEXT NOT NULL,                 -- 'assigned' (issue 6 adds status, answer and note events)
                    from_department TEXT,
                    to_department TEXT,
                    reason TEXT                         -- scrubbed
                );
                CREATE INDEX proposal_event_proposal ON proposal_event(proposal_id, id);
                """)
        }
    }
}
