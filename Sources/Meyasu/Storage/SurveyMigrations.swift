import GRDB

/// The survey's tables, registered after the proposals' (a released migration is never edited).
///
/// One row per response, with the answers as small integers in fixed slots rather than a row
/// per answer: the summary reads every response of a year at once, and a row per answer would
/// multiply a million-response year by the number of questions. `survey_question` says which
/// question id each slot holds, so a new form with other questions needs no new table. The
/// breakdown dimensions are ids into `survey_band`, which keeps each band's label once.
enum SurveyMigrations {
    /// How many answer slots a response row has (`a1` … `a16`).
    static let answerSlots = 16

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-survey") { db in
            let slots = (1...answerSlots).map { "a\($0) INTEGER CHECK (a\($0) BETWEEN 1 AND 5)," }
                .joined(separator: "\n                    ")
            try db.execute(sql: """
                CREATE TABLE survey_question (
                    slot INTEGER PRIMARY KEY CHECK (slot BETWEEN 1 AND \(answerSlots)),  -- the answer column aN
                    question TEXT NOT NULL UNIQUE,      -- the form profile's question id, e.g. Q1
                    wording TEXT NOT NULL               -- the question as asked (the profile's label)
                );
                CREATE TABLE survey_band (
                    id INTEGER PRIMARY KEY,
                    dimension TEXT NOT NULL,            -- bureau | department | age | gender | job | position
                    label TEXT NOT NULL,                -- the band as the form writes it; a 課 by its code
                    UNIQUE (dimension, label)
                );
                CREATE TABLE survey_response (
                    id INTEGER PRIMARY KEY,
                    response_key BLOB NOT NULL UNIQUE,  -- HMAC-SHA256 of 回答ID (32 bytes)
                    content_sha256 BLOB NOT NULL,       -- keyed hash of the response as read (32 bytes)
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                    fiscal_year INTEGER NOT NULL,       -- 年度 (April to March) by its first year; nothing finer is kept
                    bureau INTEGER REFERENCES survey_band(id),      -- NULL: not answered
                    department INTEGER REFERENCES survey_band(id),
                    age INTEGER REFERENCES survey_band(id),
                    gender INTEGER REFERENCES survey_band(id),
                    job INTEGER REFERENCES survey_band(id),
                    position INTEGER REFERENCES survey_band(id),
                    \(slots)
                    comment TEXT                        -- free text with identifiers redacted; NULL when empty
                );
                CREATE INDEX survey_response_year ON survey_response(fiscal_year);
                CREATE TABLE indicator_figure (
                    id INTEGER PRIMARY KEY,
                    indicator TEXT NOT NULL,            -- the id in indicators.yaml
                    part TEXT NOT NULL DEFAULT '',      -- for an indicator with parts (男性, 女性); '' otherwise
                    fiscal_year INTEGER NOT NULL,
                    value TEXT NOT NULL,                -- the figure exactly as written (a decimal)
                    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
                    UNIQUE (indicator, part, fiscal_year)
                );
                """)
        }
    }
}
