import GRDB

extension StoreMigrations {
    /// The search index and the similarity links become derived data, brought up to date after the
    /// import's transaction instead of inside it (`MeyasuStore.refreshDerivedData`).
    ///
    /// `workspace_meta` row `derived_through` is the watermark: the highest proposal id whose search
    /// index entry, signature, LSH buckets and links are stored. Proposal ids only grow (a new one
    /// is one above the highest), so the proposals still to do are exactly those above it. Every
    /// database this migration meets was indexed and linked inside its imports, so the watermark
    /// starts at the highest id.
    ///
    /// The delete trigger of `v5-workflow` is replaced by one that takes a proposal out of the
    /// search index only when it is in it (removing a row FTS5 never held would damage the index)
    /// and lowers the watermark below a deleted highest id, so that the id, given again to the next
    /// proposal, is not taken for done. (Meyasu itself deletes no proposal; this keeps a deletion by
    /// hand from leaving a proposal unsearchable.)
    ///
    /// Registered after `v5-workflow`.
    static func registerDerivedIndex(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-derived-index") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO workspace_meta (name, value)
                    SELECT '\(MeyasuStore.derivedThroughName)', CAST(coalesce(max(id), 0) AS TEXT) FROM proposal;
                DROP TRIGGER proposal_fts_delete;
                CREATE TRIGGER proposal_fts_delete AFTER DELETE ON proposal BEGIN
                    INSERT INTO proposal_fts(proposal_fts, rowid, title_key, body_key)
                        SELECT 'delete', old.id, old.title_key, old.body_key
                        WHERE old.id <= (SELECT CAST(value AS INTEGER) FROM workspace_meta
                                         WHERE name = '\(MeyasuStore.derivedThroughName)');
                    UPDATE workspace_meta SET value = CAST(coalesce((SELECT max(id) FROM proposal), 0) AS TEXT)
                        WHERE name = '\(MeyasuStore.derivedThroughName)'
                          AND CAST(value AS INTEGER) > coalesce((SELECT max(id) FROM proposal), 0);
                END;
                """)
        }
    }
}
