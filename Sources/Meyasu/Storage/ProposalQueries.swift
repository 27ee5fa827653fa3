import GRDB

/// Where a proposal's answer stands.
public enum AnswerState: String, Sendable, Equatable, Codable {
    /// No answer drafted yet.
    case none
    /// Drafted, not yet visible to staff.
    case draft
    /// Published: every member of staff sees it (it may have a newer draft).
    case published
}

/// A proposal as queues and lists show it.
public struct ProposalSummary: Sendable, Equatable {
    public var id: Int64
    public var submittedOn: String
    public var department: String
    public var status: String
    public var title: String
    public var choices: [ProposalSubmission.ChoiceField]
    public var hasAttachment: Bool
    public var answer: AnswerState = .none
}

/// A proposal with everything a department reads.
public struct ProposalDetail: Sendable, Equatable {
    public var summary: ProposalSummary
    public var titleKey: String
    public var texts: [ProposalSubmission.TextField]
    /// The key forms of the texts, one line per field in form order.
    public var bodyKey: String
    /// How the router placed it on arrival (nil for proposals imported before routing existed).
    public var routing: RoutingDecision?
    /// Hand-overs and other changes, oldest first.
    public var events: [ProposalEvent] = []
    public var routingHint: String?
    /// The published answer, if any.
    public var publishedAnswer: String?
    /// The latest draft, if any (shown only to the department and the scheme's office).
    public var draftAnswer: String?
    /// Likely duplicates among the other proposals.
    public var similar: [SimilarProposal] = []
}

/// Which proposals to list.
public struct ProposalFilter: Sendable, Equatable {
    public enum Order: Sendable, Equatable {
        /// The queue: newest first (by submission date, then id); with search words, most
        /// recently received first (by id), which lets a page of a common word stop early.
        case newestFirst
        /// By department, then oldest first: what `stale` shows.
        case departmentOldestFirst
    }

    public var department: String?
    public var status: String?
    public var limit: Int?
    /// Rows to skip before the first (pages of `limit`).
    public var offset = 0
    /// Words in key form that must all occur in the title's or the texts' key form
    /// (`ProposalSearch.words`); three characters or more use the trigram index.
    public var words: [String] = []
    /// Submitted on or after / on or before (YYYY-MM-DD).
    public var from: String?
    public var through: String?
    /// Only proposals without a published answer.
    public var unanswered = false
    public var order = Order.newestFirst
    /// False leaves `choices` empty (a page that does not show them skips reading them).
    public var includeChoices = true

    public init(department: String? = nil, status: String? = nil, limit: Int? = nil, offset: Int = 0,
                words: [String] = [], from: String? = nil, through: String? = nil, unanswered: Bool = false,
                order: Order = .newestFirst) {
        self.department = department
        self.status = status
        self.limit = limit
        self.offset = offset
        self.words = words
        self.from = from
        self.through = through
        self.unanswered = unanswered
        self.order = order
    }
}

