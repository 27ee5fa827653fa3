import Foundation
import GRDB
import GRDBSQLite

extension MeyasuStore {
    /// Respondents per fiscal year, for every year with survey responses.
    public func surveyYears() throws -> [Int: Int] {
        try read { db in
            var years: [Int: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT fiscal_year, COUNT(*) AS n FROM survey_response GROUP BY fiscal_year") {
                years[row["fiscal_year"]] = row["n"]
            }
            return years
        }
    }

    /// Every question the survey has had, in slot order, with its slot.
    func surveyQuestionSlots(_ db: Database) throws -> [(slot: Int, question: SurveyQuestion)] {
        try Row.fetchAll(db, sql: "SELECT slot, question, wording FROM survey_question ORDER BY slot").map { row in
            (row["slot"], SurveyQuestion(id: row["question"], wording: row["wording"]))
        }
    }

    /// Every band responses have been counted under.
    public func surveyBands() throws -> [SurveyBand] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, dimension, label FROM survey_band ORDER BY id").compactMap { row in
                SurveyDimension(rawValue: row["dimension"]).map { SurveyBand(id: row["id"], dimension: $0, label: row["label"]) }
            }
        }
    }

    /// One fiscal year's responses collapsed to their combinations of groups, in one pass.
    ///
    /// The hot loop of `meyasu survey summary`: the columns are read straight from SQLite's
    /// statement (a million rows, fourteen small integers each) rather than through GRDB's rows.
    public func surveyCube(year: Int) throws -> SurveyCube {
        try read { db in
            let slots = try surveyQuestionSlots(db)
            let dimensions = SurveyDimension.allCases.map(\.rawValue).joined(separator: ", ")
            let answers = slots.map { ", a\($0.slot)" }.joined()
            let statement = try db.makeStatement(sql: "SELECT \(dimensions)\(answers) FROM survey_response WHERE fiscal_year = ?")
            let handle = statement.sqliteStatement
            sqlite3_bind_int64(handle, 1, Int64(year))
            var builder = SurveyCube.Builder(year: year, questions: slots.map(\.question))
            let first = Int32(SurveyDimension.allCases.count)
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    let message = db.lastErrorMessage
                    sqlite3_reset(handle)
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
                }
                // A NULL column reads as 0: "no answer" for a band, blank for an answer.
                builder.add(groups: (sqlite3_column_int(handle, 0), sqlite3_column_int(handle, 1), sqlite3_column_int(handle, 2),
                                     sqlite3_column_int(handle, 3), sqlite3_column_int(handle, 4), sqlite3_column_int(handle, 5))) {
                    Int(sqlite3_column_int(handle, first + Int32($0)))
                }
            }
            sqlite3_reset(handle)
            return builder.build()
        }
    }

    /// The whole year's answers per question for every year with responses, except `skipping`
    /// (years whose cube the caller already has).
    public func surveyYearTotals(skipping: Set<Int> = []) throws -> [Int: SurveyYearTotals] {
        try read { db in
            let slots = try surveyQuestionSlots(db)
            let sums = slots.map { slot in (1...5).map { ", SUM(a\(slot.slot) = \($0))" }.joined() }.joined()
            let skip = skipping.sorted().map(String.init).joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT fiscal_year, COUNT(*)\(sums) FROM survey_response
                WHERE fiscal_year NOT IN (\(skip)) GROUP BY fiscal_year
                """)
            var out: [Int: SurveyYearTotals] = [:]
            for row in rows {
                var answers: [String: AnswerCounts] = [:]
                for (position, slot) in slots.enumerated() {
                    answers[slot.question.id] = AnswerCounts(counts: (0..<5).map { (row[2 + position * 5 + $0] as Int?) ?? 0 })
                }
                out[row[0]] = SurveyYearTotals(respondents: row[1], answers: answers)
            }
            return out
        }
    }

    /// The comments of one year, with the 課 band they were given under (NULL as 0).
    public func surveyComments(year: Int) throws -> [(department: Int32, text: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT COALESCE(department, 0) AS department, comment FROM survey_response
                WHERE fiscal_year = ? AND comment IS NOT NULL
                """, arguments: [year]).map { ($0["department"], $0["comment"]) }
        }
    }

    /// Every figure recorded with `meyasu figures import`.
    public func indicatorFigures() throws -> [IndicatorFigure] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT indicator, part, fiscal_year, value FROM indicator_figure ORDER BY id").compactMap { row in
                FixedDecimal(row["value"] as String).map {
                    IndicatorFigure(indicator: row["indicator"], part: row["part"], year: row["fiscal_year"], value: $0)
                }
            }
        }
    }
}
