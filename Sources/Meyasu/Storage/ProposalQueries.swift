import GRDB

/// A proposal as queues and lists show it.
public struct ProposalSummary: Sendable, Equatable {
    public var id: Int64
    public var submittedOn: String
    public var department: String
    public var status: String
    public var title: String
    public var choices: [ProposalSubmission.ChoiceField]
    public var hasAttachment: Bool
}

/// A proposal with everything a department reads.
public struct ProposalDetail: Sendable, Equatable {
    public var summary: ProposalSummary
    public var titleKey: String
    public var texts: [ProposalSubmission.TextField]
    public var routingHint: String?
}

/// Which proposals to list.
public struct ProposalFilter: Sendable, Equatable {
    public var department: String?
    public var status: String?
    public var limit: Int?

    public init(department: String? = nil, status: String? = nil, limit: Int? = nil) {
        self.department = department
        self.status = status
        self.limit = limit
    }
}

extension MeyasuStore {
    /// Proposals matching `filter`, newest first (then by id).
    public func proposals(_ filter: ProposalFilter) throws -> [ProposalSummary] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let department = filter.department {
            conditions.append("department = ?")
            arguments += [department]
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status]
        }
        var sql = "SELECT id, submitted_on, department, status, title, choices, has_attachment FROM proposal"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY submitted_on DESC, id DESC"
        if let limit = filter.limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                ProposalSummary(
                    id: row["id"], submittedOn: row["submitted_on"], department: row["department"],
                    status: row["status"], title: row["title"],
                    choices: ProposalColumns.decodeChoices(row["choices"]), hasAttachment: row["has_attachment"])
            }
        }
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
        try read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, submitted_on, department, status, title, title_key, texts, choices, routing_hint, has_attachment
                FROM proposal WHERE id = ?
                """, arguments: [id]).map { row in
                ProposalDetail(
                    summary: ProposalSummary(
                        id: row["id"], submittedOn: row["submitted_on"], department: row["department"],
                        status: row["status"], title: row["title"],
                        choices: ProposalColumns.decodeChoices(row["choices"]), hasAttachment: row["has_attachment"]),
                    titleKey: row["title_key"], texts: ProposalColumns.decodeTexts(row["texts"]),
                    routingHint: row["routing_hint"])
            }
        }
    }

    /// The number of stored proposals.
    public func proposalCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") ?? 0 }
    }
}

/// The JSON columns of a proposal row.
public struct ProposalColumns: Sendable {
    /// `proposal.texts`: `[{"field","label","text"}]`.
    public var texts: String
    /// `proposal.choices`: `[{"field","label","values"}]`.
    public var choices: String

    public init(_ submission: ProposalSubmission) {
        texts = Self.array(submission.texts, capacity: submission.texts.reduce(64) { $0 + $1.text.utf8.count + $1.key.utf8.count + 72 }) {
            [("field", JSONText.quote($0.field)), ("label", JSONText.quote($0.label)),
             ("text", JSONText.quote($0.text)), ("key", JSONText.quote($0.key))]
        }
        choices = Self.array(submission.choices, capacity: 128) {
            [("field", JSONText.quote($0.field)), ("label", JSONText.quote($0.label)), ("values", JSONText.array($0.values))]
        }
    }

    /// A JSON array of objects built in one growing string (map-and-join would allocate several
    /// strings per field); `members` gives each object's keys and already-encoded values.
    private static func array<T>(_ items: [T], capacity: Int, members: (T) -> [(String, String)]) -> String {
        var out = "["
        out.reserveCapacity(capacity)
        for (index, item) in items.enumerated() {
            out += index == 0 ? "{" : ",{"
            for (position, (key, value)) in members(item).enumerated() {
                out += position == 0 ? "\"" : ",\""
                out += key
                out += "\":"
                out += value
            }
            out += "}"
        }
        out += "]"
        return out
    }

    static func decodeTexts(_ text: String?) -> [ProposalSubmission.TextField] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ProposalSubmission.TextField].self, from: data)) ?? []
    }

    static func decodeChoices(_ text: String?) -> [ProposalSubmission.ChoiceField] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ProposalSubmission.ChoiceField].self, from: data)) ?? []
    }
}

import Foundation