extension MeyasuStore {
    /// Proposals matching `filter`, in its order.
    public func proposals(_ filter: ProposalFilter) throws -> [ProposalSummary] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        for (condition, value) in [("p.department = ?", filter.department), ("p.status = ?", filter.status),
                                   ("p.submitted_on >= ?", filter.from), ("p.submitted_on <= ?", filter.through)] {
            guard let value else { continue }
            conditions.append(condition)
            arguments += [value]
        }
        if filter.unanswered { conditions.append("a.published_at IS NULL") }
        for word in filter.words {
            conditions.append("(instr(p.title_key, ?) > 0 OR instr(p.body_key, ?) > 0)")
            arguments += [word, word]
        }
        var sql = """
            SELECT p.id, p.submitted_on, p.department, p.status, p.title, \(filter.includeChoices ? "p.choices" : "NULL") AS choices, p.has_attachment,
                a.published_at IS NOT NULL AS published, a.draft_text IS NOT NULL AS drafted
            """
        let indexed = filter.words.filter { $0.unicodeScalars.count >= 3 }
        if !indexed.isEmpty {
            // The trigram index is the outer loop, newest (highest id) first, so a page stops
            // after its 50 hits however common the word: it yields the proposals holding every
            // trigram of every word, and instr() above checks that the words themselves occur.
            sql += " FROM proposal_fts f CROSS JOIN proposal p ON p.id = f.rowid"
            conditions.insert("proposal_fts MATCH ?", at: 0)
            arguments = [ProposalSearch.matchExpression(indexed)] + arguments
        } else {
            sql += " FROM proposal p"
        }
        sql += " LEFT JOIN proposal_answer a ON a.proposal_id = p.id"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        switch filter.order {
        case .newestFirst where !indexed.isEmpty: sql += " ORDER BY f.rowid DESC"
        case .newestFirst where !filter.words.isEmpty: sql += " ORDER BY p.id DESC"
        case .newestFirst: sql += " ORDER BY p.submitted_on DESC, p.id DESC"
        case .departmentOldestFirst: sql += " ORDER BY p.department, p.submitted_on, p.id"
        }
        if let limit = filter.limit {
            sql += " LIMIT ? OFFSET ?"
            arguments += [limit, filter.offset]
        } else if filter.offset > 0 {
            sql += " LIMIT -1 OFFSET ?"
            arguments += [filter.offset]
        }
        // A search reads the trigram index: catch it up first. A list without one reads no index.
        let fetch = { (db: Database) in
            // Cached: a portal serves the same few shapes of this query many times a second.
            // Columns by position, in the SELECT's order: GRDB lowercases a name for every lookup.
            try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments).map { row in
                let published: Bool = row[7]
                let drafted: Bool = row[8]
                return ProposalSummary(
                    id: row[0], submittedOn: row[1], department: row[2], status: row[3], title: row[4],
                    choices: ProposalColumns.decodeChoices(row[5]), hasAttachment: row[6],
                    answer: published ? .published : (drafted ? .draft : .none))
            }
        }
        return try indexed.isEmpty ? read(fetch) : readCaughtUp(fetch)
    }

    /// How many proposals each department holds (departments with none are absent).
    public func proposalCountsByDepartment() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT department, COUNT(*) AS n FROM proposal GROUP BY department") {
                counts[row["department"]] = row["n"]
            }
            return counts
        }
    }

    /// One proposal with its free-text fields, or nil when there is no such id.
    public func proposal(id: Int64) throws -> ProposalDetail? {
        let detail = try read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, submitted_on, department, status, title, title_key, texts, body_key, choices, routing_hint,
                    has_attachment, routing
                FROM proposal WHERE id = ?
                """, arguments: [id]).map { row in
                ProposalDetail(
                    summary: ProposalSummary(
                        id: row["id"], submittedOn: row["submitted_on"], department: row["department"],
                        status: row["status"], title: row["title"],
                        choices: ProposalColumns.decodeChoices(row["choices"]), hasAttachment: row["has_attachment"]),
                    titleKey: row["title_key"], texts: ProposalColumns.decodeTexts(row["texts"]),
                    bodyKey: row["body_key"], routing: RoutingDecision.fromColumn(row["routing"]), routingHint: row["routing_hint"])
            }
        }
        guard var detail else { return nil }
        detail.events = try proposalEvents(id: id)
        if let state = try proposalState(id: id) {
            detail.publishedAnswer = state.publishedAnswer
            detail.draftAnswer = state.draftAnswer
            detail.summary.answer = state.publishedAnswer != nil ? .published : (state.draftAnswer != nil ? .draft : .none)
        }
        detail.similar = try similarProposals(id: id)
        return detail
    }

    /// The number of stored proposals.
    public func proposalCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") ?? 0 }
    }
}

/// The JSON columns of a proposal row.
public struct ProposalColumns: Sendable {
    /// `proposal.texts` as UTF-8 JSON: `[{"field","label","text"}]`.
    public var texts: [UInt8] = []
    /// `proposal.choices` as UTF-8 JSON: `[{"field","label","values"}]`.
    public var choices: [UInt8] = []

    /// Written straight into byte buffers (building strings per value would copy every text
    /// twice more, at a million rows), each field read where it is (by index: a loop over the
    /// fields would copy each, a retain and a release of every string in it).
    public init(_ submission: borrowing ProposalSubmission) {
        let fields = submission.texts
        texts.reserveCapacity(fields.reduce(64) { $0 + $1.text.utf8.count + 64 })
        texts.append(0x5B)
        for index in fields.indices {
            if index > 0 { texts.append(0x2C) }
            Self.member("{\"field\":", fields[index].field, &texts)
            Self.member(",\"label\":", fields[index].label, &texts)
            Self.member(",\"text\":", fields[index].text, &texts)
            texts.append(0x7D)
        }
        texts.append(0x5D)
        let options = submission.choices
        choices.reserveCapacity(128)
        choices.append(0x5B)
        for index in options.indices {
            if index > 0 { choices.append(0x2C) }
            Self.member("{\"field\":", options[index].field, &choices)
            Self.member(",\"label\":", options[index].label, &choices)
            UTF8Bytes.append(",\"values\":[", to: &choices)
            let values = options[index].values
            for value in values.indices {
                if value > 0 { choices.append(0x2C) }
                JSONText.appendQuoted(values[value], to: &choices)
            }
            UTF8Bytes.append("]}", to: &choices)
        }
        choices.append(0x5D)
    }

    /// `lead` (the punctuation and the key), then `value` quoted.
    @inline(__always)
    private static func member(_ lead: StaticString, _ value: String, _ out: inout [UInt8]) {
        UTF8Bytes.append(lead, to: &out)
        JSONText.appendQuoted(value, to: &out)
    }

    static func decodeTexts(_ text: String?) -> [ProposalSubmission.TextField] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ProposalSubmission.TextField].self, from: data)) ?? []
    }

    static func decodeChoices(_ text: String?) -> [ProposalSubmission.ChoiceField] {
        guard let text else { return [] }
        if let choices = ChoicesJSON.decode(text.utf8) { return choices }
        guard let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ProposalSubmission.ChoiceField].self, from: data)) ?? []
    }
}

import Foundation
