import Foundation
import GRDB

/// Writes one survey file's responses, problems and batch record inside the import's transaction.
public final class SurveyBatchWriter {
    private let db: Database
    /// The batch row and its row problems.
    public let batch: ImportBatchRecorder
    /// For each likert column of the profile (in order), its answer slot 1…16.
    private let slots: [Int]
    /// Band ids already looked up or created, by dimension and label.
    private var bandIDs: [SurveyDimension: [String: Int64]] = [:]

    /// Records the batch and finds (or assigns) the answer slot of each question.
    /// - Parameter questions: the profile's likert columns in order: question id and wording.
    /// - Throws: `IngestError` `.badHeader` when the database has no free slot for a new question id.
    public init(db: Database, fileName: String, fileSize: Int, encoding: String, profile: String,
                startedAt: Date, questions: [(id: String, wording: String)]) throws {
        self.db = db
        batch = try ImportBatchRecorder(db: db, kind: "survey", fileName: fileName, fileSize: fileSize,
                                        encoding: encoding, profile: profile, startedAt: startedAt)
        var known: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT slot, question FROM survey_question") {
            known[row["question"]] = row["slot"]
        }
        var slots: [Int] = []
        for question in questions {
            if let slot = known[question.id] {
                try db.execute(sql: "UPDATE survey_question SET wording = ? WHERE slot = ?", arguments: [question.wording, slot])
                slots.append(slot)
                continue
            }
            guard let free = (1...SurveyMigrations.answerSlots).first(where: { !known.values.contains($0) }) else {
                throw IngestError(.badHeader, "\(fileName): the database already holds \(SurveyMigrations.answerSlots) survey questions, the most it can, and this export's question \(question.id) is not one of them; reuse the existing question ids in the form profile.")
            }
            try db.execute(sql: "INSERT INTO survey_question (slot, question, wording) VALUES (?, ?, ?)",
                           arguments: [free, question.id, question.wording])
            known[question.id] = free
            slots.append(free)
        }
        self.slots = slots
        for row in try Row.fetchAll(db, sql: "SELECT id, dimension, label FROM survey_band") {
            if let dimension = SurveyDimension(rawValue: row["dimension"]) {
                bandIDs[dimension, default: [:]][row["label"]] = row["id"]
            }
        }
    }

    private func bandID(_ dimension: SurveyDimension, _ label: String?) throws -> Int64? {
        guard let label else { return nil }
        if let id = bandIDs[dimension]?[label] { return id }
        try db.execute(sql: "INSERT INTO survey_band (dimension, label) VALUES (?, ?)", arguments: [dimension.rawValue, label])
        let id = db.lastInsertedRowID
        bandIDs[dimension, default: [:]][label] = id
        return id
    }

    /// Stores `response` unless its 回答ID is already there.
    /// - Returns: `.alreadyPresent` for the same content, `.conflict` for different content
    ///   under the same 回答ID (the stored one is kept untouched).
    public func add(_ response: SurveyResponse) throws -> InsertOutcome {
        let columns = SurveyDimension.allCases.map(\.rawValue).joined(separator: ", ")
        let answers = (1...SurveyMigrations.answerSlots).map { "a\($0)" }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: 4 + SurveyDimension.allCases.count + SurveyMigrations.answerSlots + 1)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO survey_response (response_key, content_sha256, batch_id, fiscal_year, \(columns), \(answers), comment)
            VALUES (\(placeholders.joined(separator: ", ")))
            ON CONFLICT(response_key) DO NOTHING
            """)
        var bySlot = [UInt8](repeating: 0, count: SurveyMigrations.answerSlots)
        for (index, answer) in response.answers.enumerated() { bySlot[slots[index] - 1] = answer }
        var bands: [Int64?] = []
        for dimension in SurveyDimension.allCases { bands.append(try bandID(dimension, response.group(dimension))) }
        var row = try BoundStatement(insert)
        row.bind(response.responseKey)
        row.bind(response.contentHash)
        row.bind(batch.batchID)
        row.bind(response.fiscalYear)
        for band in bands { row.bind(band) }
        for answer in bySlot { row.bind(answer == 0 ? nil : Int64(answer)) }
        row.bind(response.comment)
        try row.execute(in: db)
        return try db.insertOutcome(table: "survey_response", responseKey: response.responseKey, contentHash: response.contentHash)
    }
}
