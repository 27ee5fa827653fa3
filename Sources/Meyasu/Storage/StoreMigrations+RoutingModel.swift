import GRDB

extension StoreMigrations {
    /// The router's trained model, kept so that a command that routes need not train it again
    /// while the examples, the departments and the settings stay the same (its fingerprint says
    /// so). One row; nothing in it is needed to rebuild it, so a backup may carry it or not.
    static func registerRoutingModel(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-routing-model") { db in
            try db.execute(sql: """
                CREATE TABLE routing_model (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    fingerprint BLOB NOT NULL,          -- ProposalRouter.fingerprint (SHA-256)
                    model BLOB NOT NULL,                -- ProposalRouter.TrainedModel.data
                    created_at TEXT NOT NULL
                );
                """)
        }
    }
}
