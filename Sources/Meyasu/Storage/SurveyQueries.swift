import Dispatch
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

extension MeyasuStore {
    /// The fiscal years with survey responses, in order: one index step per year, whatever the
    /// number of responses.
    public func surveyYearList() throws -> [Int] {
        try read { db in
            var years: [Int] = []
            while let year = try Int.fetchOne(db, sql: "SELECT MIN(fiscal_year) FROM survey_response WHERE fiscal_year > ?",
                                              arguments: [years.last ?? Int.min]) {
                years.append(year)
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

    /// One fiscal year's responses collapsed to their combinations of groups, in one pass, and
    /// (when `comments`) the year's comments with the 課 band they were given under (0: none).
    ///
    /// The hot path of `meyasu survey summary`: the columns are read straight from SQLite's
    /// statement (a million rows, fourteen small integers each) rather than through GRDB's rows,
    /// and a large year is read as two halves of its rows at once, on two read connections.
    public func surveyYear(_ year: Int, comments: Bool = false) throws -> (cube: SurveyCube, comments: [(department: Int32, text: String)]) {
        let (slots, range) = try read { db in
            (try surveyQuestionSlots(db),
             try Row.fetchOne(db, sql: "SELECT MIN(id), MAX(id) FROM survey_response WHERE fiscal_year = ?", arguments: [year]))
        }
        let questions = slots.map(\.question)
        guard let range, let low = range[0] as Int64?, let high = range[1] as Int64? else {
            return (SurveyCube.Builder(year: year, questions: questions).build(), [])
        }
        let parts = high - low > 100_000 ? 2 : 1
        let step = (high - low) / Int64(parts) + 1
        let results = Mutex<[Int: Result<(SurveyCube.Builder, [(department: Int32, text: String)]), StoreError>]>([:])
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let first = low + Int64(part) * step
            let result: Result<(SurveyCube.Builder, [(department: Int32, text: String)]), StoreError>
            do {
                result = .success(try read { db in
                    try scanYear(db, year: year, ids: first...min(high, first + step - 1), slots: slots.map(\.slot),
                                 questions: questions, comments: comments)
                })
            } catch let error as StoreError {
                result = .failure(error)
            } catch {
                result = .failure(StoreError(.unusable, "\(displayName) could not be read; nothing was changed."))
            }
            results.withLock { $0[part] = result }
        }
        var builder = SurveyCube.Builder(year: year, questions: questions)
        var texts: [(department: Int32, text: String)] = []
        for part in 0..<parts {
            let (partBuilder, partTexts) = try results.withLock { $0[part]! }.get()
            builder.merge(partBuilder)
            texts += partTexts
        }
        return (builder.build(), texts)
    }

    /// The responses of `year` whose ids are in `ids`, counted into a cube builder.
    private func scanYear(_ db: Database, year: Int, ids: ClosedRange<Int64>, slots: [Int], questions: [SurveyQuestion],
                          comments: Bool) throws -> (SurveyCube.Builder, [(department: Int32, text: String)]) {
        let dimensions = SurveyDimension.allCases.map(\.rawValue).joined(separator: ", ")
        let answers = slots.map { ", a\($0)" }.joined()
        // Pages mapped rather than copied into the page cache: the whole year is read once.
        try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        // `+fiscal_year`: walk the rows by id (one sequential pass) rather than through the year's index.
        let statement = try db.makeStatement(sql: """
            SELECT \(dimensions)\(answers)\(comments ? ", comment" : "") FROM survey_response
            WHERE id BETWEEN ? AND ? AND +fiscal_year = ?
            """)
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, ids.lowerBound)
        sqlite3_bind_int64(handle, 2, ids.upperBound)
        sqlite3_bind_int64(handle, 3, Int64(year))
        var builder = SurveyCube.Builder(year: year, questions: questions)
        var texts: [(department: Int32, text: String)] = []
        let first = Int32(SurveyDimension.allCases.count)
        let commentColumn = first + Int32(slots.count)
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
            }
            // A NULL column reads as 0: "no answer" for a band, blank for an answer.
            builder.add(groups: (sqlite3_column_int(handle, 0), sqlite3_column_int(handle, 1), sqlite3_column_int(handle, 2),
                                 sqlite3_column_int(handle, 3), sqlite3_column_int(handle, 4), sqlite3_column_int(handle, 5))) {
                Int(sqlite3_column_int(handle, first + Int32($0)))
            }
            if comments, let text = sqlite3_column_text(handle, commentColumn) {
                texts.append((sqlite3_column_int(handle, 1), String(cString: text)))
            }
        }
        return (builder, texts)
    }

    /// One fiscal year's responses collapsed to their combinations of groups.
    public func surveyCube(year: Int) throws -> SurveyCube {
        try surveyYear(year).cube
    }

    /// The whole year's answers per question for every year with responses, except `skipping`
    /// (years whose cube the caller already has).
    public func surveyYearTotals(skipping: Set<Int> = []) throws -> [Int: SurveyYearTotals] {
        // Through the year index, and not at all when there is nothing else to read.
        if try surveyYearList().allSatisfy(skipping.contains) { return [:] }
        return try read { db in
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
