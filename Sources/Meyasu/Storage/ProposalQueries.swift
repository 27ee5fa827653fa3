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
                    choices: ChoicesColumn.decode(row["choices"]), hasAttachment: row["has_attachment"])
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

    /// The number of stored proposals.
    public func proposalCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") ?? 0 }
    }
}

/// The `proposal.choices` column: a JSON list of `{field, label, values}`.
enum ChoicesColumn {
    static func decode(_ text: String?) -> [ProposalSubmission.ChoiceField] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ProposalSubmission.ChoiceField].self, from: data)) ?? []
    }
}

import Foundation
