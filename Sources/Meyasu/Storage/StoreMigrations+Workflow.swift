import GRDB

extension StoreMigrations {
    /// The proposal workflow (issue 6): answers, private notes, the events that record every
    /// change, full-text search over the key forms and the links between similar proposals.
    ///
    /// Search is an external-content FTS5 table (the text lives once, in `proposal`) with the
    /// trigram tokenizer and `detail=none`: the index keeps only which proposals hold each
    /// trigram, so it is small and cheap to fill during the import; a word is looked up as the
    /// AND of its trigrams and checked against the stored key form. The import fills it in its own
    /// transaction (`ProposalBatchWriter`), thousands of proposals per statement.
    ///
    /// Registered after `v4-workspace-meta`.
    static func registerWorkflow(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-workflow") { db in
            try db.execute(sql: """
                ALTER TABLE proposal_event ADD COLUMN from_status TEXT;
                ALTER TABLE proposal_event ADD COLUMN to_status TEXT;
                -- the answer's text for answer events (scrubbed); NULL otherwise (a note's text
                -- stays in proposal_note, private to its department)
                ALTER TABLE proposal_event ADD COLUMN text TEXT;
                CREATE TABLE proposal_answer (
                    proposal_id INTEGER PRIMARY KEY REFERENCES proposal(id) ON DELETE CASCADE,
                    draft_text TEXT,                    -- the latest draft (scrubbed); every version is in proposal_event
                    drafted_at TEXT,
                    drafted_by TEXT,
                    published_text TEXT,                -- what every member of staff sees
                    published_at TEXT,
                    published_by TEXT
                );
                CREATE INDEX proposal_answer_published ON proposal_answer(published_at) WHERE published_at IS NOT NULL;
                CREATE TABLE proposal_note (
                    id INTEGER PRIMARY KEY,
                    proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
                    owner TEXT NOT NULL,                -- the department code (or admin) that alone may read it
                    at TEXT NOT NULL,                   -- UTC, ISO 8601
                    actor TEXT NOT NULL,
                    text TEXT NOT NULL                  -- scrubbed
                );
                CREATE INDEX proposal_note_proposal ON proposal_note(proposal_id, owner);
                CREATE INDEX proposal_queue_recent ON proposal(department, submitted_on DESC, id DESC);

                -- The key forms are already case-folded, so the tokenizer need not fold again; a 4 MiB
                -- hash of pending terms (the default is 1 MiB) means fewer, larger segments to merge
                -- during a large import. Together they cut the index's cost on import by more than half.
                CREATE VIRTUAL TABLE proposal_fts USING fts5(
                    title_key, body_key, content='proposal', content_rowid='id',
                    tokenize='trigram case_sensitive 1', detail='none');
                INSERT INTO proposal_fts(proposal_fts, rank) VALUES ('hashsize', 4194304);
                CREATE TRIGGER proposal_fts_delete AFTER DELETE ON proposal BEGIN
                    INSERT INTO proposal_fts(proposal_fts, rowid, title_key, body_key)
                    VALUES ('delete', old.id, old.title_key, old.body_key);
                END;
                INSERT INTO proposal_fts(proposal_fts) VALUES ('rebuild');

                -- MinHash signature of the key forms (SimilaritySignature) and its LSH buckets. The
                -- signatures have a narrow table of their own: read back for every candidate pair,
                -- they must not cost a visit to the proposal's wide row.
                CREATE TABLE proposal_minhash (
                    proposal_id INTEGER PRIMARY KEY REFERENCES proposal(id) ON DELETE CASCADE,
                    signature BLOB NOT NULL             -- SimilaritySignature.bins little-endian 32-bit values
                );
                CREATE TABLE proposal_lsh (
                    bucket INTEGER NOT NULL,            -- hash of one band of the signature
                    proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
                    PRIMARY KEY (bucket, proposal_id)
                ) WITHOUT ROWID;
                CREATE TABLE proposal_similar (
                    proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
                    earlier_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
                    similarity REAL NOT NULL,           -- estimated Jaccard similarity of the trigram sets
                    PRIMARY KEY (proposal_id, earlier_id)
                ) WITHOUT ROWID;
                CREATE INDEX proposal_similar_earlier ON proposal_similar(earlier_id);
                """)
            // Proposals stored before this migration get their signatures and links now.
            let rows = try Row.fetchAll(db, sql: "SELECT id, title_key, body_key FROM proposal ORDER BY id")
            let linker = SimilarityLinker()
            for row in rows {
                let signature = SimilaritySignature(title: row["title_key"], body: row["body_key"])
                try linker.add(proposal: row["id"], signature: signature, in: db)
            }
            try linker.flush(in: db)
        }
    }
}
